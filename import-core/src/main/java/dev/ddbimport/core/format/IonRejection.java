package dev.ddbimport.core.format;

import dev.ddbimport.core.error.ErrorCode;

/**
 * Why one Ion record value cannot become an item. Thrown inside the Ion parser only, so that a
 * rejection deep in a nested value unwinds in one step (collecting the attribute path on the way
 * out) and {@link IonItemParser} turns it into a {@link ParseOutcome.Rejected}. It never leaves the
 * parser, and it carries no stack trace: it is a value, not a failure.
 */
final class IonRejection extends Exception {
    private final ErrorCode code;
    private final String reason;
    private final boolean withPath;
    /** Attribute path, built from the innermost segment outwards while the rejection unwinds. */
    private final StringBuilder path = new StringBuilder();

    private IonRejection(ErrorCode code, String reason, boolean withPath) {
        super(reason, null, false, false);
        this.code = code;
        this.reason = reason;
        this.withPath = withPath;
    }

    /** A rejection whose message gets " (at Item.a.b[2])" appended. */
    static IonRejection at(ErrorCode code, String reason) {
        return new IonRejection(code, reason, true);
    }

    /** A rejection whose message must stay exactly as given (DynamoDB's own wording). */
    static IonRejection exactly(ErrorCode code, String message) {
        return new IonRejection(code, message, false);
    }

    /** Records that the rejected value sits under struct field {@code name}. */
    IonRejection underField(String name) {
        path.insert(0, '.').insert(1, name);
        return this;
    }

    /** Records that the rejected value is element {@code index} of a list. */
    IonRejection underIndex(int index) {
        path.insert(0, ']').insert(0, index).insert(0, '[');
        return this;
    }

    /** Records that the rejected value sits in the record's {@code Item} struct. */
    IonRejection underItem() {
        path.insert(0, "Item");
        return this;
    }

    ParseOutcome.Rejected toOutcome() {
        if (!withPath || path.length() == 0) {
            return new ParseOutcome.Rejected(code, reason);
        }
        return new ParseOutcome.Rejected(code, reason + " (at " + path + ")");
    }
}
