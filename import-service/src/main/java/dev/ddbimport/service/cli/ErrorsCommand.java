package dev.ddbimport.service.cli;

import dev.ddbimport.core.model.ValidationException;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.service.imports.ImportArn;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ddbimport errors}: an import's dead letters, from its errors topic. */
@Command(
        name = "errors",
        mixinStandardHelpOptions = true,
        description = {
            "Shows an import's dead letters (the records it refused), read from its errors topic in Kafka: object"
                    + " key and record index first, then the error code, the messages and the record. Records the"
                    + " sink (Connect) or Kafka Streams dead-lettered are shown too, marked as such.",
            ""
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  shown (also when there are none)",
            "  2  invalid ARN or options",
            "  3  Kafka could not be reached",
            "  4  the import has no errors topic (not started, or its dead letters expired)"
        })
final class ErrorsCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMPORT_ARN", description = "The import's ARN.")
    String importArn;

    @Option(
            names = "--import-id",
            paramLabel = "ID",
            description = "Instead of IMPORT_ARN: the import id, e.g. books-by-hand for an import run by hand"
                    + " (deploy/connectors).")
    String importIdOption;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "localhost:9092",
            paramLabel = "HOST:PORT",
            description = "The Kafka cluster of the import (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--code", paramLabel = "CODE", description = "Only dead letters with this error code.")
    String code;

    @Option(
            names = "--limit",
            defaultValue = "100",
            paramLabel = "N",
            description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object a line (for jq), object key and itemIndex first.")
    boolean json;

    @Option(
            names = "--timeout",
            defaultValue = "30",
            paramLabel = "SECONDS",
            description = "How long to wait for Kafka (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    /** The import id from IMPORT_ARN or --import-id (exactly one of them). */
    private String importId() {
        if ((importArn == null) == (importIdOption == null)) {
            throw new ValidationException("give the import's ARN or --import-id (one of them)");
        }
        if (importIdOption == null) {
            return ImportArn.parse(importArn, "ImportArn").importId();
        }
        try {
            return new ImportTopics(importIdOption).importId();
        } catch (IllegalArgumentException e) {
            throw new ValidationException(e.getMessage());
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String importId = importId();
            List<DeadLetter> letters = new DeadLetterReader(bootstrapServers, Duration.ofSeconds(timeoutSeconds))
                    .read(importId, l -> code == null || code.equals(l.errorCode()), Math.max(0, limit));
            for (DeadLetter letter : letters) {
                out.print(json ? letter.json() + System.lineSeparator() : letter.pretty());
            }
            if (!json) {
                err.println(letters.size()
                        + (letters.size() == 1 ? " dead letter" : " dead letters")
                        + (code == null ? "" : " with code " + code)
                        + (letters.size() == limit ? " (--limit reached)" : ""));
            }
            return DdbImportCli.EXIT_OK;
        } catch (ValidationException e) {
            String given = importIdOption != null
                    ? "Invalid --import-id '" + importIdOption + "': "
                    : importArn != null ? "Invalid import ARN '" + importArn + "': " : "";
            err.println(given + e.getMessage());
            return DdbImportCli.EXIT_USAGE;
        } catch (DeadLetterReader.NoErrorsTopicException e) {
            err.println(e.getMessage());
            return DdbImportCli.EXIT_SERVICE_ERROR;
        } catch (KafkaException e) {
            err.println("Cannot read the dead letters from Kafka at " + bootstrapServers + ": " + e.getMessage()
                    + " (is it running? set --bootstrap-servers)");
            return DdbImportCli.EXIT_IO;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
