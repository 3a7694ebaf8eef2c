package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddbimport list-imports}: ListImports, with the AWS CLI's options and output. */
@Command(
        name = "list-imports",
        mixinStandardHelpOptions = true,
        description = {"Lists imports, newest first (ListImports), as the AWS CLI prints them.", ""},
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  listed",
            "  2  invalid options (ValidationException)",
            "  3  the endpoint could not be reached",
            "  4  another service error"
        })
final class ListImportsCommand extends ClientCommand {

    @Option(names = "--table-arn", paramLabel = "ARN", description = "Only the imports into this table.")
    String tableArn;

    @Option(names = "--page-size", paramLabel = "N", description = "Imports per page (1-25).")
    Integer pageSize;

    @Option(names = "--next-token", paramLabel = "TOKEN", description = "The NextToken of the previous page.")
    String nextToken;

    @Override
    int call(AwsJsonClient client) {
        ObjectNode request = client.newRequest();
        if (tableArn != null) {
            request.put("TableArn", tableArn);
        }
        if (pageSize != null) {
            request.put("PageSize", pageSize);
        }
        if (nextToken != null) {
            request.put("NextToken", nextToken);
        }
        print(client.call("ListImports", request));
        return DdbImportCli.EXIT_OK;
    }
}
