package dev.leti.model.config;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of the model library's files ({@code config.json}, {@code tokenizer.json},
 * safetensors headers, training state). Unknown properties are ignored: Hugging Face files carry
 * many the library does not read.
 */
public final class ModelJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ModelJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
