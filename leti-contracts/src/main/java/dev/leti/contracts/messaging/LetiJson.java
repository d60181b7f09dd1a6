package dev.leti.contracts.messaging;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of the suite's messages and artifacts. Unknown properties are
 * ignored so that a consumer keeps reading a producer that added an optional field.
 */
public final class LetiJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private LetiJson() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }
}
