package dev.ddbimport.service.imports;

/**
 * A request DynamoDB would refuse with one of its named errors (anything but a ValidationException,
 * which import-core's {@link dev.ddbimport.core.model.ValidationException} carries). The endpoint
 * turns it into DynamoDB's error shape: {@code __type} from {@link #type()}, {@code message} from
 * the message, HTTP status from {@link #status()}.
 */
public final class ApiError extends RuntimeException {

    private final String type;
    private final int status;

    public ApiError(String type, int status, String message) {
        super(message);
        this.type = type;
        this.status = status;
    }

    /** A client error (HTTP 400), the status DynamoDB uses for every error a client can fix. */
    public static ApiError client(String type, String message) {
        return new ApiError(type, 400, message);
    }

    public static ApiError resourceInUse(String message) {
        return client("ResourceInUseException", message);
    }

    public static ApiError importConflict() {
        return client(
                "ImportConflictException", "Import conflict: Duplicate request detected with conflicting parameters");
    }

    public static ApiError importNotFound(String importArn) {
        return client("ImportNotFoundException", "Import not found: " + importArn);
    }

    public static ApiError limitExceeded(String message) {
        return client("LimitExceededException", message);
    }

    /** The error's name as DynamoDB spells it, e.g. {@code ResourceInUseException}. */
    public String type() {
        return type;
    }

    /** The HTTP status DynamoDB answers this error with. */
    public int status() {
        return status;
    }
}
