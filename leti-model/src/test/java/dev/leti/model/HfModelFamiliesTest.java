package dev.leti.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.leti.model.HfFixtures.Fixture;
import dev.leti.model.checkpoint.Checkpoints;
import dev.leti.model.checkpoint.SafeTensors;
import dev.leti.model.config.ModelConfig;
import dev.leti.model.config.ModelJson;
import dev.leti.model.sampling.GenerationInput;
import dev.leti.model.sampling.GenerationResult;
import dev.leti.model.sampling.Sampler;
import dev.leti.model.sampling.SamplingOptions;
import dev.leti.model.tokenizer.SpecialToken;
import dev.leti.model.training.LearningRateSchedule;
import dev.leti.model.training.TrainingBatch;
import dev.leti.model.training.TrainingOptions;
import dev.leti.model.training.TrainingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A Qwen2-shaped and a Llama-3-shaped Hugging Face checkpoint (bf16, two or more shards, a BPE
 * {@code tokenizer.json} with merges and no LeTI tokens) load, gain the LeTI tokens, match an
 * independent PyTorch reference, sample, fine-tune, and round-trip through save and load.
 */
class HfModelFamiliesTest {

    private static final double TOLERANCE = 1e-4;
    private static final String PROGRAM = "def add_3(numbers):\n    return sum(n for n in numbers)\n";

    interface Maker {
        Fixture make(Path directory) throws IOException;
    }

    static Stream<Arguments> families() {
        return Stream.of(Arguments.of("qwen2", (Maker) HfFixtures::qwen2), Arguments.of("llama3", (Maker) HfFixtures::llama3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void loadsGainsTheLetiTokensAndRoundTrips(String family, Maker maker, @TempDir Path work) throws Exception {
        Fixture fixture = maker.make(work.resolve("original"));
        assertThat(Checkpoints.weightFiles(Checkpoints.directory(fixture.directory()))).hasSizeGreaterThan(1);

        Path saved = work.resolve("saved");
        int[] tokens;
        float[] loadedLogits;
        int[] start = family.equals("llama3")
                ? new int[] {HfFixtures.addedTokenId(Files.readString(fixture.directory().resolve("tokenizer.json")),
                        "<|begin_of_text|>")}
                : new int[0];
        try (LanguageModel model = LanguageModel.load(fixture.directory().toString(), ModelOptions.cpu())) {
            int[] added = model.tokenizer().addedTokenIds();
            assertThat(added).as("good, bad, the feedback brackets and a padding token distinct from end-of-text")
                    .hasSize(5);
            assertThat(Arrays.stream(added).min().getAsInt()).isGreaterThanOrEqualTo(fixture.tokenizerIds());
            assertThat(model.tokenizer().id(SpecialToken.END_OF_TEXT)).isLessThan(fixture.tokenizerIds());
            assertThat(model.tokenizer().stopIds()).hasSize(2);
            // Llama 3 begins every sequence with <|begin_of_text|> (its post-processor); Qwen2 with nothing.
            assertThat(model.tokenizer().sequenceStart()).containsExactly(start);
            assertThat(model.config().vocabSize())
                    .isEqualTo(Math.max(fixture.config().vocabSize(), Arrays.stream(added).max().getAsInt() + 1));
            assertThat(model.config().family()).isEqualTo(fixture.config().family());
            assertThat(model.tokenizer().encode(PROGRAM).length).as("BPE merges make code denser than bytes")
                    .isLessThan(PROGRAM.length() * 2 / 3);

            float[] mean = originalMeanEmbedding(fixture);
            try (NDArray embedding = model.weights().get("model.embed_tokens.weight").duplicate()) {
                for (int id : added) {
                    assertThat(PythonTorch.maxDifference(embedding.get(id).toFloatArray(), mean))
                            .as("the row of added id " + id + " is the mean of the checkpoint's rows").isLessThan(1e-6);
                }
            }
            tokens = model.tokenizer().encodeWithSpecialTokens("<|good|>" + PROGRAM);
            loadedLogits = logits(model, tokens);
            model.writeTo(Files.createDirectories(saved), HfFixtures.SHARD_BYTES);
        }

        assertThat(ModelJson.mapper().readTree(Files.readString(saved.resolve(ModelConfig.FILE_NAME))).path("torch_dtype")
                .asString()).isEqualTo("bfloat16");
        assertThat(saved.resolve(Checkpoints.WEIGHTS_INDEX_FILE)).exists();
        try (LanguageModel reloaded = LanguageModel.load(saved.toString(), ModelOptions.cpu())) {
            assertThat(reloaded.tokenizer().addedTokenIds()).as("the saved tokenizer has the LeTI tokens").isEmpty();
            assertThat(reloaded.tokenizer().sequenceStart()).as("and its beginning of sequence").containsExactly(start);
            assertThat(reloaded.tokenizer().encodeWithSpecialTokens("<|good|>" + PROGRAM)).isEqualTo(tokens);
            float[] reloadedLogits = logits(reloaded, tokens);
            assertThat(PythonTorch.maxDifference(reloadedLogits, loadedLogits)).as("bf16 storage rounds only the added mean rows")
                    .isLessThan(0.05);

            assumeThat(PythonTorch.available()).as("/usr/bin/python3 with torch").isTrue();
            float[] reference = pythonLogits(saved, tokens, work);
            assertThat(PythonTorch.maxDifference(reloadedLogits, reference)).as("saved checkpoint vs PyTorch").isLessThan(TOLERANCE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void matchesPyTorchOnTheOriginalCheckpoint(String family, Maker maker, @TempDir Path work) throws Exception {
        assumeThat(PythonTorch.available()).as("/usr/bin/python3 with torch").isTrue();
        Fixture fixture = maker.make(work.resolve("original"));
        try (LanguageModel model = LanguageModel.load(fixture.directory().toString(), ModelOptions.cpu())) {
            int[] tokens = model.tokenizer().encode(PROGRAM + "assert add_3([1, 2]) == 3\n");
            float[] ours = logits(model, tokens);
            float[] reference = pythonLogits(fixture.directory(), tokens, work);
            int ourVocab = model.config().vocabSize();
            int theirVocab = fixture.config().vocabSize();
            int[] added = model.tokenizer().addedTokenIds();
            double worst = 0;
            for (int id = 0; id < theirVocab; id++) {
                final int column = id;
                if (Arrays.stream(added).noneMatch(a -> a == column)) {
                    worst = Math.max(worst, PythonTorch.maxDifference(column(ours, ourVocab, id), column(reference, theirVocab, id)));
                }
            }
            System.out.printf("%s fixture vs PyTorch: max abs logit difference %.3g over %d positions%n", family, worst,
                    tokens.length);
            assertThat(worst).as("max abs logit difference, " + family).isLessThan(TOLERANCE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void samplesAndFineTunes(String family, Maker maker, @TempDir Path work) throws Exception {
        Fixture fixture = maker.make(work.resolve("original"));
        try (LanguageModel model = LanguageModel.load(fixture.directory().toString(), ModelOptions.cpu())) {
            int[] prompt = model.tokenizer().encodePrompt(SpecialToken.GOOD.text(), "\"\"\"\nWrite a function.\n\"\"\"\n");
            List<GenerationResult> results = new Sampler(model).generate(List.of(
                    new GenerationInput(prompt, new SamplingOptions(1.0, 0.95, 50, 12, List.of()), 3),
                    new GenerationInput(prompt, new SamplingOptions(0, 1, 0, 12, List.of()), 4)));
            assertThat(results).hasSize(2).allSatisfy(result -> assertThat(result.completionTokens()).isBetween(1, 12));

            List<int[]> sequences = new ArrayList<>();
            for (String text : List.of("<|good|>" + PROGRAM, "<|bad|><|lang_feedback|>NameError<|/lang_feedback|>" + PROGRAM)) {
                sequences.add(model.tokenizer().encodeWithSpecialTokens(text + "<|endoftext|>"));
            }
            TrainingBatch batch = TrainingBatch.of(sequences, model.tokenizer().id(SpecialToken.PAD), 128);
            TrainingOptions options = new TrainingOptions(1e-2, 0.01, 0, 10,
                    LearningRateSchedule.CONSTANT, 1.0);
            double first;
            double last;
            try (TrainingSession session = TrainingSession.start(model, options)) {
                first = session.step(batch).loss();
                double loss = first;
                for (int i = 0; i < 9; i++) {
                    loss = session.step(batch).loss();
                }
                last = loss;
            }
            assertThat(last).as(family + " loss falls").isLessThan(first * 0.8);
        }
    }

    private static float[] logits(LanguageModel model, int[] tokens) {
        return TestModels.logits(model, tokens, 1, tokens.length);
    }

    private static float[] pythonLogits(Path checkpoint, int[] tokens, Path work) throws Exception {
        Path request = work.resolve("request.json");
        Files.writeString(request, ModelJson.mapper().writeValueAsString(Map.of("tokens", List.of(tokens))));
        PythonTorch.run("llama_reference.py", checkpoint.toString(), request.toString(), work.resolve("ref").toString());
        return PythonTorch.readFloats(work.resolve("ref.before.bin"));
    }

    /** The logits of one token id at every position of a (1, T, vocab) result. */
    private static float[] column(float[] logits, int vocab, int id) {
        float[] out = new float[logits.length / vocab];
        for (int t = 0; t < out.length; t++) {
            out[t] = logits[t * vocab + id];
        }
        return out;
    }

    /** The mean of the embedding rows as the fixture stored them. */
    private static float[] originalMeanEmbedding(Fixture fixture) throws IOException {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (String file : Checkpoints.weightFiles(Checkpoints.directory(fixture.directory()))) {
                NDArray embedding = SafeTensors.read(fixture.directory().resolve(file), manager).get("model.embed_tokens.weight");
                if (embedding != null) {
                    return embedding.mean(new int[] {0}).toFloatArray();
                }
            }
        }
        throw new AssertionError("no embedding in " + fixture.directory());
    }

}
