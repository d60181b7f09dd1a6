package dev.leti.spring.messaging;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.messaging.MessageType;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a message record as JSON and its logical type id into the {@value #TYPE_HEADER}
 * header. Raw bytes pass through untouched, so the same producer can forward an unreadable
 * record to its dead-letter topic exactly as it arrived.
 */
public class LetiMessageSerializer implements Serializer<Object> {

    /** Header carrying the logical type id ({@link MessageType#typeId()}). */
    public static final String TYPE_HEADER = "__TypeId__";

    @Override
    public byte[] serialize(String topic, Object data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        MessageType type = MessageType.byRecordClass(data.getClass()).orElseThrow(() ->
                new SerializationException("not a LeTI message: " + data.getClass().getName()));
        if (headers != null) {
            headers.remove(TYPE_HEADER);
            headers.add(TYPE_HEADER, type.typeId().getBytes(StandardCharsets.UTF_8));
        }
        return LetiJson.mapper().writeValueAsBytes(data);
    }
}
