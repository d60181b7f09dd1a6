package dev.leti.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.leti.model.LanguageModel;
import dev.leti.model.ModelOptions;
import dev.leti.model.TestModels;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.net.URLClassLoader;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @Test
    void aSavedModelLoadsBackBitForBit(@TempDir Path work) throws Exception {
        Path directory = work.resolve("checkpoint");
        try (LanguageModel original = TestModels.random(TestModels.small(), 9)) {
            original.save(directory);
            try (LanguageModel loaded = LanguageModel.load(directory.toString(), ModelOptions.cpu())) {
                assertThat(loaded.config()).isEqualTo(original.config());
                assertThat(loaded.weights().keySet()).containsExactlyElementsOf(original.weights().keySet());
                original.weights().forEach((name, array) ->
                        assertThat(loaded.weights().get(name).toFloatArray()).as(name).isEqualTo(array.toFloatArray()));
            }
        }
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json");
        }
    }

    @Test
    void hugginFaceParameterNamesAreUsed(@TempDir Path work) throws Exception {
        try (LanguageModel model = TestModels.random(TestModels.tied(), 1)) {
            assertThat(model.weights().keySet()).startsWith("model.embed_tokens.weight",
                    "model.layers.0.input_layernorm.weight", "model.layers.0.self_attn.q_proj.weight",
                    "model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.v_proj.weight",
                    "model.layers.0.self_attn.o_proj.weight", "model.layers.0.post_attention_layernorm.weight",
                    "model.layers.0.mlp.gate_proj.weight", "model.layers.0.mlp.up_proj.weight",
                    "model.layers.0.mlp.down_proj.weight").endsWith("model.norm.weight")
                    .doesNotContain("lm_head.weight");
        }
        try (LanguageModel untied = TestModels.random(TestModels.small(), 1)) {
            assertThat(untied.weights()).containsKey("lm_head.weight");
            assertThat(untied.weights().get("model.layers.1.self_attn.k_proj.weight").getShape()).isEqualTo(new Shape(16, 32));
        }
    }

    @Test
    void aCheckpointIsNeverOverwritten(@TempDir Path work) throws Exception {
        Path directory = work.resolve("checkpoint");
        try (LanguageModel model = TestModels.random(TestModels.tied(), 2)) {
            model.save(directory);
            byte[] weights = Files.readAllBytes(directory.resolve(Checkpoints.WEIGHTS_FILE));
            assertThatThrownBy(() -> model.save(directory)).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(Files.readAllBytes(directory.resolve(Checkpoints.WEIGHTS_FILE))).isEqualTo(weights);
        }
    }

    @Test
    void aFailedWriteLeavesNothingBehind(@TempDir Path work) {
        Path directory = work.resolve("checkpoint");
        assertThatThrownBy(() -> Checkpoints.publish(directory, staging -> {
            Files.writeString(staging.resolve("config.json"), "{}");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(directory).doesNotExist();
        assertThat(work.toFile().list()).isEmpty();
    }

    @Test
    void aBuiltInCheckpointLoadsFromTheClasspath(@TempDir Path work) throws Exception {
        Path root = work.resolve("classes");
        Path directory = root.resolve(Checkpoints.BUILTIN_ROOT + "probe");
        try (LanguageModel model = TestModels.random(TestModels.small(), 4)) {
            model.save(directory);
            ClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
            CheckpointSource source = new Checkpoints.ClasspathSource(loader, Checkpoints.BUILTIN_ROOT + "probe/");
            try (LanguageModel loaded = LanguageModel.load(source, ModelOptions.cpu())) {
                assertThat(loaded.weights().get("lm_head.weight").toFloatArray())
                        .isEqualTo(model.weights().get("lm_head.weight").toFloatArray());
            }
        }
        assertThat(Checkpoints.resolve("builtin:leti-tiny").describe()).isEqualTo("classpath:dev/leti/model/builtin/leti-tiny/");
        assertThatThrownBy(() -> Checkpoints.resolve("builtin:../secrets")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void halfPrecisionTensorsAreReadAsFloat32(@TempDir Path work) throws Exception {
        Path file = work.resolve("half.safetensors");
        float[] values = {1f, -2.5f, 0.125f, 3072f};
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            tensors.put("f16", manager.create(values, new Shape(2, 2)).toType(DataType.FLOAT16, false));
            SafeTensors.write(file, tensors, Map.of());
            Map<String, NDArray> read = SafeTensors.read(file, manager);
            assertThat(read.get("f16").getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(read.get("f16").getShape()).isEqualTo(new Shape(2, 2));
            assertThat(read.get("f16").toFloatArray()).containsExactly(values);

            Path bf16 = work.resolve("bf16.safetensors");
            Files.write(bf16, bfloat16File("w", values));
            try (var in = Files.newInputStream(bf16)) {
                assertThat(SafeTensors.read(in, manager, "stream").get("w").toFloatArray()).containsExactly(values);
            }
            assertThat(SafeTensors.read(bf16, manager).get("w").toFloatArray()).containsExactly(values);
        }
    }

    /** A safetensors file as another tool writes it: one bfloat16 tensor (values exact in bfloat16). */
    private static byte[] bfloat16File(String name, float[] values) {
        String header = "{\"" + name + "\":{\"dtype\":\"BF16\",\"shape\":[" + values.length + "],\"data_offsets\":[0,"
                + values.length * 2 + "]}}";
        ByteBuffer file = ByteBuffer.allocate(8 + header.length() + values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float value : values) {
            file.putShort((short) (Float.floatToIntBits(value) >>> 16));
        }
        return file.array();
    }

    @Test
    void weightsThatDoNotFitTheConfigAreRejected(@TempDir Path work) throws Exception {
        Path directory = work.resolve("checkpoint");
        try (LanguageModel model = TestModels.random(TestModels.small(), 4)) {
            model.save(directory);
        }
        String config = Files.readString(directory.resolve("config.json")).replace("\"intermediate_size\" : 64", "\"intermediate_size\" : 65");
        Files.writeString(directory.resolve("config.json"), config);
        assertThatThrownBy(() -> LanguageModel.load(directory.toString(), ModelOptions.cpu()))
                .hasMessageContaining("mlp.gate_proj.weight has shape (64, 32), config.json implies (65, 32)");
    }
}
