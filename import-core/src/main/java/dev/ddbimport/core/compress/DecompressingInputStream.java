package dev.ddbimport.core.compress;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Locale;

/**
 * The stream {@link Compression#decompress} hands out: opens the decoder on the first read after
 * checking the object's magic bytes, enforces the uncompressed size limit, and turns decoder failures
 * into {@link DecompressionException}s with both offsets. Failures of the raw stream pass through
 * unchanged so callers can retry them.
 */
final class DecompressingInputStream extends InputStream {

    private final Compression declared;
    private final CountingInputStream counting;
    private final long limit;
    private InputStream decoder;
    private long delivered;
    private DecompressionException failure;
    private boolean closed;
    private final byte[] one = new byte[1];

    DecompressingInputStream(Compression declared, InputStream raw, long limit) {
        this.declared = declared;
        this.counting = new CountingInputStream(raw);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("Read from a closed " + declared + " decompression stream");
        }
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        if (decoder == null) {
            decoder = open();
        }
        int n;
        do {
            n = decode(b, off, len);
        } while (n == 0);
        if (n > 0) {
            if (n > limit - delivered) {
                throw fail(DecompressionException.limitExceeded(declared, limit, counting.count(), delivered));
            }
            delivered += n;
        }
        return n;
    }

    private int decode(byte[] b, int off, int len) throws IOException {
        try {
            return decoder.read(b, off, len);
        } catch (CorruptDataException e) {
            throw fail(
                    e.truncated()
                            ? DecompressionException.truncated(
                                    declared, e.getMessage(), e.compressedOffset(), delivered, e)
                            : DecompressionException.corrupt(
                                    declared, e.getMessage(), e.compressedOffset(), delivered, e));
        } catch (IOException e) {
            if (counting.isRawFailure(e) || declared == Compression.NONE) {
                throw e;
            }
            // only the ZSTD library gets here; it says "truncated" when the input ends mid-frame
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw fail(
                    detail.toLowerCase(Locale.ROOT).contains("truncated")
                            ? DecompressionException.truncated(declared, detail, counting.count(), delivered, e)
                            : DecompressionException.corrupt(declared, detail, counting.count(), delivered, e));
        }
    }

    private InputStream open() throws IOException {
        byte[] head = new byte[Compression.SNIFF_BYTES];
        int len = 0;
        while (len < head.length) {
            int n = counting.read(head, len, head.length - len);
            if (n < 0) {
                break;
            }
            len += n;
        }
        if (len == 0) {
            return InputStream.nullInputStream(); // a zero-length object is valid and empty
        }
        Compression looks = Compression.sniff(head, len);
        if (looks != declared) {
            throw fail(DecompressionException.mismatch(declared, looks, head, len));
        }
        PushbackInputStream src = new PushbackInputStream(counting, head.length);
        src.unread(head, 0, len);
        return switch (declared) {
            case NONE -> src;
            case GZIP -> new GzipMembersInputStream(src);
            case ZSTD -> new ZstdInputStreamNoFinalizer(src);
        };
    }

    private DecompressionException fail(DecompressionException e) {
        failure = e;
        return e;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (decoder != null) {
                decoder.close();
            }
        } finally {
            counting.close(); // idempotent; covers the never-opened and empty cases
        }
    }
}
