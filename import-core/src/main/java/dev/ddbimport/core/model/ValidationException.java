package dev.ddbimport.core.model;

/**
 * A request DynamoDB would refuse, with DynamoDB's own message (which names the offending member).
 * Thrown once per request, before anything is created.
 */
public final class ValidationException extends RuntimeException {

    public ValidationException(String message) {
        super(message);
    }
}
