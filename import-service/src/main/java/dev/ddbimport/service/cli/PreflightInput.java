package dev.ddbimport.service.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One input of a preflight: a local file or an S3 object, named as its error records will name it
 * (the path, or the object key) and opened when its turn comes.
 */
record PreflightInput(String key, long size, Opener opener) {

    /** Opens the input's bytes as stored (still compressed). */
    interface Opener {
        InputStream open() throws IOException;
    }

    InputStream open() throws IOException {
        return opener.open();
    }

    static List<PreflightInput> files(List<Path> files) throws IOException {
        List<PreflightInput> inputs = new ArrayList<>();
        for (Path file : files) {
            inputs.add(new PreflightInput(file.toString(), Files.size(file), () -> Files.newInputStream(file)));
        }
        return inputs;
    }

    /**
     * Every object under {@code s3://bucket/prefix}, in key order as an import lists them.
     *
     * @throws IllegalArgumentException the URI is not {@code s3://bucket[/prefix]}
     */
    static List<PreflightInput> objects(S3Client s3, URI location) {
        String bucket = location.getHost();
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("'" + location + "' is not s3://bucket/prefix");
        }
        String path = location.getPath() == null ? "" : location.getPath();
        String prefix = path.startsWith("/") ? path.substring(1) : path;
        List<PreflightInput> inputs = new ArrayList<>();
        for (S3Object o :
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            if (o.key().endsWith("/") && o.size() == 0) {
                continue; // a folder marker, not data
            }
            inputs.add(new PreflightInput(
                    o.key(), o.size(), () -> s3.getObject(b -> b.bucket(bucket).key(o.key()))));
        }
        return inputs;
    }
}
