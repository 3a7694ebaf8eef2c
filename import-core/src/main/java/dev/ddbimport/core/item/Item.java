package dev.ddbimport.core.item;

import java.util.Map;
import java.util.Objects;

/** A DynamoDB item: attribute names to values, in the order the input gave them. */
public record Item(Map<String, AttrValue> attributes) {
    public Item {
        Objects.requireNonNull(attributes);
    }

    public AttrValue get(String name) {
        return attributes.get(name);
    }
}
