package dev.ddbimport.source;

import dev.ddbimport.core.chunk.Chunk;
import dev.ddbimport.core.chunk.ChunkCodec;
import dev.ddbimport.core.chunk.ObjectChunker;
import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.frame.FrameError;
import dev.ddbimport.core.frame.RecordFramer;
import dev.ddbimport.core.model.InputFormat;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Streams one listed object as chunks: GET with If-Match on the listed ETag, decompress, frame, pack.
 * Memory is bounded by the record limit plus one chunk, whatever the object's size. An object resumed
 * at {@code offset} is read again from its start and the records already sent are dropped.
 */
final class ObjectReader implements Closeable {

    private static final int READ_BUFFER = 256 * 1024;

    private final ResponseInputStream<GetObjectResponse> response;
    private final ObjectChunker chunker;
    private Chunk mismatch;

    private ObjectReader(ResponseInputStream<GetObjectResponse> response, ObjectChunker chunker, Chunk mismatch) {
        this.response = response;
        this.chunker = chunker;
        this.mismatch = mismatch;
    }

    /**
     * Opens {@code object} at {@code offset}.
     *
     * @throws org.apache.kafka.connect.errors.ConnectException when the object changed since it was
     *     listed ({@value S3Failures#OBJECT_MODIFIED}) or S3 refuses the GET (its error code first)
     */
    static ObjectReader open(
            S3Client s3, S3ImportSourceConfig config, ListedObject object, ObjectOffset offset, IoCounter counter)
            throws IOException {
        GetObjectRequest.Builder request = GetObjectRequest.builder()
                .bucket(config.bucket())
                .key(object.key())
                .ifMatch(object.etag());
        if (config.expectedBucketOwner() != null) {
            request.expectedBucketOwner(config.expectedBucketOwner());
        }
        ResponseInputStream<GetObjectResponse> response;
        try {
            response = s3.getObject(request.build());
        } catch (RuntimeException e) {
            if (S3Failures.isPreconditionFailed(e)) {
                throw S3Failures.objectModified(config.bucket(), object.key(), object.etag(), e);
            }
            throw S3Failures.toConnectException(e, "GET s3://" + config.bucket() + "/" + object.key());
        }
        BufferedInputStream raw = new BufferedInputStream(response, READ_BUFFER);
        if (config.compression() == Compression.NONE) {
            Compression looksLike = sniff(raw);
            if (looksLike != Compression.NONE) {
                return new ObjectReader(response, null, compressionMismatch(looksLike, offset));
            }
        }
        InputStream in = counter.count(config.compression().decompress(raw, config.maxUncompressedBytesPerObject()));
        RecordFramer framer = config.inputFormat() == InputFormat.CSV
                ? RecordFramer.csv(in, config.csvDelimiter(), config.csvHeaderLine(), config.recordMaxBytes())
                : RecordFramer.lines(in, config.recordMaxBytes());
        return new ObjectReader(
                response, new ObjectChunker(framer, config.chunkBytes(), offset.itemIndex(), offset.chunk()), null);
    }

    /** The next chunk, null after the last. */
    Chunk next() throws IOException {
        if (mismatch != null) {
            Chunk c = mismatch;
            mismatch = null;
            return c;
        }
        return chunker == null ? null : chunker.next();
    }

    @Override
    public void close() {
        // abort rather than drain: an object left half-read must not be downloaded to its end
        response.abort();
        try {
            response.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is dropped either way
        }
    }

    private static Compression sniff(BufferedInputStream in) throws IOException {
        byte[] head = new byte[Compression.SNIFF_BYTES];
        in.mark(head.length);
        int n = in.readNBytes(head, 0, head.length);
        in.reset();
        return Compression.sniff(head, n);
    }

    /** The whole object as one fatal marker: its bytes are compressed but the import says NONE. */
    private static Chunk compressionMismatch(Compression looksLike, ObjectOffset offset) {
        String message = "Object looks " + looksLike + "-compressed but InputCompressionType is NONE;"
                + " import it with InputCompressionType " + looksLike;
        FrameError error = new FrameError(0, 0, -1, ErrorCode.COMPRESSION_MISMATCH, message, new byte[0], true);
        return new Chunk(offset.chunk(), 0, 0, ChunkCodec.encode(List.of(error)), 1, 0, 0, true, null);
    }
}
