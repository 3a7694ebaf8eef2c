package dev.ddbimport.service.imports;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the import API needs to know about where it pretends to run and how much it accepts.
 *
 * @param region the region in every ARN (DynamoDB's default for local use: {@value #DEFAULT_REGION})
 * @param accountId the 12-digit account in every ARN ({@value #DEFAULT_ACCOUNT_ID} by default)
 * @param maxImportsInProgress imports that may be IN_PROGRESS or CANCELLING at once; one more is a
 *     LimitExceededException (DynamoDB: 50)
 * @param clientTokenWindow how long a ClientToken identifies its import (DynamoDB: 8 hours)
 */
public record ImportServiceSettings(
        String region, String accountId, int maxImportsInProgress, Duration clientTokenWindow) {

    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    public static final int DEFAULT_MAX_IMPORTS_IN_PROGRESS = 50;
    public static final Duration DEFAULT_CLIENT_TOKEN_WINDOW = Duration.ofHours(8);

    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    public ImportServiceSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(clientTokenWindow, "clientTokenWindow");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' is not a region name such as us-east-1");
        }
        if (!ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account id '" + accountId + "' must be 12 digits, e.g. 000000000000");
        }
        if (maxImportsInProgress < 1) {
            throw new IllegalArgumentException(
                    "the limit of imports in progress must be at least 1, was " + maxImportsInProgress);
        }
    }

    /** DynamoDB's limits, region {@value #DEFAULT_REGION}, account {@value #DEFAULT_ACCOUNT_ID}. */
    public static ImportServiceSettings defaults() {
        return new ImportServiceSettings(
                DEFAULT_REGION, DEFAULT_ACCOUNT_ID, DEFAULT_MAX_IMPORTS_IN_PROGRESS, DEFAULT_CLIENT_TOKEN_WINDOW);
    }

    public ImportServiceSettings withMaxImportsInProgress(int max) {
        return new ImportServiceSettings(region, accountId, max, clientTokenWindow);
    }

    /** {@code arn:aws:dynamodb:<region>:<account>:table/<name>}. */
    public String tableArn(String tableName) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + tableName;
    }

    /** The CloudWatch log group DynamoDB names for import errors (ours go to the errors topic). */
    public String logGroupArn() {
        return "arn:aws:logs:" + region + ":" + accountId + ":log-group:/aws-dynamodb/imports:*";
    }
}
