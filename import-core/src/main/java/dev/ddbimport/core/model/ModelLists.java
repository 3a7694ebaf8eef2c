package dev.ddbimport.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Immutable copies of request lists. Unlike {@code List.copyOf} it keeps null elements, because a
 * request may carry them and the validator must report them as "Member must not be null".
 */
final class ModelLists {
    private ModelLists() {}

    static <T> List<T> copy(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
