package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbimport.core.model.ModelJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** A command's exit status and what it printed; {@link #run} runs the {@code ddbimport} command line in-process. */
record CliRun(int exit, String out, String err) {

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
        return ModelJson.read(out, JsonNode.class);
    }
}
