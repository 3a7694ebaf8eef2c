package dev.ddbimport.transform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * The repartition record's value: the valid items of one chunk that go to one last-write-wins
 * partition. One record per (chunk, partition) instead of one per item is what keeps the repartition
 * cheap: Kafka's cost is per record, and an item is small.
 *
 * <pre>
 *   version (1 byte, = 1)
 *   varint bucketLength    | bucket (UTF-8)       the items' source bucket
 *   varint objectKeyLength | objectKey (UTF-8)    the items' source object (a chunk is one object's)
 *   varint count
 *   count × ( varint itemIndex | varint subIndex | varint keyLength | key | varint itemLength | item )
 * </pre>
 *
 * Varints are unsigned LEB128 (7 bits a byte, low group first). Key and item bytes are {@code
 * ItemCodec.keyBytes} and {@code ItemCodec.encode}, as on the items topic.
 */
final class ItemBatchCodec {

    static final byte VERSION = 1;

    private ItemBatchCodec() {}

    /** One item of a batch, with its place in the source. */
    record BatchItem(byte[] key, byte[] item, long itemIndex, int subIndex) {}

    /** A decoded batch: the source of its items and the items in the order they were added. */
    record ItemBatch(byte[] bucket, byte[] objectKey, List<BatchItem> items) {}

    /**
     * The repartition partition of an item key: what Kafka's default partitioner gives the key alone,
     * so every version of a key reaches the same last-write-wins task whatever batch carries it.
     */
    static int partition(byte[] keyBytes, int partitions) {
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    /** Collects one batch; reusable after {@link #finish}. */
    static final class Writer {
        private byte[] buf = new byte[1024];
        private int size;
        private int count;
        private int countAt;

        /** Starts a batch of items from {@code objectKey} in {@code bucket}. */
        void start(byte[] bucket, byte[] objectKey) {
            size = 0;
            count = 0;
            ensure(1 + 2 * 5 + bucket.length + objectKey.length);
            buf[size++] = VERSION;
            putBytes(bucket);
            putBytes(objectKey);
            countAt = size; // the count is written in finish, when it is known
        }

        void add(byte[] key, byte[] item, long itemIndex, int subIndex) {
            add(key, item, 0, item.length, itemIndex, subIndex);
        }

        /** Adds the item whose bytes are {@code item[offset, offset + length)}. */
        void add(byte[] key, byte[] item, int offset, int length, long itemIndex, int subIndex) {
            ensure(10 + 5 + 2 * 5 + key.length + length);
            putVarLong(itemIndex);
            putVarLong(subIndex);
            putBytes(key);
            putBytes(item, offset, length);
            count++;
        }

        int count() {
            return count;
        }

        /** Bytes written so far (the count's varint aside). */
        int size() {
            return size;
        }

        /** The encoded batch (a new array). */
        byte[] finish() {
            byte[] countBytes = new byte[5];
            int n = writeVarLong(countBytes, 0, count);
            byte[] out = new byte[size + n];
            System.arraycopy(buf, 0, out, 0, countAt);
            System.arraycopy(countBytes, 0, out, countAt, n);
            System.arraycopy(buf, countAt, out, countAt + n, size - countAt);
            return out;
        }

        private void putBytes(byte[] b) {
            putBytes(b, 0, b.length);
        }

        private void putBytes(byte[] b, int offset, int length) {
            putVarLong(length);
            System.arraycopy(b, offset, buf, size, length);
            size += length;
        }

        private void putVarLong(long v) {
            size = writeVarLong(buf, size, v);
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }
    }

    /** Encodes one batch (tests, tools); the splitter reuses a {@link Writer}. */
    static byte[] encode(byte[] bucket, byte[] objectKey, List<BatchItem> items) {
        Writer w = new Writer();
        w.start(bucket, objectKey);
        for (BatchItem i : items) {
            w.add(i.key(), i.item(), i.itemIndex(), i.subIndex());
        }
        return w.finish();
    }

    /**
     * Decodes a whole batch before any of it is used, so a corrupt batch fails before anything of it
     * is forwarded.
     *
     * @throws IllegalArgumentException when {@code value} is not a batch of this version (only the
     *     splitter writes these records, so this is a bug, left to Kafka Streams' processing exception
     *     handler, which dead-letters the record)
     */
    static ItemBatch decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw corrupt("it is empty", 0);
        }
        if (value[0] != VERSION) {
            throw new IllegalArgumentException("item batch has version " + value[0] + ", this transform reads version "
                    + VERSION + ": the repartition topic holds records of another ddbimport version or not written"
                    + " by the chunk splitter");
        }
        Reader r = new Reader(value, 1);
        byte[] bucket = r.bytes("bucket");
        byte[] objectKey = r.bytes("object key");
        long count = r.varLong("item count");
        // every item takes at least 4 bytes: a bound that stops a corrupt count from sizing the list
        if (count > (value.length - r.pos) / 4) {
            throw corrupt("it claims " + count + " items in " + (value.length - r.pos) + " bytes", r.pos);
        }
        List<BatchItem> items = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long itemIndex = r.varLong("itemIndex");
            long subIndex = r.varLong("subIndex");
            if (subIndex > Integer.MAX_VALUE) {
                throw corrupt("subIndex " + subIndex + " is out of range", r.pos);
            }
            items.add(new BatchItem(r.bytes("key"), r.bytes("item"), itemIndex, (int) subIndex));
        }
        if (r.pos != value.length) {
            throw corrupt((value.length - r.pos) + " bytes follow the last item", r.pos);
        }
        return new ItemBatch(bucket, objectKey, items);
    }

    private static int writeVarLong(byte[] out, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    private static IllegalArgumentException corrupt(String why, int at) {
        return new IllegalArgumentException("corrupt item batch at byte " + at + ": " + why
                + "; only the chunk splitter writes the repartition topic");
    }

    private static final class Reader {
        private final byte[] a;
        private int pos;

        Reader(byte[] a, int pos) {
            this.a = a;
            this.pos = pos;
        }

        long varLong(String what) {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= a.length) {
                    throw corrupt("it ends inside the " + what, pos);
                }
                byte b = a[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    if (v < 0) {
                        throw corrupt("the " + what + " is negative", pos);
                    }
                    return v;
                }
            }
            throw corrupt("the " + what + " is longer than a varint can be", pos);
        }

        byte[] bytes(String what) {
            long n = varLong(what + " length");
            if (n > a.length - pos) {
                throw corrupt("the " + what + " claims " + n + " bytes, " + (a.length - pos) + " are left", pos);
            }
            byte[] out = Arrays.copyOfRange(a, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }
    }
}
