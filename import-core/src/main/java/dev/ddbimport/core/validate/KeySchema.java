package dev.ddbimport.core.validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The key attributes an imported item must carry: the table's partition (and sort) key and the keys
 * of every global secondary index, each with its declared type.
 */
public record KeySchema(KeyAttribute partitionKey, KeyAttribute sortKey, List<IndexKeys> indexes) {

    /** One key attribute and its type. */
    public record KeyAttribute(String name, ScalarType type) {
        public KeyAttribute {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
        }
    }

    /** A global secondary index's keys; {@code sortKey} may be null. */
    public record IndexKeys(String indexName, KeyAttribute partitionKey, KeyAttribute sortKey) {
        public IndexKeys {
            Objects.requireNonNull(indexName);
            Objects.requireNonNull(partitionKey);
        }
    }

    public KeySchema {
        Objects.requireNonNull(partitionKey);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
    }

    public static KeySchema of(KeyAttribute partitionKey, KeyAttribute sortKey) {
        return new KeySchema(partitionKey, sortKey, List.of());
    }

    /**
     * Every key attribute of the table and its indexes, by name, with its declared type: the
     * columns a CSV import types from AttributeDefinitions instead of importing as S.
     */
    public Map<String, ScalarType> typedAttributes() {
        Map<String, ScalarType> types = new LinkedHashMap<>();
        List<KeyAttribute> all = new ArrayList<>();
        all.add(partitionKey);
        if (sortKey != null) {
            all.add(sortKey);
        }
        for (IndexKeys index : indexes) {
            all.add(index.partitionKey());
            if (index.sortKey() != null) {
                all.add(index.sortKey());
            }
        }
        for (KeyAttribute key : all) {
            types.putIfAbsent(key.name(), key.type());
        }
        return Collections.unmodifiableMap(types);
    }
}
