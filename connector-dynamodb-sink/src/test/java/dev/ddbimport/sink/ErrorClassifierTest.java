package dev.ddbimport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbimport.sink.ErrorClassifier.ErrorClass;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

class ErrorClassifierTest {

    @ParameterizedTest(name = "{0} (HTTP {1}) is {2}")
    @CsvSource({
        "ProvisionedThroughputExceededException, 400, RETRIABLE, true",
        "ThrottlingException, 400, RETRIABLE, true",
        "RequestLimitExceeded, 400, RETRIABLE, true",
        "TooManyRequestsException, 429, RETRIABLE, true",
        "InternalServerError, 500, RETRIABLE, false",
        "ServiceUnavailable, 503, RETRIABLE, false",
        "SomethingNew, 502, RETRIABLE, false",
        "LimitExceededException, 400, RETRIABLE, false",
        "ValidationException, 400, BAD_ITEM, false",
        "ItemCollectionSizeLimitExceededException, 400, BAD_ITEM, false",
        "SerializationException, 400, BAD_ITEM, false",
        "RequestEntityTooLarge, 413, BAD_ITEM, false",
        "ResourceNotFoundException, 400, FATAL, false",
        "AccessDeniedException, 400, FATAL, false",
        "UnrecognizedClientException, 400, FATAL, false",
        "InvalidSignatureException, 400, FATAL, false",
        "ExpiredTokenException, 400, FATAL, false",
        "MissingAuthenticationTokenException, 403, FATAL, false",
        "SomethingElse, 400, FATAL, false"
    })
    void shouldClassifyDynamoDbErrorCodes(String code, int status, ErrorClass expected, boolean throttling) {
        DynamoDbException e = FakeDynamoDb.error(DynamoDbException.builder(), status, code, "message of " + code);

        assertEquals(expected, ErrorClassifier.classify(e));
        assertEquals(
                expected, ErrorClassifier.classify(new CompletionException(e)), "the async wrapper is looked through");
        assertEquals(throttling, ErrorClassifier.isThrottling(e));
    }

    @Test
    void shouldRetryTimeoutsAndBrokenConnections() {
        assertEquals(ErrorClass.RETRIABLE, ErrorClassifier.classify(ApiCallAttemptTimeoutException.create(30_000)));
        assertEquals(ErrorClass.RETRIABLE, ErrorClassifier.classify(ApiCallTimeoutException.create(30_000)));
        assertEquals(
                ErrorClass.RETRIABLE,
                ErrorClassifier.classify(new CompletionException(SdkClientException.create(
                        "Unable to execute HTTP request", new IOException("Connection reset")))));
    }

    @Test
    void shouldFailOnAnythingThatIsNotAnSdkError() {
        assertEquals(ErrorClass.FATAL, ErrorClassifier.classify(new IllegalStateException("bug")));
        assertEquals(ErrorClass.FATAL, ErrorClassifier.classify(new CompletionException(new NullPointerException())));
    }

    @Test
    void shouldDescribeAnErrorWithItsCodeStatusAndMessage() {
        DynamoDbException e =
                FakeDynamoDb.error(DynamoDbException.builder(), 400, "ValidationException", "Item size too large");

        assertEquals("ValidationException (HTTP 400): Item size too large", ErrorClassifier.describe(e));
        assertEquals("Item size too large", ErrorClassifier.message(new CompletionException(e)));
        assertEquals("IllegalStateException: bug", ErrorClassifier.describe(new IllegalStateException("bug")));
    }
}
