package dev.ddbimport.source;

import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what S3 refused into a task failure whose message starts with S3's error code (NoSuchBucket,
 * AccessDenied, NoSuchKey, ...), which the control plane maps to the import's FailureCode. A 412 on a
 * GET with If-Match means the object changed after it was listed.
 */
final class S3Failures {

    /** Message prefix of the failure raised when an object no longer has its listed ETag. */
    static final String OBJECT_MODIFIED = "ObjectModifiedInS3DuringImport";

    private S3Failures() {}

    static ConnectException toConnectException(RuntimeException e, String what) {
        if (e instanceof AwsServiceException s) {
            String code =
                    s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            if (code == null || code.isEmpty()) {
                code = "HTTP" + s.statusCode();
            }
            return new ConnectException(
                    code + ": S3 refused " + what + " (HTTP " + s.statusCode() + "): " + detail(s) + "; "
                            + advice(code),
                    e);
        }
        if (e instanceof SdkException) {
            return new ConnectException(
                    "S3Unreachable: " + what + " failed after retries: " + e.getMessage()
                            + "; check the endpoint, network and credentials",
                    e);
        }
        return new ConnectException("S3 call failed while " + what + ": " + e, e);
    }

    static ConnectException objectModified(String bucket, String key, String etag, RuntimeException cause) {
        return new ConnectException(
                OBJECT_MODIFIED + ": s3://" + bucket + "/" + key
                        + " no longer has the ETag " + etag + " it had when the import listed it; it was overwritten or"
                        + " changed during the import. Restore it or start a new import.",
                cause);
    }

    static boolean isPreconditionFailed(RuntimeException e) {
        return e instanceof AwsServiceException s && s.statusCode() == 412;
    }

    private static String detail(AwsServiceException s) {
        return s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null
                ? s.awsErrorDetails().errorMessage()
                : String.valueOf(s.getMessage());
    }

    private static String advice(String code) {
        return switch (code) {
            case "NoSuchBucket" -> "check s3.bucket and s3.region";
            case "AccessDenied" ->
                "grant s3:ListBucket and s3:GetObject on the bucket to the connector's"
                        + " credentials, and check s3.expected.bucket.owner";
            case "NoSuchKey" -> "the object was deleted after it was listed; restore it or start a new import";
            default -> "see S3's error code for the cause";
        };
    }
}
