package dev.ddbimport.core.validate;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.format.ParseOutcome;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.AttributeMap;
import dev.ddbimport.core.item.DynamoNumber;
import dev.ddbimport.core.item.Item;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an item against DynamoDB's item rules and the table's key schema, reporting the first
 * problem with DynamoDB's code and wording. Stateless and thread-safe; a valid item costs one pass
 * over its values and no allocation.
 *
 * <p>Order, as DynamoDB checks a written item: first every attribute value in input order
 * (non-empty top-level names, nesting depth, numbers, sets), as DynamoDB validates values while
 * reading the request, before it looks at the table; then the table's keys (all present and typed,
 * then all non-empty and small enough); then the index keys, indexes in name order (DynamoDB names
 * the alphabetically first index), all types before any emptiness or size; last the item's size.
 */
public final class ItemValidator {

    /** Levels a value may sit at; a top-level attribute's value is level 1. */
    public static final int MAX_NESTING_LEVELS = 32;

    // public for the encoders that check keys without building items (format.Fused*)
    public static final int PARTITION_KEY_MAX_BYTES = 2048;
    public static final int SORT_KEY_MAX_BYTES = 1024;

    // Sets up to this size are checked for duplicates pairwise, without allocating.
    private static final int PAIRWISE_DUPLICATE_LIMIT = 16;

    private final KeySchema.KeyAttribute partitionKey;
    private final KeySchema.KeyAttribute sortKey;
    private final IndexKey[] indexKeys;

    /** One index key attribute to check, unless it is also a table key (checked as one). */
    private record IndexKey(String indexName, KeySchema.KeyAttribute attribute, boolean partition) {}

    public ItemValidator(KeySchema keys) {
        this.partitionKey = keys.partitionKey();
        this.sortKey = keys.sortKey();
        List<KeySchema.IndexKeys> indexes = new ArrayList<>(keys.indexes());
        indexes.sort(Comparator.comparing(KeySchema.IndexKeys::indexName));
        List<IndexKey> indexKeys = new ArrayList<>();
        for (KeySchema.IndexKeys index : indexes) {
            addIndexKey(indexKeys, index.indexName(), index.partitionKey(), true);
            addIndexKey(indexKeys, index.indexName(), index.sortKey(), false);
        }
        this.indexKeys = indexKeys.toArray(new IndexKey[0]);
    }

    private void addIndexKey(List<IndexKey> into, String indexName, KeySchema.KeyAttribute key, boolean partition) {
        if (key == null
                || key.name().equals(partitionKey.name())
                || (sortKey != null && key.name().equals(sortKey.name()))) {
            return;
        }
        into.add(new IndexKey(indexName, key, partition));
    }

    /** The first rule {@code item} breaks, or empty when DynamoDB would accept it. */
    public Optional<ParseOutcome.Rejected> validate(Item item) {
        long size;
        try {
            size = attributesSize(item);
        } catch (Violation violation) {
            return Optional.of(violation.rejected);
        }
        ParseOutcome.Rejected rejected = checkTableKeys(item);
        if (rejected == null) {
            rejected = checkIndexKeys(item);
        }
        if (rejected == null && size > ItemSize.MAX_ITEM_BYTES) {
            rejected = new ParseOutcome.Rejected(ErrorCode.ITEM_TOO_LARGE, ValidationMessages.ITEM_TOO_LARGE);
        }
        return Optional.ofNullable(rejected);
    }

    // ---- keys ----

    private ParseOutcome.Rejected checkTableKeys(Item item) {
        AttrValue partition = item.get(partitionKey.name());
        AttrValue sort = sortKey == null ? null : item.get(sortKey.name());
        ParseOutcome.Rejected rejected = presentAndTyped(partitionKey, partition);
        if (rejected == null && sortKey != null) {
            rejected = presentAndTyped(sortKey, sort);
        }
        if (rejected == null) {
            rejected = nonEmptyAndSmall(partitionKey, partition, true, null);
        }
        if (rejected == null && sortKey != null) {
            rejected = nonEmptyAndSmall(sortKey, sort, false, null);
        }
        return rejected;
    }

    private ParseOutcome.Rejected checkIndexKeys(Item item) {
        // an absent index key is fine: the item just stays out of that index
        for (IndexKey key : indexKeys) {
            AttrValue value = item.get(key.attribute().name());
            if (value != null && !hasType(value, key.attribute().type())) {
                return new ParseOutcome.Rejected(
                        ErrorCode.INDEX_KEY_TYPE_MISMATCH,
                        ValidationMessages.indexKeyTypeMismatch(
                                key.attribute().name(), key.attribute().type(), value.type(), key.indexName()));
            }
        }
        for (IndexKey key : indexKeys) {
            AttrValue value = item.get(key.attribute().name());
            if (value != null) {
                ParseOutcome.Rejected rejected =
                        nonEmptyAndSmall(key.attribute(), value, key.partition(), key.indexName());
                if (rejected != null) {
                    return rejected;
                }
            }
        }
        return null;
    }

    private static ParseOutcome.Rejected presentAndTyped(KeySchema.KeyAttribute key, AttrValue value) {
        if (value == null) {
            return new ParseOutcome.Rejected(ErrorCode.MISSING_KEY, ValidationMessages.missingKey(key.name()));
        }
        if (!hasType(value, key.type())) {
            return new ParseOutcome.Rejected(
                    ErrorCode.KEY_TYPE_MISMATCH,
                    ValidationMessages.keyTypeMismatch(key.name(), key.type(), value.type()));
        }
        return null;
    }

    /** {@code indexName} null for a table key. The value already has the key's type. */
    private static ParseOutcome.Rejected nonEmptyAndSmall(
            KeySchema.KeyAttribute key, AttrValue value, boolean partition, String indexName) {
        long bytes;
        boolean binary = value instanceof AttrValue.B;
        if (value instanceof AttrValue.S s) {
            bytes = s.utf8Length();
        } else if (value instanceof AttrValue.B b) {
            bytes = b.value().length;
        } else {
            return null; // a valid number is never empty and at most 21 bytes
        }
        if (bytes == 0) {
            return new ParseOutcome.Rejected(
                    ErrorCode.EMPTY_KEY_VALUE,
                    indexName == null
                            ? ValidationMessages.emptyKeyValue(key.name(), binary)
                            : ValidationMessages.emptyIndexKeyValue(key.name(), binary, indexName));
        }
        if (partition && bytes > PARTITION_KEY_MAX_BYTES) {
            return new ParseOutcome.Rejected(ErrorCode.KEY_TOO_LARGE, ValidationMessages.PARTITION_KEY_TOO_LARGE);
        }
        if (!partition && bytes > SORT_KEY_MAX_BYTES) {
            return new ParseOutcome.Rejected(ErrorCode.KEY_TOO_LARGE, ValidationMessages.SORT_KEY_TOO_LARGE);
        }
        return null;
    }

    private static boolean hasType(AttrValue value, ScalarType type) {
        // an if chain: a switch on an enum of another class goes through a lookup array
        if (type == ScalarType.S) {
            return value instanceof AttrValue.S;
        }
        return type == ScalarType.N ? value instanceof AttrValue.N : value instanceof AttrValue.B;
    }

    // ---- values: one pass that checks every value and sums the item's size ----

    /**
     * The first broken value rule, thrown up through the recursion so that the walk can return
     * sizes and allocate nothing on a valid item; never escapes {@link #validate}.
     */
    private static final class Violation extends RuntimeException {
        private final ParseOutcome.Rejected rejected;

        Violation(ErrorCode code, String message) {
            super(message, null, false, false);
            this.rejected = new ParseOutcome.Rejected(code, message);
        }
    }

    private static long attributesSize(Item item) {
        long size = 0;
        if (item.attributes() instanceof AttributeMap map) {
            // by position: no entry objects
            int n = map.size();
            for (int i = 0; i < n; i++) {
                String name = map.nameAt(i);
                if (name.isEmpty()) {
                    throw new Violation(ErrorCode.EMPTY_ATTRIBUTE_NAME, ValidationMessages.EMPTY_ATTRIBUTE_NAME);
                }
                byte[] utf8 = map.nameUtf8At(i);
                size += (utf8 != null ? utf8.length : ItemSize.utf8Length(name)) + valueSize(map.valueAt(i), 1);
            }
            return size;
        }
        for (Map.Entry<String, AttrValue> attribute : item.attributes().entrySet()) {
            String name = attribute.getKey();
            if (name.isEmpty()) {
                throw new Violation(ErrorCode.EMPTY_ATTRIBUTE_NAME, ValidationMessages.EMPTY_ATTRIBUTE_NAME);
            }
            size += ItemSize.utf8Length(name) + valueSize(attribute.getValue(), 1);
        }
        return size;
    }

    /** Checks {@code value}, sitting at nesting {@code level}, and returns its size (see ItemSize). */
    private static long valueSize(AttrValue value, int level) {
        if (level > MAX_NESTING_LEVELS) {
            throw new Violation(ErrorCode.NESTING_TOO_DEEP, ValidationMessages.NESTING_TOO_DEEP);
        }
        if (value instanceof AttrValue.S s) {
            return s.utf8Length();
        }
        if (value instanceof AttrValue.N n) {
            return numberSize(n.value());
        }
        if (value instanceof AttrValue.M m) {
            Map<String, AttrValue> values = m.values();
            long size = ItemSize.CONTAINER_OVERHEAD_BYTES + (long) ItemSize.ELEMENT_OVERHEAD_BYTES * values.size();
            if (values instanceof AttributeMap map) {
                int n = map.size();
                for (int i = 0; i < n; i++) {
                    byte[] utf8 = map.nameUtf8At(i);
                    size += (utf8 != null ? utf8.length : ItemSize.utf8Length(map.nameAt(i)))
                            + valueSize(map.valueAt(i), level + 1);
                }
                return size;
            }
            for (Map.Entry<String, AttrValue> element : values.entrySet()) {
                size += ItemSize.utf8Length(element.getKey()) + valueSize(element.getValue(), level + 1);
            }
            return size;
        }
        if (value instanceof AttrValue.L l) {
            List<AttrValue> values = l.values();
            long size = ItemSize.CONTAINER_OVERHEAD_BYTES + (long) ItemSize.ELEMENT_OVERHEAD_BYTES * values.size();
            for (AttrValue element : values) {
                size += valueSize(element, level + 1);
            }
            return size;
        }
        if (value instanceof AttrValue.B b) {
            return b.value().length;
        }
        if (value instanceof AttrValue.Bool || value instanceof AttrValue.Null) {
            return 1;
        }
        if (value instanceof AttrValue.SS ss) {
            return stringSetSize(ss.values());
        }
        if (value instanceof AttrValue.NS ns) {
            return numberSetSize(ns.values());
        }
        return binarySetSize(((AttrValue.BS) value).values());
    }

    private static int numberSize(String text) {
        try {
            return DynamoNumber.checkedSizeBytes(text);
        } catch (DynamoNumber.InvalidNumberException e) {
            throw new Violation(e.code(), e.getMessage());
        }
    }

    private static long stringSetSize(List<String> values) {
        int n = values.size();
        if (n == 0) {
            throw new Violation(ErrorCode.EMPTY_SET, ValidationMessages.EMPTY_STRING_SET);
        }
        long size = 0;
        for (String element : values) {
            size += ItemSize.utf8Length(element);
        }
        boolean duplicates = false;
        if (n <= PAIRWISE_DUPLICATE_LIMIT) {
            for (int i = 1; i < n && !duplicates; i++) {
                String element = values.get(i);
                for (int j = 0; j < i && !duplicates; j++) {
                    duplicates = element.equals(values.get(j));
                }
            }
        } else {
            duplicates = new HashSet<>(values).size() != n;
        }
        if (duplicates) {
            throw new Violation(ErrorCode.DUPLICATE_SET_ELEMENT, ValidationMessages.duplicateElements(values));
        }
        return size;
    }

    /** Elements are compared by value: 1, 1.0 and 10E-1 are the same element. */
    private static long numberSetSize(List<String> values) {
        int n = values.size();
        if (n == 0) {
            throw new Violation(ErrorCode.EMPTY_SET, ValidationMessages.EMPTY_NUMBER_SET);
        }
        if (n == 1) {
            return numberSize(values.get(0));
        }
        DynamoNumber[] numbers = new DynamoNumber[n];
        long size = 0;
        for (int i = 0; i < n; i++) {
            try {
                numbers[i] = DynamoNumber.parse(values.get(i));
            } catch (DynamoNumber.InvalidNumberException e) {
                throw new Violation(e.code(), e.getMessage());
            }
            size += numbers[i].sizeBytes();
        }
        boolean duplicates = false;
        if (n <= PAIRWISE_DUPLICATE_LIMIT) {
            for (int i = 1; i < n && !duplicates; i++) {
                for (int j = 0; j < i && !duplicates; j++) {
                    duplicates = numbers[i].equals(numbers[j]);
                }
            }
        } else {
            duplicates = new HashSet<>(Arrays.asList(numbers)).size() != n;
        }
        if (duplicates) {
            throw new Violation(ErrorCode.DUPLICATE_SET_ELEMENT, ValidationMessages.duplicateElements(values));
        }
        return size;
    }

    private static long binarySetSize(List<byte[]> values) {
        int n = values.size();
        if (n == 0) {
            throw new Violation(ErrorCode.EMPTY_SET, ValidationMessages.EMPTY_BINARY_SET);
        }
        long size = 0;
        for (byte[] element : values) {
            size += element.length;
        }
        boolean duplicates = false;
        if (n <= PAIRWISE_DUPLICATE_LIMIT) {
            for (int i = 1; i < n && !duplicates; i++) {
                byte[] element = values.get(i);
                for (int j = 0; j < i && !duplicates; j++) {
                    duplicates = Arrays.equals(element, values.get(j));
                }
            }
        } else {
            Set<ByteBuffer> seen = new HashSet<>(n * 2);
            for (int i = 0; i < n && !duplicates; i++) {
                duplicates = !seen.add(ByteBuffer.wrap(values.get(i)));
            }
        }
        if (duplicates) {
            throw new Violation(ErrorCode.DUPLICATE_SET_ELEMENT, ValidationMessages.duplicateBinaryElements(values));
        }
        return size;
    }
}
