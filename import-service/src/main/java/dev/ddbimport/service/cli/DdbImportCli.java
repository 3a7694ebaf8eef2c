package dev.ddbimport.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ddbimport} command line. */
@Command(
        name = "ddbimport",
        mixinStandardHelpOptions = true,
        versionProvider = DdbImportCli.Version.class,
        description = "DynamoDB's import from S3, self-hosted on Kafka.",
        subcommands = {PreflightCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  success (preflight: no errors in the input)",
            "  1  the input has errors (preflight)",
            "  2  invalid command line or request (a ValidationException)",
            "  3  an input could not be read"
        })
public final class DdbImportCli implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_INPUT_ERRORS = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_IO = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DdbImportCli());
        cli.setCaseInsensitiveEnumValuesAllowed(false);
        cli.setExitCodeExceptionMapper(e -> EXIT_USAGE);
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DdbImportCli.class.getPackage().getImplementationVersion();
            return new String[] {"ddbimport " + (v == null ? "(development build)" : v)};
        }
    }
}
