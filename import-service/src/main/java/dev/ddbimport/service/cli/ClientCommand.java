package dev.ddbimport.service.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * A command that talks to the import endpoint: runs {@link #call(AwsJsonClient)} and turns what can
 * go wrong into a one-line message on stderr and the documented exit status.
 */
abstract class ClientCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ClientOptions options;

    /** Does the work; returns the exit status. */
    abstract int call(AwsJsonClient client) throws IOException;

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return call(options.client());
        } catch (AwsCallException e) {
            err.println(e.getMessage());
            return e.isValidation() ? DdbImportCli.EXIT_USAGE : DdbImportCli.EXIT_SERVICE_ERROR;
        } catch (EndpointUnreachableException e) {
            err.println(e.getMessage());
            return DdbImportCli.EXIT_IO;
        } catch (JsonArgument.InvalidJsonException e) {
            err.println(e.getMessage());
            return DdbImportCli.EXIT_USAGE;
        } catch (IOException e) {
            err.println("Cannot read " + e.getMessage() + ": " + e.getClass().getSimpleName());
            return DdbImportCli.EXIT_IO;
        } finally {
            err.flush();
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void print(com.fasterxml.jackson.databind.JsonNode response) {
        out().print(options.output.render(response));
        out().flush();
    }
}
