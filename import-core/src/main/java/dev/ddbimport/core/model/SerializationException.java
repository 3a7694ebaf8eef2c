package dev.ddbimport.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/**
 * The request body is not JSON of the expected shape (DynamoDB answers such bodies with a
 * SerializationException rather than a ValidationException).
 */
public final class SerializationException extends RuntimeException {

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }

    static SerializationException reading(Class<?> type, IOException e) {
        String detail = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return new SerializationException(
                "Cannot read " + type.getSimpleName() + " from JSON: " + detail
                        + "; send a JSON object with the AWS member names (e.g. \"TableName\")",
                e);
    }
}
