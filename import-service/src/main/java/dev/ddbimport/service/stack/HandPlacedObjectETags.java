package dev.ddbimport.service.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.stream.Stream;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * Gives files copied into the S3 folder by hand the ETag an upload would have had. s3proxy's folder
 * store keeps each object's MD5 in an extended attribute written on upload, and lists a file without
 * one with no ETag at all, which the source connector (pinning each object by its ETag) cannot read.
 * Before a listing, a HEAD or a GET, every file it will touch that lacks the attribute gets it; a file
 * stamped here and changed since (size or modification time) is stamped again.
 */
final class HandPlacedObjectETags extends ForwardingBlobStore {

    // the attribute s3proxy itself reads and writes (16 MD5 bytes)
    private static final String CONTENT_MD5 = "user.content-md5";
    // ours: "size:mtime-millis" of the file when we stamped it
    private static final String STAMPED = "user.ddbimport-stamped";

    private final Path root;

    HandPlacedObjectETags(BlobStore delegate, Path root) {
        super(delegate);
        this.root = root;
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        stampUnder(request.bucket(), request.prefix() == null ? "" : request.prefix());
        return super.list(request);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
        stampObject(request.bucket(), request.key());
        return super.blobMetadata(request);
    }

    @Override
    public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
        stampObject(request.bucket(), request.key());
        return super.getBlob(request);
    }

    private void stampUnder(String bucket, String prefix) {
        Path bucketDir = resolve(bucket, "");
        if (bucketDir == null) {
            return;
        }
        // walk from the deepest folder the prefix names, then keep the keys that start with it
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0
                ? bucketDir
                : bucketDir.resolve(prefix.substring(0, slash)).normalize();
        if (!start.startsWith(bucketDir) || !Files.isDirectory(start)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(start)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(f -> key(bucketDir, f).startsWith(prefix))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + start + " for S3: " + e.getMessage(), e);
        }
        files.forEach(HandPlacedObjectETags::stamp);
    }

    private void stampObject(String bucket, String key) {
        Path file = resolve(bucket, key);
        if (file != null && Files.isRegularFile(file)) {
            stamp(file);
        }
    }

    /** The file or folder for {@code bucket}/{@code key}, or null when the names would leave the root. */
    private Path resolve(String bucket, String key) {
        if (bucket == null || bucket.isEmpty() || key == null) {
            return null;
        }
        Path path = root.resolve(bucket).resolve(key).normalize();
        return path.startsWith(root.resolve(bucket).normalize()) ? path : null;
    }

    private static String key(Path bucketDir, Path file) {
        return bucketDir
                .relativize(file)
                .toString()
                .replace(file.getFileSystem().getSeparator(), "/");
    }

    private static void stamp(Path file) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        if (view == null) {
            return; // no extended attributes on this file system: nothing s3proxy could read either
        }
        try {
            List<String> names = view.list();
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            String current = attrs.size() + ":" + attrs.lastModifiedTime().toMillis();
            if (names.contains(CONTENT_MD5) && (!names.contains(STAMPED) || current.equals(read(view, STAMPED)))) {
                return; // uploaded through S3, or stamped here and unchanged since
            }
            view.write(CONTENT_MD5, ByteBuffer.wrap(md5(file)));
            view.write(STAMPED, ByteBuffer.wrap(current.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot give " + file + " its S3 ETag: " + e.getMessage(), e);
        }
    }

    private static String read(UserDefinedFileAttributeView view, String name) throws IOException {
        ByteBuffer value = ByteBuffer.allocate(view.size(name));
        view.read(name, value);
        return new String(value.array(), 0, value.position(), StandardCharsets.US_ASCII);
    }

    private static byte[] md5(Path file) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no MD5, which S3 ETags need", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return md5.digest();
    }
}
