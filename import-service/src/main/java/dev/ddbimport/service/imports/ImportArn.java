package dev.ddbimport.service.imports;

import dev.ddbimport.core.model.ValidationException;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An import's ARN, {@code arn:aws:dynamodb:<region>:<account>:table/<name>/import/<id>}, where the id
 * is the 14-digit (zero-padded) epoch milliseconds of the request and 8 random hex digits, as
 * DynamoDB's are. The id alone names the import on the registry topic and in its topic names.
 *
 * @param tableArn the ARN of the table the import creates
 * @param tableName the table's name
 * @param importId {@code <14 digits>-<8 hex>}
 */
public record ImportArn(String tableArn, String tableName, String importId) {

    static final int MIN_LENGTH = 37;
    static final int MAX_LENGTH = 1024;

    private static final Pattern ARN = Pattern.compile(
            "(arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/([a-zA-Z0-9_.-]{3,255}))/import/([0-9]{14}-[0-9a-f]{8})");

    /** A new import id for a request received at {@code epochMillis}. */
    public static String newImportId(long epochMillis, RandomGenerator random) {
        return String.format(Locale.ROOT, "%014d-%08x", epochMillis, random.nextInt());
    }

    /** The ARN of import {@code importId} into table {@code tableName}. */
    public static ImportArn of(ImportServiceSettings settings, String tableName, String importId) {
        return new ImportArn(settings.tableArn(tableName), tableName, importId);
    }

    /**
     * Reads an ImportArn member the way DescribeImport does: a length outside 37–1024 is a member
     * constraint violation, anything else that is not an import ARN is "Invalid Import ARN".
     */
    public static ImportArn parse(String arn, String member) {
        MemberConstraints constraints = new MemberConstraints();
        if (constraints.required(arn, member)) {
            constraints.length(arn, member, MIN_LENGTH, MAX_LENGTH);
        }
        constraints.throwIfAny();
        Matcher m = ARN.matcher(arn);
        if (!m.matches()) {
            throw new ValidationException("Invalid Import ARN");
        }
        return new ImportArn(m.group(1), m.group(2), m.group(3));
    }

    /** The epoch milliseconds encoded in the id. */
    public long epochMillis() {
        return Long.parseLong(importId.substring(0, 14));
    }

    @Override
    public String toString() {
        return tableArn + "/import/" + importId;
    }
}
