package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddbimport import-table}: ImportTable, with the AWS CLI's options and output. */
@Command(
        name = "import-table",
        mixinStandardHelpOptions = true,
        description = {
            "Imports S3 objects into a new DynamoDB table through the import endpoint (ImportTable), taking the"
                    + " AWS CLI's options and printing its output. Structures are JSON, file://PATH or"
                    + " Name=value,... shorthand.",
            ""
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  the import was accepted (follow it with: ddbimport wait IMPORT_ARN)",
            "  2  invalid options or request (ValidationException, bad JSON)",
            "  3  the endpoint could not be reached, or a file:// input could not be read",
            "  4  the service refused the request (for example LimitExceededException, ImportConflictException)"
        })
final class ImportTableCommand extends ClientCommand {

    @Option(
            names = "--s3-bucket-source",
            required = true,
            paramLabel = "S3Bucket=B,S3KeyPrefix=P[,S3BucketOwner=A]",
            description = "The S3 bucket and key prefix to import (JSON, file:// or shorthand).")
    String s3BucketSource;

    @Option(
            names = "--input-format",
            required = true,
            paramLabel = "CSV|DYNAMODB_JSON|ION",
            description = "The objects' format.")
    String inputFormat;

    @Option(
            names = "--input-format-options",
            paramLabel = "JSON",
            description =
                    "CSV options, e.g. '{\"Csv\":{\"Delimiter\":\";\",\"HeaderList\":[\"pk\",\"name\"]}}' (JSON or file://).")
    String inputFormatOptions;

    @Option(
            names = "--input-compression-type",
            paramLabel = "GZIP|ZSTD|NONE",
            description = "The objects' compression (default NONE).")
    String inputCompressionType;

    @Option(
            names = "--table-creation-parameters",
            required = true,
            paramLabel = "JSON",
            description =
                    "The table to create: TableName, AttributeDefinitions, KeySchema, BillingMode, ... (JSON or file://).")
    String tableCreationParameters;

    @Option(
            names = "--client-token",
            paramLabel = "TOKEN",
            description =
                    "Idempotency token: the same request with the same token within 8 hours returns the same import.")
    String clientToken;

    @Override
    int call(AwsJsonClient client) throws IOException {
        ObjectNode request = client.newRequest();
        request.set("S3BucketSource", JsonArgument.read("--s3-bucket-source", s3BucketSource));
        request.put("InputFormat", inputFormat);
        if (inputFormatOptions != null) {
            request.set("InputFormatOptions", JsonArgument.read("--input-format-options", inputFormatOptions));
        }
        if (inputCompressionType != null) {
            request.put("InputCompressionType", inputCompressionType);
        }
        request.set(
                "TableCreationParameters", JsonArgument.read("--table-creation-parameters", tableCreationParameters));
        // like the AWS CLI (and SDKs): an idempotency token is generated when none is given
        request.put(
                "ClientToken",
                clientToken != null ? clientToken : UUID.randomUUID().toString());
        print(client.call("ImportTable", request));
        return DdbImportCli.EXIT_OK;
    }
}
