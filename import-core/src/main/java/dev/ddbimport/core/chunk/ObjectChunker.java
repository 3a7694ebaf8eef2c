package dev.ddbimport.core.chunk;

import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.FrameError;
import dev.ddbimport.core.frame.HeaderLine;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.core.frame.RecordFramer;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs one object's frames into {@link Chunk}s of at most {@code chunkBytes} encoded bytes (a single
 * entry larger than that makes a chunk of its own). Holds one chunk plus one frame of look-ahead, which
 * is what lets it mark the final chunk without reading the object twice.
 *
 * <p>To resume an object, pass the itemIndex and chunk index to continue from: entries before {@code
 * resumeItemIndex} are read and dropped, and chunk numbering goes on from {@code resumeChunkIndex}.
 */
public final class ObjectChunker implements Closeable {

    private final RecordFramer framer;
    private final int chunkBytes;
    private final long resumeItemIndex;

    private int nextChunkIndex;
    private long nextItemIndex;
    private byte[] csvHeader;
    private Frame pending;
    private long pendingEnd; // bytes consumed once the pending frame is taken
    private boolean ended;
    private boolean lastSent;

    public ObjectChunker(RecordFramer framer, int chunkBytes, long resumeItemIndex, int resumeChunkIndex) {
        if (chunkBytes < ChunkCodec.emptySize() + 1) {
            throw new IllegalArgumentException("chunkBytes must be at least 2, got " + chunkBytes);
        }
        if (resumeItemIndex < 0 || resumeChunkIndex < 0) {
            throw new IllegalArgumentException(
                    "resume position must not be negative, got " + resumeItemIndex + "/" + resumeChunkIndex);
        }
        this.framer = framer;
        this.chunkBytes = chunkBytes;
        this.resumeItemIndex = resumeItemIndex;
        this.nextChunkIndex = resumeChunkIndex;
        this.nextItemIndex = resumeItemIndex;
    }

    /**
     * The next chunk, or null once the final chunk has been returned.
     *
     * @throws IOException when the stream fails for a reason other than decompression (retryable by
     *     resuming from the last chunk's position)
     */
    public Chunk next() throws IOException {
        if (lastSent) {
            return null;
        }
        List<Frame> entries = new ArrayList<>();
        int size = ChunkCodec.emptySize();
        long first = -1;
        long firstOffset = -1;
        long bytesAtEnd = framer.bytesRead();
        while (true) {
            if (pending == null && !ended) {
                fetch();
            }
            if (pending == null) {
                bytesAtEnd = framer.bytesRead();
                break;
            }
            int add = ChunkCodec.encodedSize(pending);
            if (!entries.isEmpty() && size + add > chunkBytes) {
                break;
            }
            if (entries.isEmpty()) {
                first = itemIndexOf(pending);
                firstOffset = pending.offset();
            }
            entries.add(pending);
            size += add;
            nextItemIndex = after(pending);
            bytesAtEnd = pendingEnd;
            pending = null;
        }
        boolean last = pending == null && ended;
        if (entries.isEmpty()) {
            first = nextItemIndex;
            firstOffset = bytesAtEnd;
        }
        lastSent = last;
        return new Chunk(
                nextChunkIndex++,
                first,
                firstOffset,
                ChunkCodec.encode(entries),
                entries.size(),
                nextItemIndex,
                bytesAtEnd,
                last,
                csvHeader);
    }

    @Override
    public void close() throws IOException {
        framer.close();
    }

    /** Reads the next frame to send into {@link #pending}, taking header lines and resume skips on the way. */
    private void fetch() throws IOException {
        Frame f;
        while ((f = framer.next()) != null) {
            if (f instanceof HeaderLine header) {
                csvHeader = header.bytes();
                continue;
            }
            if (itemIndexOf(f) < resumeItemIndex && !(f instanceof FrameError e && e.fatal())) {
                continue;
            }
            pending = f;
            pendingEnd = framer.bytesRead();
            return;
        }
        ended = true;
    }

    private static long itemIndexOf(Frame f) {
        return f instanceof RawRecord r ? r.itemIndex() : ((FrameError) f).itemIndex();
    }

    /** A fatal error takes no index (nothing follows it); records and per-record errors take one each. */
    private long after(Frame f) {
        if (f instanceof FrameError e && e.fatal()) {
            return Math.max(nextItemIndex, e.itemIndex());
        }
        return itemIndexOf(f) + 1;
    }
}
