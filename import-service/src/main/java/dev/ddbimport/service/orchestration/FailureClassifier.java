package dev.ddbimport.service.orchestration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps what went wrong to DescribeImport's FailureCode and a FailureMessage a person can act on.
 *
 * <ul>
 *   <li>HeadBucket 404 → {@code S3NoSuchBucket}, 403 → {@code S3AccessDenied}
 *   <li>a failed connector or task: its trace starts with a code (the source's failures begin with
 *       S3's error code or {@code ObjectModifiedInS3DuringImport}); see {@link #connectorFailure}
 *   <li>items refused → {@code ItemValidationError} with DynamoDB's message
 * </ul>
 */
final class FailureClassifier {

    static final String ITEM_VALIDATION_ERROR = "ItemValidationError";
    static final String ITEM_VALIDATION_MESSAGE =
            "Some of the items failed validation checks and were not imported. Please check CloudWatch error logs.";
    /** A stage failed in a way we have no DynamoDB code for. */
    static final String PIPELINE_FAILED = "ImportPipelineFailed";

    /** Codes at the start of a source failure message → FailureCode. Searched in this order. */
    private static final Map<String, String> SOURCE_CODES = new LinkedHashMap<>();

    static {
        SOURCE_CODES.put("ObjectModifiedInS3DuringImport", "ObjectModifiedInS3DuringImport");
        SOURCE_CODES.put("NoSuchBucket", "S3NoSuchBucket");
        SOURCE_CODES.put("AccessDenied", "S3AccessDenied");
        SOURCE_CODES.put("NoSuchKey", "S3NoSuchKey");
        SOURCE_CODES.put("S3Unreachable", "S3Unreachable");
        SOURCE_CODES.put("S3ReadFailed", "S3ReadFailed");
        SOURCE_CODES.put("Too many objects", "ObjectCountLimitExceeded");
    }

    private FailureClassifier() {}

    static Failure headBucket(String bucket, String owner, int status, String s3Code) {
        if (status == 404 || "NoSuchBucket".equals(s3Code)) {
            return new Failure(
                    "S3NoSuchBucket",
                    "The specified bucket does not exist: s3://" + bucket
                            + " (HeadBucket answered 404). Check S3BucketSource.S3Bucket and the S3 region, then"
                            + " start a new import.");
        }
        if (status == 403 || "AccessDenied".equals(s3Code)) {
            return new Failure(
                    "S3AccessDenied",
                    "Access denied to s3://" + bucket + " (HeadBucket answered 403). Grant s3:ListBucket and"
                            + " s3:GetObject on the bucket to the import service's credentials"
                            + (owner == null ? "" : " and check that account " + owner + " owns the bucket")
                            + ", then start a new import.");
        }
        String code = s3Code == null || s3Code.isEmpty() ? "HTTP" + status : s3Code;
        return new Failure(
                "S3" + code,
                "S3 refused HeadBucket on s3://" + bucket + " (HTTP " + status + ", " + code
                        + "); check the bucket and the service's S3 settings, then start a new import.");
    }

    /**
     * The failure of a connector or task from its Connect status trace: the code found at the start of
     * the failure message decides the FailureCode; the message is that line.
     *
     * @param connector which connector failed (for the message when nothing is recognised)
     */
    static Failure connectorFailure(String connector, String trace) {
        String text = trace == null ? "" : trace;
        for (String line : text.split("\n")) {
            String message = messageOf(line.strip());
            for (Map.Entry<String, String> known : SOURCE_CODES.entrySet()) {
                if (message.startsWith(known.getKey())) {
                    return new Failure(known.getValue(), message);
                }
            }
        }
        String first = text.isEmpty()
                ? "no trace"
                : messageOf(text.lines().findFirst().orElse("").strip());
        return new Failure(
                PIPELINE_FAILED,
                "Connector " + connector + " failed: " + first
                        + ". The import cannot finish; fix the cause and start a new import.");
    }

    /** Strips the exception class ({@code org.x.SomeException: message}, {@code Caused by: ...}). */
    private static String messageOf(String line) {
        String rest = line.startsWith("Caused by: ") ? line.substring("Caused by: ".length()) : line;
        int colon = rest.indexOf(": ");
        if (colon > 0 && looksLikeClassName(rest.substring(0, colon))) {
            return rest.substring(colon + 2);
        }
        return rest;
    }

    private static boolean looksLikeClassName(String s) {
        if (s.indexOf('.') < 0 || s.indexOf(' ') >= 0) {
            return false;
        }
        return s.endsWith("Exception") || s.endsWith("Error") || s.endsWith("Throwable");
    }

    /** Some records were refused (parse, validation or write errors): DynamoDB's outcome. */
    static Failure itemErrors() {
        return new Failure(ITEM_VALIDATION_ERROR, ITEM_VALIDATION_MESSAGE);
    }

    /**
     * Whole objects could not be read (corrupt compression, unterminated quote, ...): also
     * ItemValidationError, with the objects' error codes named, since the records after the failure
     * point of those objects were not imported.
     */
    static Failure objectErrors(long fatal, Map<String, Long> errorsByCode, String errorsTopic) {
        return new Failure(
                ITEM_VALIDATION_ERROR,
                ITEM_VALIDATION_MESSAGE + " " + fatal + " object(s) could not be read to their end (errors by code: "
                        + errorsByCode + "); every error record, with its object and itemIndex, is on Kafka topic "
                        + errorsTopic + ".");
    }
}
