package dev.ddbimport.core.frame;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ddbimport.core.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Frames a whole input and describes each frame as one line of text, so tests can compare the whole
 * outcome at once. Every input is framed three times, with reads of any size, of 1 byte and of 7 bytes,
 * to prove that where the reads split the input changes nothing.
 */
final class FramingRun {

    final List<Frame> frames;
    final List<String> described;
    final long bytesRead;

    private FramingRun(List<Frame> frames, long bytesRead) {
        this.frames = frames;
        this.described = frames.stream().map(FramingRun::describe).toList();
        this.bytesRead = bytesRead;
    }

    static FramingRun frame(byte[] input, Function<InputStream, RecordFramer> framer) throws IOException {
        FramingRun whole = once(framer.apply(new ByteArrayInputStream(input)));
        for (int chunk : new int[] {1, 7}) {
            FramingRun split = once(framer.apply(new ChunkedInputStream(input, chunk)));
            assertEquals(whole.described, split.described, "reads of " + chunk + " bytes");
            if (!stoppedEarly(whole)) { // how far a stop at a too-large header got depends on the reads
                assertEquals(whole.bytesRead, split.bytesRead, "bytesRead with reads of " + chunk + " bytes");
            }
        }
        return whole;
    }

    private static boolean stoppedEarly(FramingRun run) {
        return !run.frames.isEmpty()
                && run.frames.get(run.frames.size() - 1) instanceof FrameError e
                && e.fatal()
                && e.code() == ErrorCode.RECORD_TOO_LARGE;
    }

    static FramingRun once(RecordFramer framer) throws IOException {
        List<Frame> frames = new ArrayList<>();
        try (framer) {
            for (Frame f = framer.next(); f != null; f = framer.next()) {
                frames.add(f);
            }
            assertNull(framer.next(), "next() after the end");
            return new FramingRun(frames, framer.bytesRead());
        }
    }

    /** {@code R<index>@<offset>:<bytes>}, {@code H@<offset>:<bytes>} or {@code E<index>@<offset>:<code>...}. */
    static String describe(Frame frame) {
        if (frame instanceof RawRecord r) {
            return "R" + r.itemIndex() + "@" + r.offset() + ":" + new String(r.bytes(), ISO_8859_1);
        }
        if (frame instanceof HeaderLine h) {
            return "H@" + h.offset() + ":" + new String(h.bytes(), ISO_8859_1);
        }
        FrameError e = (FrameError) frame;
        return "E" + e.itemIndex() + "@" + e.offset() + ":" + e.code() + (e.fatal() ? "!" : "") + ":"
                + new String(e.head(), ISO_8859_1);
    }

    /** Hands out at most {@code chunk} bytes per read. */
    static final class ChunkedInputStream extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;

        ChunkedInputStream(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
