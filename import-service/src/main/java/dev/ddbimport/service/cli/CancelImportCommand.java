package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddbimport cancel-import}: CancelImport (an extension: DynamoDB's API has none). */
@Command(
        name = "cancel-import",
        mixinStandardHelpOptions = true,
        description = {
            "Cancels an import in progress: its pipeline stops, the items already written stay in the table.",
            ""
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  cancelling (follow it with: ddbimport wait IMPORT_ARN)",
            "  2  invalid ARN (ValidationException)",
            "  3  the endpoint could not be reached",
            "  4  no such import, or it already ended (a service error)"
        })
final class CancelImportCommand extends ClientCommand {

    @Option(names = "--import-arn", required = true, paramLabel = "ARN", description = "The import's ARN.")
    String importArn;

    @Override
    int call(AwsJsonClient client) {
        ObjectNode request = client.newRequest();
        request.put("ImportArn", importArn);
        print(client.call("CancelImport", request));
        return DdbImportCli.EXIT_OK;
    }
}
