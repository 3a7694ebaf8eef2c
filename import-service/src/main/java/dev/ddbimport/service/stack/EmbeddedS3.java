package dev.ddbimport.service.stack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * An S3-compatible endpoint (s3proxy) serving a local folder: each sub-folder is a bucket and each
 * file below it an object, however it got there (files copied in by hand get their ETag when first
 * listed or read: {@link HandPlacedObjectETags}). Requests are checked with AWS Signature V4 (or V2)
 * against fixed local credentials, which guard nothing and may be printed. Clients need path-style
 * addressing.
 */
public final class EmbeddedS3 implements AutoCloseable {

    /** The local demo access key id: not a secret. */
    public static final String ACCESS_KEY_ID = "ddbimport";
    /** The local demo secret access key: not a secret, it only satisfies the request signing. */
    public static final String SECRET_ACCESS_KEY = "ddbimport-local";

    private static final String HOST = "127.0.0.1";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final Path root;
    private boolean closed;

    private EmbeddedS3(S3Proxy proxy, URI endpoint, Path root) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.root = root;
    }

    /** Serves {@code root} (created if missing) on {@code port}. */
    public static EmbeddedS3 start(Path root, int port) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create the S3 folder " + root + ": " + e, e);
        }
        Properties props = new Properties();
        props.setProperty("jclouds.filesystem.basedir", root.toString());
        URI endpoint = URI.create("http://" + HOST + ":" + port);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new HandPlacedObjectETags(BlobStores.create("filesystem", props), root))
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY)
                .build();
        try {
            proxy.start(); // returns once its HTTP server listens
        } catch (Exception e) {
            throw new IllegalStateException("The S3 endpoint did not start on " + endpoint + ": " + e, e);
        }
        return new EmbeddedS3(proxy, endpoint, root);
    }

    /** {@code http://127.0.0.1:port}, for an S3 client's endpoint override (with path-style access). */
    public URI endpoint() {
        return endpoint;
    }

    /** The folder served: {@code root/<bucket>/<key>}. */
    public Path root() {
        return root;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The S3 endpoint on " + endpoint + " did not stop cleanly: " + e, e);
        }
    }
}
