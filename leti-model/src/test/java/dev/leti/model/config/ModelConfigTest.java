package dev.leti.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leti.model.TestModels;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

    @Test
    void roundTripsThroughHuggingFaceLlamaKeys() {
        ModelConfig config = TestModels.small();
        String json = config.toJson();
        assertThat(json).contains("\"num_hidden_layers\"", "\"num_key_value_heads\"", "\"LlamaForCausalLM\"");
        assertThat(ModelConfig.fromJson(json)).isEqualTo(config);
    }

    @Test
    void readsARealLlamaConfigWithDefaults() {
        String json = """
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 32000,
                 "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32,
                 "intermediate_size": 11008, "max_position_embeddings": 2048, "rms_norm_eps": 1e-06,
                 "hidden_act": "silu", "torch_dtype": "float16", "bos_token_id": 1, "eos_token_id": 2}
                """;
        ModelConfig config = ModelConfig.fromJson(json);
        assertThat(config.numKvHeads()).isEqualTo(32);
        assertThat(config.ropeTheta()).isEqualTo(10000.0);
        assertThat(config.tieWordEmbeddings()).isFalse();
        assertThat(config.parameterCount()).isEqualTo(6_738_415_616L);
    }

    @Test
    void rejectsWhatTheModelCannotRun() {
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"model_type\": \"gpt2\"}"))
                .hasMessageContaining("model_type 'gpt2'");
        assertThatThrownBy(() -> ModelConfig.fromJson("""
                {"vocab_size": 10, "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2,
                 "intermediate_size": 8, "max_position_embeddings": 8, "rope_scaling": {"type": "linear"}}"""))
                .hasMessageContaining("rope_scaling");
        assertThatThrownBy(() -> new ModelConfig(10, 8, 1, 3, 1, 8, 8, 1e4, 1e-6, true))
                .hasMessageContaining("not a multiple of numHeads");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"hidden_size\": 8}")).hasMessageContaining("num_attention_heads");
    }
}
