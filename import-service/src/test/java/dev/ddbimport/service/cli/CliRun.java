package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** A command's exit status and what it printed; {@link #run} runs the {@code ddbimport} command line in-process. */
record CliRun(int exit, String out, String err) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Runs {@code args} through the command line the jar's main runs, capturing stdout and stderr. */
    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = DdbImportCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** Stdout as JSON, for commands run with {@code --output json} or printing an API response. */
    JsonNode json() {
        try {
            return MAPPER.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("stdout is not JSON: " + out, e);
        }
    }
}
