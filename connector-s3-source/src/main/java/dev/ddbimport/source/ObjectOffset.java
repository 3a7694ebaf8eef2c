package dev.ddbimport.source;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * How far one object has been sent: the source offset of every chunk record.
 *
 * @param itemIndex the itemIndex of the object's next record to send
 * @param bytes uncompressed bytes of the object consumed so far (all of them once done)
 * @param chunk the next chunk index
 * @param done true once the object's final chunk has been sent
 */
public record ObjectOffset(long itemIndex, long bytes, int chunk, boolean done) {

    public static final String ITEM_INDEX_KEY = "itemIndex";
    public static final String BYTES_KEY = "bytes";
    public static final String CHUNK_KEY = "chunk";
    public static final String DONE_KEY = "done";

    /** Where an object nobody has read starts. */
    public static final ObjectOffset START = new ObjectOffset(0, 0, 0, false);

    public ObjectOffset {
        if (itemIndex < 0 || bytes < 0 || chunk < 0) {
            throw new IllegalArgumentException("offset values must not be negative: itemIndex=" + itemIndex + " bytes="
                    + bytes + " chunk=" + chunk);
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new HashMap<>();
        map.put(ITEM_INDEX_KEY, itemIndex);
        map.put(BYTES_KEY, bytes);
        map.put(CHUNK_KEY, (long) chunk);
        map.put(DONE_KEY, done);
        return map;
    }

    /**
     * The offset stored as {@code map}; {@link #START} for null.
     *
     * @throws ConnectException when a field is missing, of the wrong type or out of range
     */
    public static ObjectOffset fromMap(Map<String, ?> map) {
        if (map == null) {
            return START;
        }
        long itemIndex = number(map, ITEM_INDEX_KEY);
        long bytes = number(map, BYTES_KEY);
        long chunk = number(map, CHUNK_KEY);
        Object done = map.get(DONE_KEY);
        if (!(done instanceof Boolean)) {
            throw new ConnectException(
                    "Source offset field '" + DONE_KEY + "' must be a boolean, got " + describe(done) + " in " + map);
        }
        if (itemIndex < 0 || bytes < 0 || chunk < 0 || chunk > Integer.MAX_VALUE) {
            throw new ConnectException("Source offset " + map + " has a value out of range: itemIndex, bytes and"
                    + " chunk must be >= 0 (chunk at most " + Integer.MAX_VALUE + ")");
        }
        return new ObjectOffset(itemIndex, bytes, (int) chunk, (Boolean) done);
    }

    private static long number(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw new ConnectException(
                "Source offset field '" + key + "' must be an integer, got " + describe(v) + " in " + map);
    }

    private static String describe(Object v) {
        return v == null ? "nothing" : v.getClass().getSimpleName() + " " + v;
    }
}
