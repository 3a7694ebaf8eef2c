package dev.ddbimport.sink;

import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Decides what a failed BatchWriteItem call means: try again later, one of its items is bad, or
 * nothing this task can do will help. The only place that looks at DynamoDB error codes.
 */
public final class ErrorClassifier {

    /** What to do about a failed call. */
    public enum ErrorClass {
        /** Transient: throttling, 5xx, timeouts, broken connections. Retry with backoff. */
        RETRIABLE,
        /** The request's content was refused: isolate the item(s) and dead-letter them. */
        BAD_ITEM,
        /** Credentials, permissions, a missing table, anything unknown: fail the task. */
        FATAL
    }

    private static final Set<String> THROTTLING = Set.of(
            "ProvisionedThroughputExceededException",
            "ThrottlingException",
            "Throttling",
            "RequestLimitExceeded",
            "TooManyRequestsException");

    private static final Set<String> TRANSIENT = Set.of(
            "InternalServerError",
            "InternalFailure",
            "ServiceUnavailable",
            "ServiceUnavailableException",
            // control-plane concurrency limit; clears by itself
            "LimitExceededException");

    private static final Set<String> BAD_ITEM = Set.of(
            "ValidationException",
            "SerializationException",
            "ItemCollectionSizeLimitExceededException",
            "RequestEntityTooLarge");

    private ErrorClassifier() {}

    /** The class of {@code error} (a CompletionException's cause is looked at). */
    public static ErrorClass classify(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof AwsServiceException aws) {
            String code = errorCode(aws);
            if (THROTTLING.contains(code) || TRANSIENT.contains(code) || aws.isThrottlingException()) {
                return ErrorClass.RETRIABLE;
            }
            if (BAD_ITEM.contains(code) || aws.statusCode() == 413) {
                return ErrorClass.BAD_ITEM;
            }
            if (aws.statusCode() >= 500) {
                return ErrorClass.RETRIABLE;
            }
            return ErrorClass.FATAL;
        }
        if (e instanceof SdkClientException) {
            // timeouts, refused or reset connections; a persistent cause ends in retry.max.attempts
            return ErrorClass.RETRIABLE;
        }
        return ErrorClass.FATAL;
    }

    /** True for DynamoDB's throttling answers (counted apart from other retriable errors). */
    public static boolean isThrottling(Throwable error) {
        Throwable e = unwrap(error);
        return e instanceof AwsServiceException aws
                && (THROTTLING.contains(errorCode(aws)) || aws.isThrottlingException());
    }

    /** DynamoDB's error code and message, or the exception's own text when there is none. */
    public static String describe(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String message = aws.awsErrorDetails().errorMessage();
            return errorCode(aws) + " (HTTP " + aws.statusCode() + "): " + (message == null ? "" : message);
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** DynamoDB's own message for a refused item, as it would appear in AWS's import error log. */
    public static String message(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String message = aws.awsErrorDetails().errorMessage();
            if (message != null && !message.isEmpty()) {
                return message;
            }
        }
        return describe(e);
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String errorCode(AwsServiceException aws) {
        if (aws.awsErrorDetails() == null || aws.awsErrorDetails().errorCode() == null) {
            return "";
        }
        return aws.awsErrorDetails().errorCode();
    }
}
