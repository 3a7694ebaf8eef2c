package dev.ddbimport.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbimport.service.stack.PortChooser;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportSummary;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ddbimport serve --embedded} from the packaged jar on free ports, used only through what it
 * prints: the AWS SDK, this command line's client commands and (when installed) the AWS CLI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeEmbeddedIT {

    private static final Path JAR = Path.of(System.getProperty("ddbimport.jar", "target/ddbimport.jar"));
    private static final String BOOKS = "{\"Item\":{\"Id\":{\"N\":\"1\"},\"Title\":{\"S\":\"A\"}}}\n"
            + "{\"Item\":{\"Id\":{\"N\":\"2\"},\"Title\":{\"S\":\"B\"}}}\n"
            + "{\"Item\":{\"Title\":{\"S\":\"no key\"}}}\n";
    private static final String TABLE = "{\"TableName\":\"%s\",\"KeySchema\":[{\"AttributeName\":\"Id\",\"KeyType\":"
            + "\"HASH\"}],\"AttributeDefinitions\":[{\"AttributeName\":\"Id\",\"AttributeType\":\"N\"}],"
            + "\"BillingMode\":\"PAY_PER_REQUEST\"}";

    @TempDir
    static Path tmp;

    private Process serve;
    private final List<String> printed = new ArrayList<>();
    private int[] ports;
    private URI endpoint;
    private URI s3Endpoint;
    private String bootstrap;
    private DynamoDbClient dynamoDb;
    private String sdkImportArn;

    @BeforeAll
    void startServe() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "packaged jar missing: " + JAR.toAbsolutePath());
        ports = PortChooser.freePorts(6);
        serve = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JAR.toString(),
                        "serve",
                        "--embedded",
                        "--port",
                        Integer.toString(ports[0]),
                        "--s3-port",
                        Integer.toString(ports[1]),
                        "--kafka-port",
                        Integer.toString(ports[2]),
                        "--kafka-controller-port",
                        Integer.toString(ports[3]),
                        "--connect-port",
                        Integer.toString(ports[4]),
                        "--dynamodb-port",
                        Integer.toString(ports[5]),
                        "--data-dir",
                        tmp.resolve("data").toString()))
                .redirectError(tmp.resolve("serve-err.txt").toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        // readLine blocks until the server prints; the process's end (a failed start) ends it with null
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("Serving.")) {
            printed.add(line);
        }
        assertNotNull(line, "serve ended before serving: " + printed + "\n" + stderr());
        endpoint = URI.create(value("Import endpoint"));
        s3Endpoint = URI.create(value("S3 endpoint"));
        bootstrap = value("Kafka bootstrap");
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(s3Endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("ddbimport", "ddbimport-local")))
                .build()) {
            s3.createBucket(b -> b.bucket("it-books"));
            s3.putObject(b -> b.bucket("it-books").key("books/a.json"), RequestBody.fromString(BOOKS));
        }
    }

    @AfterAll
    void stopServe() throws Exception {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (serve != null) {
            serve.destroy(); // SIGTERM: the shutdown hook stops the stack
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve did not stop within 60 s of SIGTERM");
        }
    }

    private String stderr() throws IOException {
        return Files.readString(tmp.resolve("serve-err.txt"), StandardCharsets.UTF_8);
    }

    /** The first word after a label in what serve printed. */
    private String value(String label) {
        for (String line : printed) {
            if (line.startsWith(label + " ")) {
                return line.substring(label.length()).strip().split("\\s+")[0];
            }
        }
        throw new AssertionError("serve did not print '" + label + "': " + printed);
    }

    @Test
    @Order(1)
    void shouldPrintEveryAddressAndPasteableAwsCommands() {
        String all = String.join("\n", printed);
        assertEquals("http://127.0.0.1:" + ports[0], endpoint.toString());
        assertTrue(all.contains("Connect REST     http://127.0.0.1:" + ports[4]), all);
        assertTrue(all.contains("access key ddbimport, secret key ddbimport-local"), all);
        assertTrue(all.contains("aws --endpoint-url " + endpoint + " dynamodb import-table"), all);
    }

    @Test
    @Order(2)
    void shouldImportThroughTheSdkAndDescribeListAndScan() {
        sdkImportArn = dynamoDb.importTable(b -> b.s3BucketSource(
                                s -> s.s3Bucket("it-books").s3KeyPrefix("books/"))
                        .inputFormat(InputFormat.DYNAMODB_JSON)
                        .tableCreationParameters(t -> t.tableName("SdkBooks")
                                .billingMode("PAY_PER_REQUEST")
                                .attributeDefinitions(a -> a.attributeName("Id").attributeType("N"))
                                .keySchema(k -> k.attributeName("Id").keyType("HASH"))))
                .importTableDescription()
                .importArn();
        CliRun wait =
                CliRun.run("wait", "--quiet", "--timeout", "120", "--endpoint-url", endpoint.toString(), sdkImportArn);
        assertEquals(DdbImportCli.EXIT_INPUT_ERRORS, wait.exit(), wait.out() + wait.err());
        var d = dynamoDb.describeImport(b -> b.importArn(sdkImportArn)).importTableDescription();
        assertEquals(ImportStatus.FAILED, d.importStatus());
        assertEquals("ItemValidationError", d.failureCode());
        assertEquals(3, d.processedItemCount());
        assertEquals(2, d.importedItemCount());
        assertEquals(1, d.errorCount());
        List<ImportSummary> listed = dynamoDb.listImports(b -> b.pageSize(25)).importSummaryList();
        assertTrue(listed.stream().anyMatch(s -> s.importArn().equals(sdkImportArn)), listed.toString());
        List<Map<String, AttributeValue>> items =
                dynamoDb.scan(b -> b.tableName("SdkBooks")).items();
        assertEquals(2, items.size());
    }

    @Test
    @Order(3)
    void shouldImportWithTheClientCommandsAndShowTheDeadLetters() throws IOException {
        Path table = tmp.resolve("table.json");
        Files.writeString(table, String.format(TABLE, "CliBooks"));
        CliRun started = CliRun.run(
                "import-table",
                "--endpoint-url",
                endpoint.toString(),
                "--s3-bucket-source",
                "S3Bucket=it-books,S3KeyPrefix=books/",
                "--input-format",
                "DYNAMODB_JSON",
                "--table-creation-parameters",
                "file://" + table);
        assertEquals(0, started.exit(), started.err());
        String arn = started.json().at("/ImportTableDescription/ImportArn").asText();
        assertEquals(
                "IN_PROGRESS",
                started.json().at("/ImportTableDescription/ImportStatus").asText());

        CliRun waited = CliRun.run("wait", "--quiet", "--timeout", "120", "--endpoint-url", endpoint.toString(), arn);
        assertEquals(DdbImportCli.EXIT_INPUT_ERRORS, waited.exit(), waited.err());
        assertEquals(
                2, waited.json().at("/ImportTableDescription/ImportedItemCount").asInt());

        CliRun described = CliRun.run("describe-import", "--endpoint-url", endpoint.toString(), "--import-arn", arn);
        assertEquals(
                "FAILED",
                described.json().at("/ImportTableDescription/ImportStatus").asText());

        CliRun listed = CliRun.run("list-imports", "--endpoint-url", endpoint.toString(), "--page-size", "1");
        assertEquals(0, listed.exit(), listed.err());
        assertEquals(1, listed.json().path("ImportSummaryList").size());
        assertTrue(listed.json().has("NextToken"), listed.out());

        CliRun errors = CliRun.run("errors", arn, "--bootstrap-servers", bootstrap, "--json");
        assertEquals(0, errors.exit(), errors.err());
        JsonNode letter = new ObjectMapper().readTree(errors.out().strip());
        assertEquals("books/a.json", letter.path("key").asText());
        assertEquals(2, letter.path("itemIndex").asInt());
        assertEquals("MISSING_KEY", letter.path("errorCode").asText());
        assertTrue(errors.out().startsWith("{\"key\":\"books/a.json\",\"itemIndex\":2,"), errors.out());

        CliRun none = CliRun.run("errors", arn, "--bootstrap-servers", bootstrap, "--code", "JSON_SYNTAX");
        assertEquals(0, none.exit());
        assertEquals("", none.out());
        assertTrue(none.err().contains("0 dead letters with code JSON_SYNTAX"), none.err());
    }

    @Test
    @Order(4)
    void shouldAnswerAnUnknownImportWithImportNotFound() {
        String unknown = "arn:aws:dynamodb:us-east-1:000000000000:table/Nope/import/01795260686250-00000000";
        CliRun r = CliRun.run("describe-import", "--endpoint-url", endpoint.toString(), "--import-arn", unknown);
        assertEquals(DdbImportCli.EXIT_SERVICE_ERROR, r.exit(), r.out());
        assertTrue(
                r.err()
                        .startsWith("An error occurred (ImportNotFoundException) when calling the DescribeImport"
                                + " operation:"),
                r.err());
    }

    @Test
    @Order(5)
    void shouldRefuseASecondServeOnTheSamePortWithExitFive() throws Exception {
        Path out = tmp.resolve("second-out.txt");
        Path err = tmp.resolve("second-err.txt");
        Process second = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JAR.toString(),
                        "serve",
                        "--embedded",
                        "--port",
                        Integer.toString(ports[0]),
                        "--data-dir",
                        tmp.resolve("second").toString()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second serve did not give up");
        String message = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(DdbImportCli.EXIT_PORT_IN_USE, second.exitValue(), message);
        assertTrue(
                message.contains("Port " + ports[0] + " is already in use, so the embedded import endpoint cannot"
                                + " listen on it")
                        && message.contains("--port"),
                message);
    }

    @Test
    @Order(6)
    void shouldServeTheAwsCli() throws Exception {
        String aws = awsCli();
        Assumptions.assumeTrue(aws != null, "no AWS CLI (/usr/bin/aws or aws on PATH): skipped");
        CliRun list = awsRun(aws, "dynamodb", "list-imports");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains(sdkImportArn), list.out());
        CliRun describe = awsRun(aws, "dynamodb", "describe-import", "--import-arn", sdkImportArn);
        assertEquals(0, describe.exit(), describe.err());
        assertEquals(
                "FAILED",
                describe.json().at("/ImportTableDescription/ImportStatus").asText());
        Path table = tmp.resolve("aws-table.json");
        Files.writeString(table, String.format(TABLE, "AwsCliBooks"));
        CliRun imported = awsRun(
                aws,
                "dynamodb",
                "import-table",
                "--s3-bucket-source",
                "S3Bucket=it-books,S3KeyPrefix=books/",
                "--input-format",
                "DYNAMODB_JSON",
                "--table-creation-parameters",
                "file://" + table);
        assertEquals(0, imported.exit(), imported.err());
        String arn = imported.json().at("/ImportTableDescription/ImportArn").asText();
        CliRun waited = CliRun.run("wait", "--quiet", "--timeout", "120", "--endpoint-url", endpoint.toString(), arn);
        assertEquals(DdbImportCli.EXIT_INPUT_ERRORS, waited.exit(), waited.err());
        CliRun scan = awsRun(aws, "dynamodb", "scan", "--table-name", "AwsCliBooks");
        assertEquals(0, scan.exit(), scan.err());
        assertEquals(2, scan.json().path("Count").asInt());
    }

    @Test
    @Order(7)
    void shouldPreflightAnS3PrefixOfTheEmbeddedStack() throws IOException {
        // the default credentials chain reads these first; they are the embedded S3's fixed local key
        System.setProperty("aws.accessKeyId", "ddbimport");
        System.setProperty("aws.secretAccessKey", "ddbimport-local");
        try {
            CliRun r = CliRun.run(
                    "preflight",
                    "--quiet",
                    "--endpoint-url",
                    s3Endpoint.toString(),
                    "--input-format",
                    "DYNAMODB_JSON",
                    "--table-creation-parameters",
                    String.format(TABLE, "Preflight"),
                    "--output",
                    "json",
                    "s3://it-books/books/");
            assertEquals(DdbImportCli.EXIT_INPUT_ERRORS, r.exit(), r.out() + r.err());
            JsonNode report = r.json();
            assertEquals(1, report.path("Files").asInt());
            assertEquals(3, report.path("ProcessedItemCount").asInt());
            assertEquals(1, report.path("ErrorCount").asInt());
            assertEquals(
                    "books/a.json", report.at("/Errors/0/itemS3Pointer/key").asText());
            assertEquals(2, report.at("/Errors/0/itemS3Pointer/itemIndex").asInt());

            CliRun missing = CliRun.run(
                    "preflight",
                    "--quiet",
                    "--endpoint-url",
                    s3Endpoint.toString(),
                    "--input-format",
                    "DYNAMODB_JSON",
                    "--table-creation-parameters",
                    String.format(TABLE, "Preflight"),
                    "s3://no-such-bucket/x/");
            assertEquals(DdbImportCli.EXIT_IO, missing.exit(), missing.out());
            assertTrue(missing.err().startsWith("Cannot read input from S3 at " + s3Endpoint), missing.err());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    private static String awsCli() {
        if (Files.isExecutable(Path.of("/usr/bin/aws"))) {
            return "/usr/bin/aws";
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "aws"))) {
                return Path.of(dir, "aws").toString();
            }
        }
        return null;
    }

    private CliRun awsRun(String aws, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(aws, "--endpoint-url", endpoint.toString(), "--output", "json"));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        builder.environment().put("AWS_PAGER", "");
        Path out = Files.createTempFile(tmp, "aws-out", ".txt");
        Path err = Files.createTempFile(tmp, "aws-err", ".txt");
        Process p =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "aws did not finish: " + command);
        return new CliRun(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
