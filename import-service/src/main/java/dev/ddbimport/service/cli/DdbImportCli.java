package dev.ddbimport.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ddbimport} command line. */
@Command(
        name = "ddbimport",
        mixinStandardHelpOptions = true,
        versionProvider = DdbImportCli.Version.class,
        description = {
            "DynamoDB's import from S3, self-hosted on Kafka.",
            "Start with `ddbimport demo`, or `ddbimport serve --embedded` and the AWS CLI."
        },
        subcommands = {
            DemoCommand.class,
            ServeCommand.class,
            ImportTableCommand.class,
            DescribeImportCommand.class,
            ListImportsCommand.class,
            CancelImportCommand.class,
            WaitCommand.class,
            ErrorsCommand.class,
            PreflightCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExit status (each command's --help says which apply):%n",
        footer = {
            "  0  success (wait: the import COMPLETED; preflight: no errors in the input)",
            "  1  the import FAILED (wait), the input has errors (preflight), an unexpected outcome (demo)",
            "  2  invalid command line or request (a ValidationException, bad JSON)",
            "  3  an input could not be read, or the endpoint / Kafka could not be reached",
            "  4  the service refused the request (unknown import, limits, conflicts)",
            "  5  a port is already in use (serve)",
            "  6  the import was CANCELLED (wait)",
            "  7  wait --timeout passed before the import ended"
        })
public final class DdbImportCli implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_INPUT_ERRORS = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_IO = 3;
    public static final int EXIT_SERVICE_ERROR = 4;
    public static final int EXIT_PORT_IN_USE = 5;
    public static final int EXIT_CANCELLED = 6;
    public static final int EXIT_TIMEOUT = 7;

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
