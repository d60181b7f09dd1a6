package dev.leti.spring.messaging;

import dev.leti.contracts.messaging.LetiJson;
import dev.leti.contracts.messaging.MessageType;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a message record: the type comes from the logical type id header when present,
 * otherwise from the topic (each topic carries one message type). Only the suite's own
 * record classes are ever instantiated. A record that is not valid JSON, names an unknown
 * type or breaks a record's invariants raises an exception; wrapped in Spring Kafka's
 * {@code ErrorHandlingDeserializer} that sends the record to its dead-letter topic.
 */
public class LetiMessageDeserializer implements Deserializer<Object> {

    @Override
    public Object deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public Object deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        MessageType type = resolve(topic, headers);
        try {
            return LetiJson.mapper().readValue(data, type.recordClass());
        } catch (RuntimeException e) {
            throw new SerializationException("unreadable " + type.typeId() + " on " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    private static MessageType resolve(String topic, Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(LetiMessageSerializer.TYPE_HEADER);
        if (header != null) {
            String typeId = new String(header.value(), StandardCharsets.UTF_8);
            return MessageType.byTypeId(typeId).orElseThrow(() ->
                    new SerializationException("unknown message type id '" + typeId + "' on " + topic));
        }
        return MessageType.byTopic(topic).orElseThrow(() ->
                new SerializationException("no type id header and no message type for topic " + topic));
    }
}
