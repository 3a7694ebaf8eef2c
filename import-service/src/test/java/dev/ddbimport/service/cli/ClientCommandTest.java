package dev.ddbimport.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client commands against a scripted endpoint (a local HTTP server answering as DynamoDB does):
 * requests as the AWS CLI sends them, output shapes, and every error's message and exit status.
 */
class ClientCommandTest {

    private static final String ARN =
            "arn:aws:dynamodb:us-east-1:000000000000:table/Books/import/01795260686250-da365f0f";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();

    record Answer(int status, String body) {}

    record Request(String target, JsonNode body, String authorization) {}

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            synchronized (requests) {
                requests.add(new Request(
                        exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                        MAPPER.readTree(body),
                        exchange.getRequestHeaders().getFirst("Authorization")));
            }
            Answer answer;
            synchronized (answers) {
                answer = answers.size() > 1 ? answers.poll() : answers.peek();
            }
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(int status, String body) {
        answers.add(new Answer(status, body));
    }

    private static String description(String status, String extra) {
        return "{\"ImportTableDescription\":{\"ImportArn\":\"" + ARN + "\",\"ImportStatus\":\"" + status
                + "\",\"StartTime\":1.795260686250E9,\"ProcessedItemCount\":12,\"ErrorCount\":5" + extra + "}}";
    }

    private CliRun client(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--endpoint-url", endpoint()));
        all.addAll(Arrays.asList(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "demo",
                "serve",
                "import-table",
                "describe-import",
                "list-imports",
                "cancel-import",
                "wait",
                "errors",
                "preflight"
            })
    void shouldShowHelpWithExitStatusesForEveryCommand(String command) {
        CliRun r = CliRun.run(command, "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Usage: ddbimport " + command), r.out());
        assertTrue(r.out().contains("Exit status"), r.out());
    }

    @Test
    void shouldListEveryCommandInTheTopLevelHelp() {
        CliRun r = CliRun.run("--help");
        assertEquals(0, r.exit());
        for (String c : List.of("demo", "serve", "import-table", "describe-import", "list-imports", "wait", "errors")) {
            assertTrue(r.out().contains(c), c + " missing from " + r.out());
        }
    }

    @Test
    void shouldSendImportTableAsTheAwsCliDoesAndPrintTheResponse() throws IOException {
        Path table = tmp.resolve("table.json");
        Files.writeString(
                table,
                "{\"TableName\":\"Books\",\"KeySchema\":[{\"AttributeName\":\"Id\",\"KeyType\":\"HASH\"}],"
                        + "\"AttributeDefinitions\":[{\"AttributeName\":\"Id\",\"AttributeType\":\"N\"}],"
                        + "\"BillingMode\":\"PAY_PER_REQUEST\"}");
        answer(200, description("IN_PROGRESS", ""));
        CliRun r = client(
                "import-table",
                "--s3-bucket-source",
                "S3Bucket=demo,S3KeyPrefix=books/",
                "--input-format",
                "CSV",
                "--input-format-options",
                "{\"Csv\":{\"Delimiter\":\";\"}}",
                "--input-compression-type",
                "GZIP",
                "--table-creation-parameters",
                "file://" + table,
                "--client-token",
                "t-1");
        assertEquals(0, r.exit(), r.err());
        Request sent = requests.get(0);
        assertEquals("DynamoDB_20120810.ImportTable", sent.target());
        assertTrue(sent.authorization().startsWith("AWS4-HMAC-SHA256 Credential="), sent.authorization());
        assertEquals(
                MAPPER.readTree("{\"S3BucketSource\":{\"S3Bucket\":\"demo\",\"S3KeyPrefix\":\"books/\"},"
                        + "\"InputFormat\":\"CSV\",\"InputFormatOptions\":{\"Csv\":{\"Delimiter\":\";\"}},"
                        + "\"InputCompressionType\":\"GZIP\",\"TableCreationParameters\":"
                        + Files.readString(table) + ",\"ClientToken\":\"t-1\"}"),
                sent.body());
        JsonNode printed = MAPPER.readTree(r.out());
        assertEquals(ARN, printed.at("/ImportTableDescription/ImportArn").asText());
        // times as the AWS CLI v2 prints them
        assertEquals(
                "2026-11-21T11:31:26.250000+00:00",
                printed.at("/ImportTableDescription/StartTime").asText());
        assertTrue(r.out().startsWith("{\n    \"ImportTableDescription\""), r.out());
    }

    @Test
    void shouldDescribeListAndCancelWithTheirRequestMembers() {
        answer(200, description("COMPLETED", ""));
        assertEquals(0, client("describe-import", "--import-arn", ARN).exit());
        assertEquals("DynamoDB_20120810.DescribeImport", requests.get(0).target());
        assertEquals(ARN, requests.get(0).body().path("ImportArn").asText());

        answers.clear();
        answer(200, "{\"ImportSummaryList\":[],\"NextToken\":\"n2\"}");
        CliRun list = client(
                "list-imports",
                "--table-arn",
                "arn:aws:dynamodb:us-east-1:000000000000:table/Books",
                "--page-size",
                "5",
                "--next-token",
                "n1");
        assertEquals(0, list.exit(), list.err());
        JsonNode body = requests.get(1).body();
        assertEquals("DynamoDB_20120810.ListImports", requests.get(1).target());
        assertEquals(5, body.path("PageSize").asInt());
        assertEquals("n1", body.path("NextToken").asText());
        assertTrue(list.out().contains("\"NextToken\" : \"n2\""), list.out());

        answers.clear();
        answer(200, description("CANCELLING", ""));
        assertEquals(0, client("cancel-import", "--import-arn", ARN).exit());
        assertEquals("DynamoDB_20120810.CancelImport", requests.get(2).target());
    }

    @Test
    void shouldPrintTextAndTableOutput() {
        answer(200, description("FAILED", ",\"FailureCode\":\"ItemValidationError\""));
        CliRun text = client("describe-import", "--import-arn", ARN, "--output", "text");
        assertEquals(0, text.exit());
        assertEquals(
                "IMPORTTABLEDESCRIPTION\t" + ARN
                        + "\tFAILED\t2026-11-21T11:31:26.250000+00:00\t12\t5\tItemValidationError\n",
                text.out());
        CliRun table = client("describe-import", "--import-arn", ARN, "--output", "table");
        assertTrue(table.out().contains("| ImportTableDescription.ImportStatus       | FAILED"), table.out());
        assertTrue(table.out().startsWith("+-"), table.out());
    }

    @Test
    void shouldReportAnUnknownImportAsTheAwsCliDoesWithExitFour() {
        answer(
                400,
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ImportNotFoundException\",\"message\":\"Import not"
                        + " found: " + ARN + "\"}");
        CliRun r = client("describe-import", "--import-arn", ARN);
        assertEquals(DdbImportCli.EXIT_SERVICE_ERROR, r.exit());
        assertEquals(
                "An error occurred (ImportNotFoundException) when calling the DescribeImport operation: Import not"
                        + " found: " + ARN + "\n",
                r.err());
        assertEquals("", r.out());
    }

    @Test
    void shouldExitTwoOnAValidationException() {
        answer(
                400,
                "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"Invalid Import ARN\"}");
        CliRun r = client("describe-import", "--import-arn", "nope");
        assertEquals(DdbImportCli.EXIT_USAGE, r.exit());
        assertTrue(
                r.err()
                        .contains("An error occurred (ValidationException) when calling the DescribeImport operation:"
                                + " Invalid Import ARN"),
                r.err());
    }

    @Test
    void shouldRefuseBadJsonBeforeCallingAnything() throws IOException {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"TableName\": \"Books\", ");
        answer(200, "{}");
        CliRun r = client(
                "import-table",
                "--s3-bucket-source",
                "S3Bucket=demo",
                "--input-format",
                "CSV",
                "--table-creation-parameters",
                "file://" + bad);
        assertEquals(DdbImportCli.EXIT_USAGE, r.exit());
        assertTrue(r.err().startsWith("Error parsing parameter '--table-creation-parameters': Invalid JSON:"), r.err());
        assertTrue(requests.isEmpty());
    }

    @Test
    void shouldGenerateAClientTokenWhenNoneIsGiven() {
        answer(200, description("IN_PROGRESS", ""));
        CliRun r = client(
                "import-table",
                "--s3-bucket-source",
                "{\"S3Bucket\":\"demo\"}",
                "--input-format",
                "ION",
                "--table-creation-parameters",
                "{}");
        assertEquals(0, r.exit(), r.err());
        assertEquals(36, requests.get(0).body().path("ClientToken").asText().length());
        assertEquals(
                "demo", requests.get(0).body().at("/S3BucketSource/S3Bucket").asText());
    }

    @Test
    void shouldRefuseBadShorthand() {
        CliRun r = client(
                "import-table",
                "--s3-bucket-source",
                "demo",
                "--input-format",
                "CSV",
                "--table-creation-parameters",
                "{}");
        assertEquals(DdbImportCli.EXIT_USAGE, r.exit());
        assertEquals(
                "Error parsing parameter '--s3-bucket-source': expected JSON or Name=value,Name=value shorthand, got"
                        + " 'demo'\n",
                r.err());
    }

    @Test
    void shouldExitThreeWhenAFileInputIsMissing() {
        CliRun r = client(
                "import-table",
                "--s3-bucket-source",
                "S3Bucket=demo",
                "--input-format",
                "CSV",
                "--table-creation-parameters",
                "file://" + tmp.resolve("missing.json"));
        assertEquals(DdbImportCli.EXIT_IO, r.exit());
        assertTrue(r.err().contains("missing.json"), r.err());
    }

    @Test
    void shouldExitThreeWithAClearMessageWhenTheEndpointIsDown() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRun r = CliRun.run("describe-import", "--endpoint-url", "http://127.0.0.1:" + closed, "--import-arn", ARN);
        assertEquals(DdbImportCli.EXIT_IO, r.exit());
        assertTrue(
                r.err().startsWith("Could not connect to the endpoint URL: \"http://127.0.0.1:" + closed + "\""),
                r.err());
        assertTrue(r.err().contains("ddbimport serve --embedded"), r.err());
    }

    @Test
    void shouldWaitUntilTheImportEndsAndExitByOutcome() {
        answer(200, description("IN_PROGRESS", ""));
        answer(200, description("COMPLETED", ""));
        CliRun done = client("wait", "--quiet", ARN);
        assertEquals(0, done.exit(), done.err());
        assertTrue(done.out().contains("\"ImportStatus\" : \"COMPLETED\""), done.out());
        assertTrue(requests.size() >= 2);

        answers.clear();
        answer(200, description("FAILED", ",\"FailureCode\":\"ItemValidationError\""));
        assertEquals(
                DdbImportCli.EXIT_INPUT_ERRORS, client("wait", "--quiet", ARN).exit());

        answers.clear();
        answer(200, description("CANCELLED", ""));
        assertEquals(DdbImportCli.EXIT_CANCELLED, client("wait", "--quiet", ARN).exit());

        answers.clear();
        answer(200, description("IN_PROGRESS", ""));
        CliRun timeout = client("wait", "--quiet", "--timeout", "0", ARN);
        assertEquals(DdbImportCli.EXIT_TIMEOUT, timeout.exit());
        assertTrue(timeout.err().contains("still IN_PROGRESS"), timeout.err());
        assertFalse(timeout.out().contains("ImportTableDescription"));
    }

    @Test
    void shouldRefuseAnInvalidArnInErrors() {
        CliRun r = CliRun.run("errors", "not-an-arn");
        assertEquals(DdbImportCli.EXIT_USAGE, r.exit());
        assertTrue(r.err().startsWith("Invalid import ARN 'not-an-arn'"), r.err());
    }

    @Test
    void shouldExitThreeWhenKafkaIsDownForErrors() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRun r = CliRun.run("errors", ARN, "--bootstrap-servers", "127.0.0.1:" + closed, "--timeout", "2");
        assertEquals(DdbImportCli.EXIT_IO, r.exit(), r.err());
        assertTrue(r.err().startsWith("Cannot read the dead letters from Kafka at 127.0.0.1:" + closed), r.err());
    }
}
