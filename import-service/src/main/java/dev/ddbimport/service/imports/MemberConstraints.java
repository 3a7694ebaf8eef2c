package dev.ddbimport.service.imports;

import dev.ddbimport.core.model.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The member constraints of DescribeImport, ListImports and CancelImport, reported in DynamoDB's
 * wording ("1 validation error detected: Value '0' at 'pageSize' failed to satisfy constraint: Member
 * must have value greater than or equal to 1"), the same wording import-core uses for ImportTable.
 */
final class MemberConstraints {

    private final List<String> messages = new ArrayList<>();

    boolean required(Object value, String member) {
        if (value == null) {
            add("null", member, "Member must not be null");
            return false;
        }
        return true;
    }

    void length(String value, String member, int min, int max) {
        if (value == null) {
            return;
        }
        if (value.length() < min) {
            add(quoted(value), member, "Member must have length greater than or equal to " + min);
        }
        if (value.length() > max) {
            add(quoted(value), member, "Member must have length less than or equal to " + max);
        }
    }

    void pattern(String value, String member, Pattern pattern, String shown) {
        if (value != null && !pattern.matcher(value).matches()) {
            add(quoted(value), member, "Member must satisfy regular expression pattern: " + shown);
        }
    }

    void range(Integer value, String member, int min, int max) {
        if (value == null) {
            return;
        }
        if (value < min) {
            add(quoted(value), member, "Member must have value greater than or equal to " + min);
        }
        if (value > max) {
            add(quoted(value), member, "Member must have value less than or equal to " + max);
        }
    }

    void throwIfAny() {
        if (messages.isEmpty()) {
            return;
        }
        int n = messages.size();
        throw new ValidationException(
                n + " validation error" + (n == 1 ? "" : "s") + " detected: " + String.join("; ", messages));
    }

    private void add(String shownValue, String member, String constraint) {
        messages.add("Value " + shownValue + " at '" + member + "' failed to satisfy constraint: " + constraint);
    }

    private static String quoted(Object value) {
        return "'" + value + "'";
    }
}
