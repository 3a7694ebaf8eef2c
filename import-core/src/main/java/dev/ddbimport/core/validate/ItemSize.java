package dev.ddbimport.core.validate;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.DynamoNumber;
import dev.ddbimport.core.item.Item;
import java.util.List;
import java.util.Map;

/**
 * An item's size as DynamoDB counts it against its 400 KB limit: for each attribute, its name's
 * UTF-8 bytes plus its value's size. S is its UTF-8 bytes, N see {@link DynamoNumber#sizeBytes()},
 * B its raw bytes, BOOL and NULL one byte, SS/NS/BS the sum of their elements; L and M take 3 bytes
 * plus one per element plus the elements (a map element also counts its key's UTF-8 bytes).
 */
public final class ItemSize {

    /** 400 KB; an item of exactly this size is accepted, one byte more is refused. */
    public static final long MAX_ITEM_BYTES = 409_600;

    static final int CONTAINER_OVERHEAD_BYTES = 3;
    static final int ELEMENT_OVERHEAD_BYTES = 1;

    // Deeper than any valid item (32 levels); guards the recursion against unvalidated input.
    private static final int MAX_DEPTH = 1_000;

    private ItemSize() {}

    /**
     * The size of an item that passed {@link ItemValidator}.
     *
     * @throws IllegalArgumentException if the item holds an invalid number or absurd nesting, which
     *     validation would have refused: validate items before sizing them
     */
    public static long itemSizeBytes(Item item) {
        long size = 0;
        for (Map.Entry<String, AttrValue> attribute : item.attributes().entrySet()) {
            size += utf8Length(attribute.getKey()) + valueSizeBytes(attribute.getValue(), 1);
        }
        return size;
    }

    /** The size of one attribute value, without its name. */
    public static long valueSizeBytes(AttrValue value) {
        return valueSizeBytes(value, 1);
    }

    private static long valueSizeBytes(AttrValue value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("Cannot size an item nested more than " + MAX_DEPTH
                    + " levels deep; validate items with ItemValidator before sizing them");
        }
        // instanceof chain, most common types first (Java 17 has no pattern switch)
        if (value instanceof AttrValue.S s) {
            return s.utf8Length();
        }
        if (value instanceof AttrValue.N n) {
            return numberSize(n.value());
        }
        if (value instanceof AttrValue.M m) {
            Map<String, AttrValue> values = m.values();
            long size = CONTAINER_OVERHEAD_BYTES + (long) ELEMENT_OVERHEAD_BYTES * values.size();
            for (Map.Entry<String, AttrValue> element : values.entrySet()) {
                size += utf8Length(element.getKey()) + valueSizeBytes(element.getValue(), depth + 1);
            }
            return size;
        }
        if (value instanceof AttrValue.L l) {
            List<AttrValue> values = l.values();
            long size = CONTAINER_OVERHEAD_BYTES + (long) ELEMENT_OVERHEAD_BYTES * values.size();
            for (AttrValue element : values) {
                size += valueSizeBytes(element, depth + 1);
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
            long size = 0;
            for (String element : ss.values()) {
                size += utf8Length(element);
            }
            return size;
        }
        if (value instanceof AttrValue.NS ns) {
            long size = 0;
            for (String element : ns.values()) {
                size += numberSize(element);
            }
            return size;
        }
        long size = 0;
        for (byte[] element : ((AttrValue.BS) value).values()) {
            size += element.length;
        }
        return size;
    }

    private static int numberSize(String text) {
        try {
            return DynamoNumber.checkedSizeBytes(text);
        } catch (DynamoNumber.InvalidNumberException e) {
            throw new IllegalArgumentException(
                    "Cannot size the number '" + text + "' (" + e.getMessage()
                            + "); validate items with ItemValidator before sizing them",
                    e);
        }
    }

    /**
     * The length of {@code s} in UTF-8, counted from its chars without encoding it. A lone
     * surrogate counts one byte, as Java's encoder replaces it with '?', so this always equals
     * {@code s.getBytes(UTF_8).length}.
     */
    public static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                continue;
            }
            if (c < 0x800) {
                bytes += 1;
            } else if (!Character.isSurrogate(c)) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 2; // two chars, four bytes
                i++;
            }
        }
        return bytes;
    }
}
