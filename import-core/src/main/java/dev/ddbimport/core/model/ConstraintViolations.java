package dev.ddbimport.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects violations of the API's member constraints (required, length, pattern, enum, range) and
 * reports them in DynamoDB's wording: "2 validation errors detected: Value 'x' at 'a.b' failed to
 * satisfy constraint: …; …". Paths are the member names with a lower-case first letter, list
 * elements as {@code <list>.<1-based index>.member}.
 */
final class ConstraintViolations {
    /** DynamoDB lists at most ten violations per response. */
    private static final int MAX_REPORTED = 10;

    private static final String NOT_NULL = "Member must not be null";

    private final List<String> messages = new ArrayList<>();

    static String member(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    static String element(String listPath, int zeroBasedIndex) {
        return listPath + "." + (zeroBasedIndex + 1) + ".member";
    }

    /** Records "must not be null" when value is null; returns whether the value is present. */
    boolean required(Object value, String path) {
        if (value == null) {
            add(null, path, NOT_NULL);
            return false;
        }
        return true;
    }

    void pattern(String value, String path, Pattern pattern, String shownPattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            add(value, path, "Member must satisfy regular expression pattern: " + shownPattern);
        }
    }

    void length(String value, String path, int min, int max) {
        if (value != null) {
            checkLength(value, value.length(), path, min, max);
        }
    }

    void size(List<?> value, String path, int min, int max) {
        if (value != null) {
            checkLength(value, value.size(), path, min, max);
        }
    }

    private void checkLength(Object value, int length, String path, int min, int max) {
        if (length < min) {
            add(value, path, "Member must have length greater than or equal to " + min);
        }
        if (length > max) {
            add(value, path, "Member must have length less than or equal to " + max);
        }
    }

    <E extends Enum<E>> void oneOf(String value, String path, Class<E> type, String valueSet) {
        if (value != null && WireEnum.find(type, value) == null) {
            add(value, path, "Member must satisfy enum value set: " + valueSet);
        }
    }

    void atLeast(Long value, String path, long min) {
        if (value != null && value < min) {
            add(value, path, "Member must have value greater than or equal to " + min);
        }
    }

    private void add(Object value, String path, String constraint) {
        messages.add("Value " + render(value) + " at '" + path + "' failed to satisfy constraint: " + constraint);
    }

    /** Throws the collected violations, if any, as one ValidationException. */
    void throwIfAny() {
        if (messages.isEmpty()) {
            return;
        }
        List<String> reported = messages.size() > MAX_REPORTED ? messages.subList(0, MAX_REPORTED) : messages;
        int count = reported.size();
        throw new ValidationException(
                count + " validation error" + (count == 1 ? "" : "s") + " detected: " + String.join("; ", reported));
    }

    private static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List<?> list) {
            StringBuilder text = new StringBuilder("'[");
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    text.append(", ");
                }
                text.append(list.get(i));
            }
            return text.append("]'").toString();
        }
        return "'" + value + "'";
    }
}
