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
    void roundTripsQwen2AndLlama3Layouts() {
        for (ModelConfig config : new ModelConfig[] {TestModels.qwen2(), TestModels.llamaScaledWithBias()}) {
            assertThat(ModelConfig.fromJson(config.toJson())).isEqualTo(config);
        }
        assertThat(TestModels.qwen2().toJson()).contains("\"Qwen2ForCausalLM\"", "\"qwen2\"");
    }

    @Test
    void readsARealQwen25Config() {
        String json = """
                {"architectures": ["Qwen2ForCausalLM"], "model_type": "qwen2", "vocab_size": 151936,
                 "hidden_size": 896, "num_hidden_layers": 24, "num_attention_heads": 14, "num_key_value_heads": 2,
                 "intermediate_size": 4864, "max_position_embeddings": 32768, "rope_theta": 1000000.0,
                 "rms_norm_eps": 1e-06, "hidden_act": "silu", "tie_word_embeddings": true, "torch_dtype": "bfloat16",
                 "use_sliding_window": false, "sliding_window": 32768, "max_window_layers": 21,
                 "bos_token_id": 151643, "eos_token_id": 151643, "rope_scaling": null}
                """;
        ModelConfig config = ModelConfig.fromJson(json);
        assertThat(config.family()).isEqualTo(ModelConfig.Family.QWEN2);
        assertThat(config.qkvBias()).isTrue();
        assertThat(config.outputBias()).isFalse();
        assertThat(config.storage()).isEqualTo(ModelConfig.Storage.BFLOAT16);
        assertThat(config.parameterCount()).as("Qwen2.5-0.5B").isEqualTo(494_032_768L);
    }

    @Test
    void readsARealLlama32Config() {
        String json = """
                {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 128256,
                 "hidden_size": 2048, "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8,
                 "head_dim": 64, "intermediate_size": 8192, "max_position_embeddings": 131072,
                 "rope_theta": 500000.0, "rms_norm_eps": 1e-05, "hidden_act": "silu", "attention_bias": false,
                 "mlp_bias": false, "tie_word_embeddings": true, "torch_dtype": "bfloat16",
                 "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0,
                                  "original_max_position_embeddings": 8192, "rope_type": "llama3"}}
                """;
        ModelConfig config = ModelConfig.fromJson(json);
        assertThat(config.ropeScaling()).isEqualTo(new ModelConfig.RopeScaling(32.0, 1.0, 4.0, 8192));
        assertThat(config.parameterCount()).as("Llama-3.2-1B").isEqualTo(1_235_814_400L);
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
                .hasMessageContaining("model_type 'gpt2' is not supported, only 'llama' and 'qwen2'");
        assertThatThrownBy(() -> ModelConfig.fromJson("""
                {"vocab_size": 10, "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2,
                 "intermediate_size": 8, "max_position_embeddings": 8, "rope_scaling": {"type": "linear"}}"""))
                .hasMessageContaining("rope_scaling.rope_type 'linear'");
        assertThatThrownBy(() -> ModelConfig.fromJson("""
                {"model_type": "llama", "mlp_bias": true}""")).hasMessageContaining("mlp_bias");
        assertThatThrownBy(() -> ModelConfig.fromJson("""
                {"vocab_size": 10, "hidden_size": 8, "num_hidden_layers": 1, "num_attention_heads": 2,
                 "intermediate_size": 8, "max_position_embeddings": 8, "torch_dtype": "int8"}"""))
                .hasMessageContaining("torch_dtype 'int8'");
        assertThatThrownBy(() -> ModelConfig.fromJson("{not json")).hasMessageContaining("config.json is not valid JSON");
        assertThatThrownBy(() -> new ModelConfig(10, 8, 1, 3, 1, 8, 8, 1e4, 1e-6, true))
                .hasMessageContaining("not a multiple of numHeads");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"hidden_size\": 8}")).hasMessageContaining("num_attention_heads");
    }
}
