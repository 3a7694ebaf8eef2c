package dev.ddbimport.service.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/** The AWS CLI's connection and output options, shared by the client commands. */
final class ClientOptions {

    static final String DEFAULT_ENDPOINT = "http://localhost:8000";

    @Option(
            names = "--endpoint-url",
            defaultValue = DEFAULT_ENDPOINT,
            paramLabel = "URL",
            description = "The import endpoint (default: ${DEFAULT-VALUE}, where `ddbimport serve` listens).")
    URI endpointUrl;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description =
                    "The region requests are signed for (default: $AWS_REGION, $AWS_DEFAULT_REGION or us-east-1).")
    String region;

    @Option(
            names = "--output",
            defaultValue = "json",
            paramLabel = "json|table|text",
            description = "Output format, as the AWS CLI's (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    AwsJsonClient client() {
        return new AwsJsonClient(endpointUrl, region());
    }

    String region() {
        if (region != null) {
            return region;
        }
        for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "us-east-1";
    }
}
