package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbimport.core.FormatSpec;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ImportTableRequest;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.model.RequestValidator;
import dev.ddbimport.core.model.SerializationException;
import dev.ddbimport.core.model.ValidationException;
import dev.ddbimport.service.orchestration.S3Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code ddbimport preflight}: checks local files against a table definition before an import. */
@Command(
        name = "preflight",
        mixinStandardHelpOptions = true,
        description = {
            "Checks local files exactly as an import would read them: decompresses, frames, parses and validates"
                    + " every record against the table's keys, and reports what the import would count and"
                    + " dead-letter. Nothing is written anywhere.",
            ""
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  no errors: an import of these files would complete",
            "  1  the files have errors (an import would end FAILED with ItemValidationError)",
            "  2  invalid options or table definition",
            "  3  a file could not be read"
        })
final class PreflightCommand implements Callable<Integer> {

    /** Files bigger than this in total get a progress bar (unless --quiet). */
    private static final long PROGRESS_THRESHOLD_BYTES = 32L << 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--input-format",
            required = true,
            paramLabel = "CSV|DYNAMODB_JSON|ION",
            description = "Format of the files, as ImportTable's InputFormat.")
    String inputFormat;

    @Option(
            names = "--input-compression-type",
            defaultValue = "NONE",
            paramLabel = "GZIP|ZSTD|NONE",
            description = "Compression of the files (default: ${DEFAULT-VALUE}).")
    String inputCompressionType;

    @Option(
            names = "--csv-delimiter",
            paramLabel = "CHAR",
            description = "CSV delimiter: one of , ; : | (or tab / space; also \\t). Default ','.")
    String csvDelimiter;

    @Option(
            names = "--csv-header",
            split = ",",
            paramLabel = "NAME",
            description = "CSV column names (HeaderList), comma-separated; then every line is data.")
    List<String> csvHeader;

    @Option(
            names = "--table-creation-parameters",
            required = true,
            paramLabel = "JSON|file://PATH",
            description = "The table definition, in the JSON the AWS CLI takes for import-table.")
    String tableCreationParameters;

    @Option(
            names = "--show-errors",
            defaultValue = "10",
            paramLabel = "N",
            description = "How many errors to print as error records (default: ${DEFAULT-VALUE}).")
    int showErrors;

    @Option(
            names = "--output",
            defaultValue = "text",
            paramLabel = "text|json",
            description = "Report format (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(
            names = "--max-record-bytes",
            paramLabel = "BYTES",
            description = "A longer record is one error (default: 1 MiB).")
    Long maxRecordBytes;

    @Option(
            names = "--max-uncompressed-bytes",
            paramLabel = "BYTES",
            description = "Decompressed bytes allowed per file (default: 1 TiB).")
    Long maxUncompressedBytes;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Parameters(
            arity = "1..*",
            paramLabel = "FILE|DIR|s3://BUCKET/PREFIX",
            description = "Files, directories (read recursively) or S3 prefixes (every object under them, as an"
                    + " import lists them).")
    List<String> inputs;

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            description = "For s3:// inputs: an S3-compatible endpoint, path-style (for example the embedded stack's"
                    + " http://localhost:9000); default AWS S3. Credentials: the default AWS ones.")
    URI s3EndpointUrl;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description =
                    "For s3:// inputs: the bucket's region (default: $AWS_REGION, $AWS_DEFAULT_REGION or us-east-1).")
    String region;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!output.equals("text") && !output.equals("json")) {
            err.println("--output must be text or json, not '" + output + "'");
            return DdbImportCli.EXIT_USAGE;
        }
        ImportDefinition definition;
        try {
            ImportTableRequest request = ModelJson.mapper().treeToValue(request(), ImportTableRequest.class);
            RequestValidator.validate(request);
            // a preflight is not an import: it gets a placeholder ARN, never shown as a real one
            String arn = "arn:aws:dynamodb:local:000000000000:table/"
                    + request.tableCreationParameters().tableName() + "/import/preflight";
            definition =
                    ImportDefinition.of(request, arn, "preflight").withLimits(maxRecordBytes, maxUncompressedBytes);
        } catch (ValidationException e) {
            err.println("ValidationException: " + e.getMessage());
            return DdbImportCli.EXIT_USAGE;
        } catch (IOException | SerializationException | IllegalArgumentException e) {
            err.println("Cannot read the request: " + e.getMessage());
            return DdbImportCli.EXIT_USAGE;
        }
        FormatSpec formatSpec = FormatSpec.of(definition);
        S3Client s3 = null;
        try {
            List<PreflightInput> files = new ArrayList<>();
            List<Path> local = new ArrayList<>();
            for (String input : inputs) {
                if (input.startsWith("s3://")) {
                    files.addAll(PreflightInput.files(Preflight.expand(local)));
                    local.clear();
                    if (s3 == null) {
                        s3 = s3Client();
                    }
                    files.addAll(PreflightInput.objects(s3, URI.create(input)));
                } else {
                    local.add(Path.of(input));
                }
            }
            files.addAll(PreflightInput.files(Preflight.expand(local)));
            long total = 0;
            for (PreflightInput f : files) {
                total += f.size();
            }
            Preflight preflight = new Preflight(formatSpec, Math.max(0, showErrors));
            Preflight.Report report;
            if (!quiet && total >= PROGRESS_THRESHOLD_BYTES) {
                try (ProgressBar bar = new ProgressBarBuilder()
                        .setTaskName("preflight")
                        .setInitialMax(total)
                        .setUnit(" MiB", 1L << 20)
                        .showSpeed()
                        .setConsumer(new ConsoleProgressBarConsumer(System.err))
                        .build()) {
                    report = preflight.run(files, bar::stepTo);
                }
            } else {
                report = preflight.run(files, n -> {});
            }
            print(out, definition, report);
            return report.errors() == 0 ? DdbImportCli.EXIT_OK : DdbImportCli.EXIT_INPUT_ERRORS;
        } catch (IOException e) {
            err.println("Cannot read input: " + e.getMessage());
            return DdbImportCli.EXIT_IO;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return DdbImportCli.EXIT_USAGE;
        } catch (SdkException e) {
            err.println("Cannot read input from S3" + (s3EndpointUrl == null ? "" : " at " + s3EndpointUrl) + ": "
                    + e.getMessage());
            return DdbImportCli.EXIT_IO;
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    private S3Client s3Client() {
        String r = region;
        if (r == null) {
            r = System.getenv("AWS_REGION") != null
                    ? System.getenv("AWS_REGION")
                    : System.getenv().getOrDefault("AWS_DEFAULT_REGION", "us-east-1");
        }
        return new S3Settings(s3EndpointUrl, r, s3EndpointUrl != null, null, null).client();
    }

    /** The ImportTable request these options describe, so it is validated by the same rules. */
    private ObjectNode request() throws IOException {
        ObjectNode request = ModelJson.mapper().createObjectNode();
        request.put("ClientToken", "preflight");
        request.putObject("S3BucketSource").put("S3Bucket", "preflight");
        request.put("InputFormat", inputFormat);
        request.put("InputCompressionType", inputCompressionType);
        if (csvDelimiter != null || csvHeader != null) {
            ObjectNode csv = request.putObject("InputFormatOptions").putObject("Csv");
            if (csvDelimiter != null) {
                csv.put("Delimiter", delimiter(csvDelimiter));
            }
            if (csvHeader != null) {
                csv.set("HeaderList", ModelJson.mapper().valueToTree(csvHeader));
            }
        }
        request.set("TableCreationParameters", ModelJson.mapper().readTree(CliInputs.read(tableCreationParameters)));
        return request;
    }

    private static String delimiter(String option) {
        return switch (option) {
            case "\\t", "tab", "TAB" -> "\t";
            case "space", "SPACE" -> " ";
            default -> option;
        };
    }

    private void print(PrintWriter out, ImportDefinition definition, Preflight.Report report) {
        if (output.equals("json")) {
            ObjectNode json = ModelJson.mapper().createObjectNode();
            json.put("Files", report.files());
            json.put("Records", report.records());
            json.put("ProcessedItemCount", report.items() + report.errors());
            json.put("ImportedItemCount", report.items());
            json.put("ErrorCount", report.errors());
            json.put("ProcessedSizeBytes", report.uncompressedBytes());
            json.put("DistinctKeys", report.distinctKeys());
            json.put("DuplicateKeys", report.duplicateKeys());
            ObjectNode byCode = json.putObject("ErrorsByCode");
            report.errorsByCode().forEach((code, n) -> byCode.put(code.name(), n));
            json.putPOJO("FailedObjects", report.failedObjects());
            json.putPOJO("Errors", report.firstErrors());
            out.println(json.toPrettyString());
            out.flush();
            return;
        }
        out.printf(
                "Preflight of %d file(s): %s, compression %s, table %s%n",
                report.files(), definition.inputFormat(), definition.compression(), definition.tableName());
        row(out, "records", report.records());
        row(out, "items (valid)", report.items());
        row(out, "errors", report.errors());
        row(out, "uncompressed bytes", report.uncompressedBytes());
        row(out, "distinct keys", report.distinctKeys());
        row(out, "duplicate keys", report.duplicateKeys());
        if (!report.errorsByCode().isEmpty()) {
            out.println();
            out.println("Errors by code:");
            for (Map.Entry<ErrorCode, Long> e : report.errorsByCode().entrySet()) {
                out.printf("  %-28s %,d%n", e.getKey(), e.getValue());
            }
        }
        if (!report.failedObjects().isEmpty()) {
            out.println();
            out.println("Files that could not be read to the end:");
            report.failedObjects().forEach(f -> out.println("  " + f));
        }
        if (!report.firstErrors().isEmpty()) {
            out.println();
            out.printf(
                    "First %d error(s), as the import's error records will look:%n",
                    report.firstErrors().size());
            for (ErrorRecord error : report.firstErrors()) {
                out.println(ModelJson.write(error));
            }
        }
        out.println();
        out.println(
                report.errors() == 0
                        ? "OK: an import of these files would complete with no errors."
                        : "FAILED: an import of these files would end FAILED (ItemValidationError);"
                                + " the valid items would still be imported.");
        out.flush();
    }

    private static void row(PrintWriter out, String label, long value) {
        out.printf("  %-20s %,15d%n", label, value);
    }
}
