package dev.ddbimport.source;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** An in-process S3-compatible server (s3proxy) backed by a folder, for tests. */
final class S3TestServer implements AutoCloseable {

    static final String ACCESS_KEY = "test-access";
    static final String SECRET_KEY = "test-secret";

    private final S3Proxy proxy;
    private final S3Client client;

    private S3TestServer(S3Proxy proxy) {
        this.proxy = proxy;
        this.client = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    static S3TestServer start(Path dir) throws Exception {
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", dir.toString());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("filesystem", props))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.onSpinWait();
        }
        return new S3TestServer(proxy);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    S3Client client() {
        return client;
    }

    void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    void put(String bucket, String key, byte[] bytes) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    void put(String bucket, String key, Path file) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
    }

    /** The connector settings that reach this server. */
    java.util.Map<String, String> connectorProps() {
        return java.util.Map.of(
                S3ImportSourceConfig.S3_ENDPOINT_CONFIG,
                endpoint().toString(),
                S3ImportSourceConfig.S3_PATH_STYLE_CONFIG,
                "true",
                S3ImportSourceConfig.S3_REGION_CONFIG,
                "us-east-1",
                S3ImportSourceConfig.S3_ACCESS_KEY_ID_CONFIG,
                ACCESS_KEY,
                S3ImportSourceConfig.S3_SECRET_ACCESS_KEY_CONFIG,
                SECRET_KEY);
    }

    @Override
    public void close() {
        client.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("s3proxy did not stop", e);
        }
    }
}
