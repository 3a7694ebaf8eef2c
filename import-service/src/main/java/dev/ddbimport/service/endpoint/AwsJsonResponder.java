package dev.ddbimport.service.endpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.ddbimport.core.model.ModelJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Writes AWS JSON 1.0 answers the way DynamoDB does: {@code Content-Type:
 * application/x-amz-json-1.0}, an {@code x-amzn-RequestId}, and {@code x-amz-crc32} (the CRC32 of the
 * body, which AWS SDKs verify); errors as {@code {"__type": "<namespace>#<Name>", "message": …}}.
 */
final class AwsJsonResponder {

    static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    // Coral's own errors (signing, protocol) carry its namespace; DynamoDB's modelled errors carry DynamoDB's
    private static final Set<String> CORAL_SERVICE_ERRORS = Set.of(
            "UnrecognizedClientException",
            "InvalidSignatureException",
            "MissingAuthenticationTokenException",
            "IncompleteSignatureException",
            "SerializationException",
            "UnknownOperationException",
            "AccessDeniedException");
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AwsJsonResponder() {}

    static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", CONTENT_TYPE);
        headers.set("x-amzn-RequestId", newRequestId());
        headers.set("x-amz-crc32", Long.toString(crc32(body)));
        send(exchange, status, body);
    }

    static void sendError(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode error = ModelJson.mapper().createObjectNode();
        error.put("__type", qualifiedType(type));
        if (message != null) {
            error.put("message", message);
        }
        sendJson(exchange, status, ModelJson.write(error).getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    static String qualifiedType(String type) {
        if (type.equals("ValidationException")) {
            return "com.amazon.coral.validate#ValidationException";
        }
        if (CORAL_SERVICE_ERRORS.contains(type)) {
            return "com.amazon.coral.service#" + type;
        }
        return "com.amazonaws.dynamodb.v20120810#" + type;
    }

    static long crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return crc.getValue();
    }

    /** 52 upper-case letters and digits, the shape of DynamoDB's request ids. */
    static String newRequestId() {
        char[] id = new char[52];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length()));
        }
        return new String(id);
    }
}
