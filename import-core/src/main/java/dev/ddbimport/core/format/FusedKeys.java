package dev.ddbimport.core.format;

import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.validate.ItemValidator;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.ScalarType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The key rules of the item validator for encoders that never build an item: the top-level
 * attributes that are keys of the table or of an index are noted as they are written ({@link
 * #match}, {@link #found}), then {@link #valid} says whether the validator would accept them —
 * table keys present, every key present of its declared type, non-empty and within its size
 * limit — and {@link #keyBytes} cuts the item's key bytes out of the written record.
 *
 * <p>One per encoder; not thread-safe.
 */
final class FusedKeys {

    /** Key attributes: the table's partition key, its sort key if any, then the other index keys. */
    private final byte[][] names;

    /** Their {@link FusedHashes#ofName} hashes, compared before their bytes. */
    private final long[] nameHashes;

    /** The type tag each key must carry, or 0 when its indexes disagree (no value can pass). */
    private final byte[] tags;

    /** Bytes allowed for an S or B value: the table key's own limit, else the tightest index's. */
    private final int[] limits;

    private final int required;
    private final ScalarType partitionType;
    private final ScalarType sortType;

    // per item: the tag and payload of each key attribute found, at -1 when absent
    private final byte[] foundTags;
    private final int[] foundAt;
    private final int[] foundLength;

    FusedKeys(KeySchema keys) {
        List<String> keyNames = new ArrayList<>();
        List<ScalarType> keyTypes = new ArrayList<>();
        List<Integer> keyLimits = new ArrayList<>();
        add(keyNames, keyTypes, keyLimits, keys.partitionKey(), ItemValidator.PARTITION_KEY_MAX_BYTES, 0);
        if (keys.sortKey() != null) {
            add(keyNames, keyTypes, keyLimits, keys.sortKey(), ItemValidator.SORT_KEY_MAX_BYTES, 1);
        }
        this.required = keyNames.size();
        for (KeySchema.IndexKeys index : keys.indexes()) {
            add(keyNames, keyTypes, keyLimits, index.partitionKey(), ItemValidator.PARTITION_KEY_MAX_BYTES, required);
            if (index.sortKey() != null) {
                add(keyNames, keyTypes, keyLimits, index.sortKey(), ItemValidator.SORT_KEY_MAX_BYTES, required);
            }
        }
        int n = keyNames.size();
        this.names = new byte[n][];
        this.nameHashes = new long[n];
        this.tags = new byte[n];
        this.limits = new int[n];
        for (int k = 0; k < n; k++) {
            names[k] = keyNames.get(k).getBytes(StandardCharsets.UTF_8);
            nameHashes[k] = FusedHashes.ofName(names[k], 0, names[k].length);
            tags[k] = keyTypes.get(k) == null ? 0 : tag(keyTypes.get(k));
            limits[k] = keyLimits.get(k);
        }
        this.partitionType = keys.partitionKey().type();
        this.sortType = keys.sortKey() == null ? null : keys.sortKey().type();
        this.foundTags = new byte[n];
        this.foundAt = new int[n];
        this.foundLength = new int[n];
    }

    /**
     * Adds a key attribute, or tightens the index key of that name already there. An index key that
     * is a table key is checked as the table key only, as the validator does.
     */
    private static void add(
            List<String> names,
            List<ScalarType> types,
            List<Integer> limits,
            KeySchema.KeyAttribute key,
            int limit,
            int tableKeys) {
        int existing = names.indexOf(key.name());
        if (existing < 0) {
            names.add(key.name());
            types.add(key.type());
            limits.add(limit);
        } else if (existing >= tableKeys) {
            if (types.get(existing) != key.type()) {
                types.set(existing, null);
            }
            limits.set(existing, Math.min(limits.get(existing), limit));
        }
    }

    private static byte tag(ScalarType type) {
        return switch (type) {
            case S -> ItemCodec.TAG_S;
            case N -> ItemCodec.TAG_N;
            case B -> ItemCodec.TAG_B;
        };
    }

    /** False for a schema whose sort key has the partition key's name, which no item can satisfy twice. */
    static boolean servable(KeySchema keys) {
        return keys.sortKey() == null
                || !keys.sortKey().name().equals(keys.partitionKey().name());
    }

    /** Starts an item: no key found yet. */
    void reset() {
        int[] at = foundAt;
        for (int k = 0; k < at.length; k++) {
            at[k] = -1;
        }
    }

    /**
     * Which key attribute a top-level attribute named {@code b[from, from + length)}, whose {@link
     * FusedHashes#ofName} hash is {@code hash}, is; -1 for none.
     */
    int match(byte[] b, int from, int length, long hash) {
        for (int k = 0; k < names.length; k++) {
            if (nameHashes[k] == hash) {
                byte[] name = names[k];
                if (name.length == length && Arrays.equals(name, 0, length, b, from, from + length)) {
                    return k;
                }
            }
        }
        return -1;
    }

    /** Notes key attribute {@code key}'s value: its type tag and its payload in the written record. */
    void found(int key, byte tag, int at, int length) {
        foundTags[key] = tag;
        foundAt[key] = at;
        foundLength[key] = length;
    }

    /** True when the item validator would accept the keys found. */
    boolean valid() {
        for (int k = 0; k < names.length; k++) {
            if (foundAt[k] < 0) {
                if (k < required) {
                    return false;
                }
                continue;
            }
            byte tag = foundTags[k];
            if (tag != tags[k]) {
                return false;
            }
            // a valid number is never empty nor too large; strings and binaries may be
            if (tag != ItemCodec.TAG_N && (foundLength[k] == 0 || foundLength[k] > limits[k])) {
                return false;
            }
        }
        return true;
    }

    /** The item's key bytes, from the payloads noted in {@code writer}'s buffer. */
    byte[] keyBytes(FusedRecordWriter writer) {
        return writer.keyBytes(
                partitionType,
                foundAt[0],
                foundLength[0],
                sortType,
                sortType == null ? 0 : foundAt[1],
                sortType == null ? 0 : foundLength[1]);
    }
}
