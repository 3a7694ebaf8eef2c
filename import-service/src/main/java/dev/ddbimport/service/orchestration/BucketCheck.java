package dev.ddbimport.service.orchestration;

import dev.ddbimport.core.model.S3BucketSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * HeadBucket before anything is created: a missing or forbidden bucket fails the import at once, with
 * no topics and no table, as DynamoDB does.
 */
final class BucketCheck {

    private final S3Client s3;

    BucketCheck(S3Client s3) {
        this.s3 = s3;
    }

    /**
     * @return the failure, or null when the bucket is there and readable
     * @throws software.amazon.awssdk.core.exception.SdkClientException when S3 cannot be reached (retry)
     */
    Failure check(S3BucketSource source) {
        String bucket = source.s3Bucket();
        try {
            s3.headBucket(b -> {
                b.bucket(bucket);
                if (source.s3BucketOwner() != null) {
                    b.expectedBucketOwner(source.s3BucketOwner());
                }
            });
            return null;
        } catch (AwsServiceException e) {
            return FailureClassifier.headBucket(bucket, source.s3BucketOwner(), e.statusCode(), errorCode(e));
        }
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
