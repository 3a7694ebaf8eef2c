package dev.ddbimport.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists an import's objects once: ListObjectsV2 over the raw prefix (no delimiter, so {@code data}
 * also matches {@code data2/x}), every page, in S3's key order. Fails fast past the object limit.
 */
public final class ObjectLister {

    private final S3Client s3;
    private final String bucket;
    private final String expectedBucketOwner;
    private final int pageSize;

    public ObjectLister(S3Client s3, String bucket, String expectedBucketOwner) {
        this(s3, bucket, expectedBucketOwner, 1000);
    }

    ObjectLister(S3Client s3, String bucket, String expectedBucketOwner, int pageSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.expectedBucketOwner = expectedBucketOwner;
        this.pageSize = pageSize;
    }

    /**
     * The objects under {@code prefix}, in listing order.
     *
     * @throws ConnectException when more than {@code maxObjects} match, or S3 refuses (message starts
     *     with the S3 error code)
     */
    public List<ListedObject> list(String prefix, int maxObjects) {
        List<ListedObject> objects = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request =
                    ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(pageSize);
            if (token != null) {
                request.continuationToken(token);
            }
            if (expectedBucketOwner != null) {
                request.expectedBucketOwner(expectedBucketOwner);
            }
            ListObjectsV2Response page;
            try {
                page = s3.listObjectsV2(request.build());
            } catch (RuntimeException e) {
                throw S3Failures.toConnectException(e, "listing s3://" + bucket + "/" + prefix);
            }
            for (S3Object o : page.contents()) {
                if (objects.size() == maxObjects) {
                    throw new ConnectException("Too many objects: more than " + maxObjects + " objects match s3://"
                            + bucket + "/" + prefix + " (the import's object limit is " + maxObjects
                            + "); narrow the prefix or raise " + S3ImportSourceConfig.OBJECTS_MAX_CONFIG);
                }
                objects.add(new ListedObject(o.key(), o.size() == null ? 0 : o.size(), o.eTag()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return objects;
    }
}
