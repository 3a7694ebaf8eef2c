package dev.ddbimport.core.model;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks an ImportTable request the way DynamoDB does, in DynamoDB's order: first every member
 * constraint of the API (all violations reported together, at most ten), then the rules between
 * members (the first broken rule is reported). Throws {@link ValidationException} with DynamoDB's
 * message; returns normally when the request may start an import.
 */
public final class RequestValidator {
    // Patterns as the API reference states them; the "shown" strings are what the messages quote.
    private static final Pattern CLIENT_TOKEN = Pattern.compile("^[^$]+$");
    private static final String CLIENT_TOKEN_SHOWN = "^[^\\$]+$";
    private static final Pattern BUCKET = Pattern.compile("^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$");
    private static final String BUCKET_SHOWN = "^[a-z0-9A-Z]+[\\.\\-\\w]*[a-z0-9A-Z]+$";
    private static final Pattern BUCKET_OWNER = Pattern.compile("[0-9]{12}");
    private static final String BUCKET_OWNER_SHOWN = "[0-9]{12}";
    private static final Pattern DELIMITER = Pattern.compile("[,;:|\t ]");
    private static final String DELIMITER_SHOWN = "[,;:|\\t ]";
    private static final Pattern CSV_HEADER = Pattern.compile("[\\x20-\\x21\\x23-\\x2B\\x2D-\\x7E]*");
    private static final String CSV_HEADER_SHOWN = "[\\x20-\\x21\\x23-\\x2B\\x2D-\\x7E]*";

    private RequestValidator() {}

    /** Throws {@link ValidationException} unless DynamoDB would accept this ImportTable request. */
    public static void validate(ImportTableRequest request) {
        Objects.requireNonNull(request, "request");
        ConstraintViolations violations = new ConstraintViolations();
        checkMembers(request, violations);
        TableParametersValidator.checkMembers(request.tableCreationParameters(), "tableCreationParameters", violations);
        violations.throwIfAny();

        checkFormatOptions(request);
        TableParametersValidator.checkRules(request.tableCreationParameters());
    }

    private static void checkMembers(ImportTableRequest request, ConstraintViolations violations) {
        if (violations.required(request.clientToken(), "clientToken")) {
            violations.pattern(request.clientToken(), "clientToken", CLIENT_TOKEN, CLIENT_TOKEN_SHOWN);
        }
        checkBucketSource(request.s3BucketSource(), violations);
        if (violations.required(request.inputFormat(), "inputFormat")) {
            violations.oneOf(request.inputFormat(), "inputFormat", InputFormat.class, InputFormat.VALUE_SET);
        }
        checkCsvOptions(request.inputFormatOptions(), violations);
        violations.oneOf(
                request.inputCompressionType(),
                "inputCompressionType",
                InputCompressionType.class,
                InputCompressionType.VALUE_SET);
    }

    private static void checkBucketSource(S3BucketSource source, ConstraintViolations violations) {
        if (!violations.required(source, "s3BucketSource")) {
            return;
        }
        String bucket = source.s3Bucket();
        if (violations.required(bucket, "s3BucketSource.s3Bucket")) {
            violations.pattern(bucket, "s3BucketSource.s3Bucket", BUCKET, BUCKET_SHOWN);
            violations.length(bucket, "s3BucketSource.s3Bucket", 0, 255);
        }
        violations.pattern(source.s3BucketOwner(), "s3BucketSource.s3BucketOwner", BUCKET_OWNER, BUCKET_OWNER_SHOWN);
        violations.length(source.s3KeyPrefix(), "s3BucketSource.s3KeyPrefix", 0, 1024);
    }

    private static void checkCsvOptions(InputFormatOptions options, ConstraintViolations violations) {
        if (options == null || options.csv() == null) {
            return;
        }
        CsvOptions csv = options.csv();
        String delimiterPath = "inputFormatOptions.csv.delimiter";
        violations.pattern(csv.delimiter(), delimiterPath, DELIMITER, DELIMITER_SHOWN);
        violations.length(csv.delimiter(), delimiterPath, 1, 1);

        List<String> headers = csv.headerList();
        String headersPath = "inputFormatOptions.csv.headerList";
        violations.size(headers, headersPath, 1, 255);
        if (headers != null) {
            for (int i = 0; i < headers.size(); i++) {
                String path = ConstraintViolations.element(headersPath, i);
                if (violations.required(headers.get(i), path)) {
                    violations.pattern(headers.get(i), path, CSV_HEADER, CSV_HEADER_SHOWN);
                    violations.length(headers.get(i), path, 1, 65536);
                }
            }
        }
    }

    private static void checkFormatOptions(ImportTableRequest request) {
        // DynamoDB refuses options that do not belong to the format instead of ignoring them.
        if (request.inputFormatOptions() != null && !InputFormat.CSV.name().equals(request.inputFormat())) {
            throw new ValidationException("Invalid Request: Unsupported InputFormatOptions for the given input format: "
                    + request.inputFormat() + ".");
        }
    }
}
