package dev.ddbimport.service.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * A structure-valued option the AWS CLI way: JSON, {@code file://PATH} holding JSON, or the
 * shorthand {@code Name=value,Name=value} for flat structures.
 */
final class JsonArgument {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonArgument() {}

    static JsonNode read(String option, String value) throws IOException {
        String text = CliInputs.read(value).strip();
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                return MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                e.clearLocation();
                throw new InvalidJsonException(option, e);
            }
        }
        return shorthand(option, text);
    }

    private static ObjectNode shorthand(String option, String text) {
        ObjectNode node = MAPPER.createObjectNode();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new InvalidJsonException(
                        option, "expected JSON or Name=value,Name=value shorthand, got '" + text + "'");
            }
            node.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return node;
    }

    /** The value is neither valid JSON nor shorthand. */
    static final class InvalidJsonException extends IllegalArgumentException {
        InvalidJsonException(String option, JsonProcessingException cause) {
            super("Error parsing parameter '" + option + "': Invalid JSON: " + cause.getOriginalMessage(), cause);
        }

        InvalidJsonException(String option, String why) {
            super("Error parsing parameter '" + option + "': " + why);
        }
    }
}
