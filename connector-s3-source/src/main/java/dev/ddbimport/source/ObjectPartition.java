package dev.ddbimport.source;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The source partition of one object of one import: {@code {import: id, object: key}}.
 *
 * @param importId the import id
 * @param key the object key
 */
public record ObjectPartition(String importId, String key) {

    public static final String IMPORT_KEY = "import";
    public static final String OBJECT_KEY = "object";

    /**
     * The partition as Connect stores it. A {@link HashMap}, on purpose: Connect looks stored offsets up
     * by the serialized key bytes, and the maps it hands back (REST, offset reads) are HashMaps, so the
     * key order must be HashMap's — {@code Map.of}'s order changes from one JVM to the next and would
     * miss every stored offset after a worker restart.
     */
    public Map<String, String> toMap() {
        Map<String, String> map = new HashMap<>();
        map.put(IMPORT_KEY, importId);
        map.put(OBJECT_KEY, key);
        return map;
    }

    /**
     * @throws ConnectException when a field is missing or not a string
     */
    public static ObjectPartition fromMap(Map<String, ?> map) {
        if (map == null) {
            throw new ConnectException(
                    "Source partition is missing; expected {" + IMPORT_KEY + ", " + OBJECT_KEY + "}");
        }
        return new ObjectPartition(string(map, IMPORT_KEY), string(map, OBJECT_KEY));
    }

    private static String string(Map<String, ?> map, String field) {
        Object v = map.get(field);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new ConnectException("Source partition field '" + field + "' must be a non-empty string, got "
                    + (v == null ? "nothing" : v.getClass().getSimpleName() + " " + v) + " in " + map);
        }
        return s;
    }
}
