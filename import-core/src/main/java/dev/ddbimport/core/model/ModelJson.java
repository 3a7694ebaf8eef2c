package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one JSON mapping for the model: AWS member names come from the records' annotations, null
 * members are left out, and unknown members are ignored because newer SDKs and CLIs send members
 * this version does not know yet (DynamoDB itself accepts them too); ignoring them keeps such
 * clients working, at the price of not echoing those members back.
 */
public final class ModelJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private ModelJson() {}

    /** The shared, configured mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads one model object; malformed JSON or a wrongly typed member is a {@link SerializationException}. */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw SerializationException.reading(type, e);
        }
    }

    /** Reads one model object; malformed JSON or a wrongly typed member is a {@link SerializationException}. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw SerializationException.reading(type, e);
        }
    }

    /** Writes a model object as compact JSON with AWS member names and without null members. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // only a programming error (an unmappable type) gets here: model records always map
            throw new IllegalStateException("Cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }
}
