package dev.ddbimport.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.LongAdder;

/** Counts uncompressed bytes read for the task's metrics. */
final class IoCounter {

    private final LongAdder bytes;

    IoCounter(LongAdder bytes) {
        this.bytes = bytes;
    }

    InputStream count(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    bytes.add(n);
                }
                return n;
            }
        };
    }
}
