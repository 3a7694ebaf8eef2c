package dev.ddbimport.service.cli;

/** The service answered a call with an error; the message reads as the AWS CLI's. */
final class AwsCallException extends RuntimeException {

    private final String errorCode;
    private final int httpStatus;

    AwsCallException(String operation, String errorCode, String message, int httpStatus) {
        super("An error occurred (" + errorCode + ") when calling the " + operation + " operation: " + message);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    String errorCode() {
        return errorCode;
    }

    /** True for errors that mean the request itself is wrong (fix it, don't retry). */
    boolean isValidation() {
        return errorCode.equals("ValidationException") || errorCode.equals("SerializationException");
    }

    int httpStatus() {
        return httpStatus;
    }
}
