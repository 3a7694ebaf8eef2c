package dev.ddbimport.core.compress;

import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read from the raw object, so errors can say how far into the compressed object
 * they happened, and remembers the last failure of the raw stream so it is not mistaken for corrupt
 * data.
 */
final class CountingInputStream extends InputStream {

    private final InputStream in;
    private long count;
    private IOException failure;
    private boolean closed;

    CountingInputStream(InputStream in) {
        this.in = in;
    }

    long count() {
        return count;
    }

    /** True when {@code e} (or one of its causes) was thrown by the raw stream. */
    boolean isRawFailure(Throwable e) {
        for (Throwable t = e; t != null && failure != null; t = t.getCause()) {
            if (t == failure) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        if (b >= 0) {
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        if (n > 0) {
            count += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            in.close();
        }
    }
}
