package dev.ddbimport.core.format;

import dev.ddbimport.core.RecordEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The items of the record being encoded, held until the whole record is known to be fine: each
 * item's key bytes and where its item record sits in the {@link FusedRecordWriter}'s buffer (the
 * items of one record are written one after the other, and a write never moves an earlier one).
 *
 * <p>Not thread-safe: one per encoder.
 */
final class PendingItems {

    private final List<byte[]> keys = new ArrayList<>();
    /** Per item: its record's start and end in the writer's buffer. */
    private int[] spans = new int[8];

    void add(byte[] keyBytes, int start, int end) {
        int at = keys.size() << 1;
        if (at + 2 > spans.length) {
            spans = Arrays.copyOf(spans, spans.length << 1);
        }
        spans[at] = start;
        spans[at + 1] = end;
        keys.add(keyBytes);
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    void clear() {
        keys.clear();
    }

    /** Hands every item to {@code out}, in record order, straight from the writer's buffer; then forgets them. */
    void emit(FusedRecordWriter writer, RecordEncoder.Output out) {
        byte[] buf = writer.buffer();
        for (int i = 0; i < keys.size(); i++) {
            int start = spans[i << 1];
            out.item(keys.get(i), buf, start, spans[(i << 1) + 1] - start);
        }
        keys.clear();
    }
}
