package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.pipeline.ItemRecordHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One record of an import's errors topic, whichever stage wrote it. Every stage writes error record
 * JSON (docs/dead-letters.md); the context headers tell Kafka Streams' handlers ({@code
 * __streams.errors.*}) and Connect's dead letter queue ({@code __connect.errors.*}) from the
 * topology's own. Records written by earlier versions are read too: Kafka Streams' and Connect's raw
 * value (the chunk or item) with those headers, the item record's own headers giving its S3 pointer.
 *
 * @param source {@code import} (the topology), {@code streams} (Kafka Streams' handlers), {@code connect}
 *     (the sink, through Connect's dead letter queue) or {@code unknown}
 * @param itemIndex the record's 0-based index in its object, -1 when unknown
 */
record DeadLetter(
        String key,
        long itemIndex,
        String bucket,
        String errorCode,
        List<String> errorMessages,
        String stage,
        String source,
        String rawRecord) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String STREAMS = "__streams.errors.";
    private static final String CONNECT = "__connect.errors.";
    private static final int RAW_SHOWN = 512;

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        Headers headers = record.headers();
        String source = hasPrefix(headers, CONNECT) ? "connect" : hasPrefix(headers, STREAMS) ? "streams" : "import";
        // every stage writes error record JSON now; the headers only say which stage it was
        DeadLetter json = fromErrorRecord(record.value(), source);
        if (json != null) {
            return json;
        }
        // shapes written by earlier versions: the raw item or chunk, described by the context headers
        if (source.equals("connect")) {
            return foreign(record, source, CONNECT + "exception.class.name", CONNECT + "exception.message");
        }
        if (source.equals("streams")) {
            return foreign(record, source, STREAMS + "exception", STREAMS + "message");
        }
        return new DeadLetter(
                text(record.key()),
                -1,
                null,
                "UnknownRecord",
                List.of("not an error record"),
                null,
                "unknown",
                raw(record.value()));
    }

    /** The dead letter in an error record JSON value, or null when the value is not one. */
    private static DeadLetter fromErrorRecord(byte[] value, String source) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode json = MAPPER.readTree(value);
            if (json == null || !json.has("itemS3Pointer")) {
                return null;
            }
            JsonNode pointer = json.get("itemS3Pointer");
            List<String> messages = new ArrayList<>();
            json.path("errorMessages").forEach(m -> messages.add(m.asText()));
            return new DeadLetter(
                    pointer.path("key").asText(null),
                    pointer.path("itemIndex").asLong(-1),
                    pointer.path("bucket").asText(null),
                    json.path("errorCode").asText(null),
                    messages,
                    json.path("stage").asText(null),
                    source,
                    json.path("rawRecord").asText(null));
        } catch (java.io.IOException | RuntimeException notOurs) {
            return null; // shown as a record of another shape, never dropped
        }
    }

    private static DeadLetter foreign(
            ConsumerRecord<byte[], byte[]> record, String source, String exceptionHeader, String messageHeader) {
        Headers headers = record.headers();
        String exception = header(headers, exceptionHeader);
        String code = exception == null ? source + "Error" : exception.substring(exception.lastIndexOf('.') + 1);
        String message = header(headers, messageHeader);
        String index = header(headers, ItemRecordHeaders.ITEM_INDEX);
        String key = header(headers, ItemRecordHeaders.OBJECT_KEY);
        return new DeadLetter(
                key != null ? key : text(record.key()),
                index == null ? -1 : parseOr(index),
                header(headers, ItemRecordHeaders.BUCKET),
                code,
                message == null ? List.of() : List.of(message),
                source.equals("connect") ? "SINK" : "TRANSFORM",
                source,
                item(record.value()));
    }

    private static long parseOr(String number) {
        try {
            return Long.parseLong(number.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An item record's value, shown as the item when it decodes, else as text. */
    private static String item(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return ItemCodec.decode(value).toString();
        } catch (RuntimeException notAnItem) {
            return raw(value);
        }
    }

    private static String raw(byte[] value) {
        if (value == null) {
            return null;
        }
        String text = new String(value, 0, Math.min(value.length, RAW_SHOWN), StandardCharsets.UTF_8);
        return value.length > RAW_SHOWN ? text + "…" : text;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean hasPrefix(Headers headers, String prefix) {
        for (Header h : headers) {
            if (h.key().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** One JSON object, object key and itemIndex first (for {@code --json}, one a line). */
    ObjectNode json() {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("key", key);
        node.put("itemIndex", itemIndex);
        node.put("bucket", bucket);
        node.put("errorCode", errorCode);
        node.set("errorMessages", MAPPER.valueToTree(errorMessages));
        node.put("stage", stage);
        node.put("source", source);
        node.put("rawRecord", rawRecord);
        return node;
    }

    /** Two or three lines for people. */
    String pretty() {
        StringBuilder text = new StringBuilder();
        text.append(key == null ? "(no object key)" : key);
        text.append(itemIndex >= 0 ? " #" + itemIndex : " #?");
        text.append("  ").append(errorCode);
        if (!source.equals("import")) {
            text.append("  (").append(source).append(" dead letter)");
        }
        text.append(System.lineSeparator());
        for (String m : errorMessages) {
            text.append("    ").append(m).append(System.lineSeparator());
        }
        if (rawRecord != null) {
            text.append("    record: ")
                    .append(rawRecord.replace("\r", "\\r").replace("\n", "\\n"))
                    .append(System.lineSeparator());
        }
        return text.toString();
    }
}
