package dev.ddbimport.source;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** A scripted S3 for task tests: objects by key, GETs that can break mid-stream or fail with a code. */
final class FakeS3 implements S3Client {

    final Map<String, byte[]> objects = new HashMap<>();
    final Map<String, String> etags = new HashMap<>();
    /** key → bytes after which the next GET's stream throws (once). */
    final Map<String, Integer> breakAfter = new HashMap<>();
    /** key → S3 error (status, code) every GET of it fails with. */
    final Map<String, Object[]> failures = new HashMap<>();

    int gets;

    void put(String key, byte[] bytes) {
        objects.put(key, bytes);
        etags.put(key, "\"etag-" + key + "\"");
    }

    ListedObject listed(String key) {
        return new ListedObject(key, objects.get(key).length, etags.get(key));
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
        gets++;
        String key = request.key();
        if (failures.containsKey(key)) {
            Object[] f = failures.get(key);
            throw (S3Exception) S3Exception.builder()
                    .statusCode((Integer) f[0])
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode((String) f[1])
                            .errorMessage("scripted " + f[1])
                            .build())
                    .build();
        }
        if (!etags.get(key).equals(request.ifMatch())) {
            throw (S3Exception) S3Exception.builder()
                    .statusCode(412)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode("PreconditionFailed")
                            .build())
                    .build();
        }
        InputStream in = new ByteArrayInputStream(objects.get(key));
        Integer limit = breakAfter.remove(key);
        if (limit != null) {
            in = new BreakingStream(in, limit);
        }
        return new ResponseInputStream<>(
                GetObjectResponse.builder().eTag(etags.get(key)).build(), AbortableInputStream.create(in));
    }

    @Override
    public String serviceName() {
        return "s3";
    }

    @Override
    public void close() {}

    /** Throws a connection reset after {@code limit} bytes. */
    private static final class BreakingStream extends FilterInputStream {
        private int left;

        BreakingStream(InputStream in, int limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int available() {
            return 0; // as a network stream: readers must not expect more without blocking
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                throw new IOException("Connection reset (scripted)");
            }
            left--;
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException("Connection reset (scripted)");
            }
            int n = super.read(b, off, Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
