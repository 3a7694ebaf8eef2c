package dev.ddbimport.sink;

import dev.ddbimport.core.item.ItemCodec;
import java.util.Arrays;

/** An item's primary key as canonical bytes ({@code ItemCodec.keyBytes}), usable as a map key. */
final class ItemKey {

    private final byte[] bytes;
    private final int hash;

    ItemKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The key as readable text, e.g. {@code [{"S":"user#1"},{"N":"42"}]}. */
    @Override
    public String toString() {
        try {
            return ItemCodec.keyText(bytes);
        } catch (IllegalArgumentException e) {
            return "(" + bytes.length + " key bytes)";
        }
    }
}
