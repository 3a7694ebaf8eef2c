package dev.ddbimport.core.model;

/**
 * Looks up an enum constant by its wire name without throwing: request members arrive as strings so
 * that an unknown value becomes a ValidationException naming the member, not a parse failure.
 */
final class WireEnum {
    private WireEnum() {}

    /** The constant named {@code value}, or null when there is none (or value is null). */
    static <E extends Enum<E>> E find(Class<E> type, String value) {
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        return null;
    }
}
