package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ddbimport describe-import}: DescribeImport, with the AWS CLI's options and output. */
@Command(
        name = "describe-import",
        mixinStandardHelpOptions = true,
        description = {"Shows an import's state and counters (DescribeImport), as the AWS CLI prints them.", ""},
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  described (whatever the import's status)",
            "  2  invalid ARN (ValidationException)",
            "  3  the endpoint could not be reached",
            "  4  no such import (ImportNotFoundException) or another service error"
        })
final class DescribeImportCommand extends ClientCommand {

    @Option(names = "--import-arn", required = true, paramLabel = "ARN", description = "The import's ARN.")
    String importArn;

    @Override
    int call(AwsJsonClient client) {
        ObjectNode request = client.newRequest();
        request.put("ImportArn", importArn);
        print(client.call("DescribeImport", request));
        return DdbImportCli.EXIT_OK;
    }
}
