package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ddbimport wait}: follows an import to its end with a progress bar; exit status by outcome. */
@Command(
        name = "wait",
        mixinStandardHelpOptions = true,
        description = {
            "Follows an import until it ends, with a live progress bar on stderr (bytes, items, items/s, errors),"
                    + " then prints its final description (DescribeImport).",
            ""
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  the import COMPLETED",
            "  1  the import FAILED (see FailureCode/FailureMessage; dead letters: ddbimport errors IMPORT_ARN)",
            "  2  invalid ARN (ValidationException)",
            "  3  the endpoint could not be reached",
            "  4  no such import, or another service error",
            "  6  the import was CANCELLED",
            "  7  --timeout passed before the import ended"
        })
final class WaitCommand extends ClientCommand {

    private static final Duration POLL = Duration.ofMillis(500);

    @Parameters(index = "0", paramLabel = "IMPORT_ARN", description = "The import's ARN.")
    String importArn;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: never).")
    Long timeoutSeconds;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    int call(AwsJsonClient client) {
        ObjectNode request = client.newRequest();
        request.put("ImportArn", importArn);
        long deadline = timeoutSeconds == null ? Long.MAX_VALUE : System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        JsonNode description;
        try (ImportProgressBar bar = new ImportProgressBar("import", -1, quiet, System.err)) {
            while (true) {
                description = client.call("DescribeImport", request).path("ImportTableDescription");
                bar.update(
                        description.path("ProcessedSizeBytes").asLong(0),
                        description.path("ProcessedItemCount").asLong(0),
                        description.path("ErrorCount").asLong(0),
                        -1,
                        -1);
                if (ImportOutcome.ended(description)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    spec.commandLine()
                            .getErr()
                            .println("The import is still "
                                    + description.path("ImportStatus").asText() + " after " + timeoutSeconds + " s: "
                                    + importArn);
                    return DdbImportCli.EXIT_TIMEOUT;
                }
                // the poll interval of a condition with a deadline
                LockSupport.parkNanos(POLL.toNanos());
            }
        }
        ObjectNode shown = client.newRequest();
        shown.set("ImportTableDescription", description);
        print(shown);
        return ImportOutcome.exitStatus(description);
    }
}
