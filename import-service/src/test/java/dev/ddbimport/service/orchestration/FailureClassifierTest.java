package dev.ddbimport.service.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureClassifierTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ObjectModifiedInS3DuringImport: s3://b/k changed (ETag \"a\" listed, \"b\" read)|ObjectModifiedInS3DuringImport",
                "NoSuchBucket: s3://b is gone|S3NoSuchBucket",
                "AccessDenied: GetObject s3://b/k refused|S3AccessDenied",
                "NoSuchKey: s3://b/k was deleted after the listing|S3NoSuchKey",
                "S3Unreachable: http://s3 did not answer|S3Unreachable",
                "S3ReadFailed: s3://b/k broke off at byte 17|S3ReadFailed",
                "Too many objects under s3://b/p: more than 50000|ObjectCountLimitExceeded"
            })
    void shouldMapEveryKnownCodeAtTheStartOfTheFailureMessage(String message, String expectedCode) {
        String trace = "org.apache.kafka.connect.errors.ConnectException: " + message
                + "\n\tat dev.ddbimport.source.S3SourceTask.poll(S3SourceTask.java:120)";

        Failure f = FailureClassifier.connectorFailure("ddbimport-x-source", trace);

        assertEquals(expectedCode, f.code());
        assertEquals(message, f.message());
    }

    @Test
    void shouldFindTheCodeInACausedByLine() {
        String trace = "org.apache.kafka.connect.errors.ConnectException: task stopped\n"
                + "\tat org.apache.kafka.connect.runtime.WorkerTask.run(WorkerTask.java:1)\n"
                + "Caused by: dev.ddbimport.source.ObjectChangedException: ObjectModifiedInS3DuringImport: s3://b/k"
                + " changed\n"
                + "\tat dev.ddbimport.source.S3ObjectReader.open(S3ObjectReader.java:2)";

        Failure f = FailureClassifier.connectorFailure("ddbimport-x-source", trace);

        assertEquals("ObjectModifiedInS3DuringImport", f.code());
        assertEquals("ObjectModifiedInS3DuringImport: s3://b/k changed", f.message());
    }

    @Test
    void shouldMapAMessageWithoutAnExceptionClass() {
        Failure f = FailureClassifier.connectorFailure("c", "NoSuchKey: s3://b/k");

        assertEquals("S3NoSuchKey", f.code());
        assertEquals("NoSuchKey: s3://b/k", f.message());
    }

    @Test
    void shouldReportAnUnknownFailureAsImportPipelineFailedWithItsMessage() {
        String trace = "java.lang.IllegalStateException: the disk is full\n\tat x.Y.z(Y.java:1)";

        Failure f = FailureClassifier.connectorFailure("ddbimport-x-sink", trace);

        assertEquals(FailureClassifier.PIPELINE_FAILED, f.code());
        assertEquals("ImportPipelineFailed", f.code());
        assertEquals(
                "Connector ddbimport-x-sink failed: the disk is full. The import cannot finish; fix the cause and"
                        + " start a new import.",
                f.message());
    }

    @Test
    void shouldNotTakeACodeInTheMiddleOfAMessage() {
        Failure f = FailureClassifier.connectorFailure("c", "java.lang.RuntimeException: saw NoSuchBucket once");

        assertEquals("ImportPipelineFailed", f.code());
        assertTrue(f.message().contains("saw NoSuchBucket once"), f.message());
    }

    @Test
    void shouldReportAMissingTraceAsImportPipelineFailed() {
        Failure f = FailureClassifier.connectorFailure("c", null);

        assertEquals("ImportPipelineFailed", f.code());
        assertEquals(
                "Connector c failed: no trace. The import cannot finish; fix the cause and start a new import.",
                f.message());
    }

    @Test
    void shouldMapHeadBucket404ToS3NoSuchBucket() {
        Failure f = FailureClassifier.headBucket("imports", null, 404, null);

        assertEquals("S3NoSuchBucket", f.code());
        assertEquals(
                "The specified bucket does not exist: s3://imports (HeadBucket answered 404). Check"
                        + " S3BucketSource.S3Bucket and the S3 region, then start a new import.",
                f.message());
    }

    @Test
    void shouldMapHeadBucket403ToS3AccessDeniedNamingTheOwner() {
        Failure withOwner = FailureClassifier.headBucket("imports", "111122223333", 403, "AccessDenied");
        Failure withoutOwner = FailureClassifier.headBucket("imports", null, 403, null);

        assertEquals("S3AccessDenied", withOwner.code());
        assertEquals(
                "Access denied to s3://imports (HeadBucket answered 403). Grant s3:ListBucket and s3:GetObject on"
                        + " the bucket to the import service's credentials and check that account 111122223333 owns"
                        + " the bucket, then start a new import.",
                withOwner.message());
        assertEquals("S3AccessDenied", withoutOwner.code());
        assertTrue(!withoutOwner.message().contains("account"), withoutOwner.message());
    }

    @Test
    void shouldMapOtherHeadBucketAnswersToS3AndTheirCode() {
        Failure coded = FailureClassifier.headBucket("imports", null, 400, "InvalidBucketName");
        Failure bare = FailureClassifier.headBucket("imports", null, 301, null);

        assertEquals("S3InvalidBucketName", coded.code());
        assertEquals(
                "S3 refused HeadBucket on s3://imports (HTTP 400, InvalidBucketName); check the bucket and the"
                        + " service's S3 settings, then start a new import.",
                coded.message());
        assertEquals("S3HTTP301", bare.code());
    }

    @Test
    void shouldReportItemErrorsWithDynamoDbsMessage() {
        Failure f = FailureClassifier.itemErrors();

        assertEquals("ItemValidationError", f.code());
        assertEquals(
                "Some of the items failed validation checks and were not imported. Please check CloudWatch error"
                        + " logs.",
                f.message());
    }

    @Test
    void shouldNameUnreadableObjectsTheirCodesAndTheErrorsTopic() {
        Failure f = FailureClassifier.objectErrors(2, Map.of("CORRUPT_COMPRESSION", 2L), "ddbimport.x.errors");

        assertEquals("ItemValidationError", f.code());
        assertEquals(
                FailureClassifier.ITEM_VALIDATION_MESSAGE + " 2 object(s) could not be read to their end (errors by"
                        + " code: {CORRUPT_COMPRESSION=2}); every error record, with its object and itemIndex, is on"
                        + " Kafka topic ddbimport.x.errors.",
                f.message());
    }
}
