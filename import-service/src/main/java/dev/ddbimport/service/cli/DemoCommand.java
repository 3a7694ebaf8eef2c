package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbimport.core.format.DynamoJsonItemWriter;
import dev.ddbimport.core.item.SdkAttributeValues;
import dev.ddbimport.service.imports.ImportArn;
import dev.ddbimport.service.local.ControlPlaneSettings;
import dev.ddbimport.service.local.LocalStack;
import dev.ddbimport.service.stack.PortChooser;
import dev.ddbimport.service.stack.StackSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableCreationParameters;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code ddbimport demo}: the whole product, end to end, on an embedded stack, with bundled data. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Starts the embedded stack (Kafka, Connect, the transform, S3 over a folder, DynamoDB Local and the"
                    + " import endpoint; the usual ports when free, other free ports otherwise), puts the bundled"
                    + " book samples into its S3 (CSV, DynamoDB JSON with GZIP, Ion with ZSTD; invalid records and a"
                    + " duplicate key among them), imports them through the endpoint with the AWS SDK while showing"
                    + " progress, then prints the imports' descriptions, items read back from the tables and the"
                    + " dead letters, and checks that every import ended as it must.",
            ""
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  every import ended with the expected status and counts",
            "  1  an import ended otherwise (the output says which)",
            "  3  the stack could not start, or the data folder could not be written"
        })
final class DemoCommand implements Callable<Integer> {

    private static final Duration IMPORT_DEADLINE = Duration.ofMinutes(3);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int ITEMS_SHOWN = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Where the stack keeps its state and S3 folder (default: a temporary folder, deleted at the"
                    + " end unless --keep).")
    Path dataDir;

    @Option(
            names = "--keep",
            description = "Keep serving after the demo (endpoint, S3, Kafka, Connect as printed) until Ctrl-C, to look"
                    + " around with the AWS CLI.")
    boolean keep;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(
            names = "--verbose",
            description = "Log as `serve` does (warnings, and the service's own INFO lines) on stderr.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!verbose) {
            // before the first logger exists (a new JVM): Kafka's and Streams' expected start-up warnings
            // would bury the demo's output; real errors still show
            quietLogs();
        }
        long begin = System.nanoTime();
        boolean temporary = dataDir == null;
        LocalStack stack = null;
        try {
            Path dir = temporary ? Files.createTempDirectory("ddbimport-demo-") : dataDir;
            dataDir = dir;
            PortChooser ports = new PortChooser();
            StackSettings settings = new StackSettings(
                            ports.preferring(StackSettings.DEFAULT_KAFKA_PORT),
                            ports.preferring(StackSettings.DEFAULT_KAFKA_CONTROLLER_PORT),
                            ports.preferring(StackSettings.DEFAULT_CONNECT_PORT),
                            ports.preferring(StackSettings.DEFAULT_S3_PORT),
                            ports.preferring(StackSettings.DEFAULT_DYNAMODB_PORT),
                            dir,
                            dir.resolve("s3"),
                            false,
                            true)
                    .withFresh(true);
            int endpointPort = ports.preferring(ControlPlaneSettings.DEFAULT_PORT);
            err.println("ddbimport demo: starting the embedded stack in " + dir + " ...");
            err.flush();
            stack = LocalStack.start(settings, endpointPort);
            if (keep) {
                stack.closeOnShutdown();
            }
            out.printf(Locale.ROOT, "Embedded stack up in %.1f s%n", seconds(System.nanoTime() - begin));
            out.print(stack.describe());
            out.println();
            out.flush();
            boolean asExpected = runImports(stack, out, err);
            out.printf(
                    Locale.ROOT,
                    "%nDemo %s in %.1f s%n",
                    asExpected ? "PASSED: every import ended as expected" : "FAILED: see above",
                    seconds(System.nanoTime() - begin));
            out.flush();
            if (keep) {
                out.println();
                out.println("Still serving (--keep). Ctrl-C stops it. Try:");
                out.print(stack.awsCliExamples());
                out.flush();
                new CountDownLatch(1).await();
            }
            return asExpected ? DdbImportCli.EXIT_OK : DdbImportCli.EXIT_INPUT_ERRORS;
        } catch (IOException e) {
            err.println("The demo could not write its data folder: " + e.getMessage());
            return DdbImportCli.EXIT_IO;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DdbImportCli.EXIT_OK;
        } catch (RuntimeException e) {
            err.println("The demo could not run: " + e);
            return DdbImportCli.EXIT_IO;
        } finally {
            if (stack != null) {
                stack.close();
            }
            if (temporary && dataDir != null && !keep) {
                deleteQuietly(dataDir);
            }
            out.flush();
            err.flush();
        }
    }

    private boolean runImports(LocalStack stack, PrintWriter out, PrintWriter err) {
        List<DemoData.DemoImport> imports = DemoData.imports();
        try (S3Client s3 = stack.s3().client();
                DynamoDbClient dynamoDb = DynamoDbClient.builder()
                        .endpointOverride(stack.endpoint())
                        .region(Region.of(LocalStack.REGION))
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .build()) {
            s3.createBucket(b -> b.bucket(DemoData.BUCKET));
            long totalBytes = 0;
            int totalObjects = 0;
            for (DemoData.DemoImport i : imports) {
                for (DemoData.DemoObject o : i.objects()) {
                    s3.putObject(b -> b.bucket(DemoData.BUCKET).key(o.key()), RequestBody.fromBytes(o.bytes()));
                    out.printf(
                            Locale.ROOT,
                            "put s3://%s/%s (%d bytes, %d uncompressed)%n",
                            DemoData.BUCKET,
                            o.key(),
                            o.bytes().length,
                            o.uncompressedBytes());
                }
                totalBytes += i.uncompressedBytes();
                totalObjects += i.objects().size();
            }
            List<String> arns = new ArrayList<>();
            for (DemoData.DemoImport i : imports) {
                String arn = dynamoDb.importTable(b -> b.s3BucketSource(
                                        s -> s.s3Bucket(DemoData.BUCKET).s3KeyPrefix(i.prefix()))
                                .inputFormat(i.inputFormat())
                                .inputCompressionType(i.compression())
                                .tableCreationParameters(booksTable(i.table())))
                        .importTableDescription()
                        .importArn();
                arns.add(arn);
                out.printf(Locale.ROOT, "ImportTable %-13s %s: %s%n", i.table(), i.title(), arn);
            }
            out.flush();
            List<ImportTableDescription> ended = follow(dynamoDb, imports, arns, totalBytes, totalObjects, err);
            return report(stack, dynamoDb, imports, ended, out);
        }
    }

    /** Polls every import until all ended, with one progress bar for all of them. */
    private List<ImportTableDescription> follow(
            DynamoDbClient dynamoDb,
            List<DemoData.DemoImport> imports,
            List<String> arns,
            long totalBytes,
            int totalObjects,
            PrintWriter err) {
        err.flush();
        long deadline = System.nanoTime() + IMPORT_DEADLINE.toNanos();
        ImportTableDescription[] latest = new ImportTableDescription[arns.size()];
        try (ImportProgressBar bar = new ImportProgressBar("demo", totalBytes, quiet, System.err)) {
            while (true) {
                long bytes = 0;
                long items = 0;
                long errors = 0;
                long objects = 0;
                boolean all = true;
                for (int n = 0; n < arns.size(); n++) {
                    String arn = arns.get(n);
                    ImportTableDescription d =
                            dynamoDb.describeImport(b -> b.importArn(arn)).importTableDescription();
                    latest[n] = d;
                    bytes += d.processedSizeBytes() == null ? 0 : d.processedSizeBytes();
                    items += d.processedItemCount() == null ? 0 : d.processedItemCount();
                    errors += d.errorCount() == null ? 0 : d.errorCount();
                    boolean done = ImportOutcome.ended(d.importStatusAsString());
                    objects += done ? imports.get(n).objects().size() : 0;
                    all &= done;
                }
                bar.update(bytes, items, errors, objects, totalObjects);
                if (all || System.nanoTime() > deadline) {
                    break;
                }
                // the poll interval of a condition with a deadline
                LockSupport.parkNanos(POLL.toNanos());
            }
        }
        return List.of(latest);
    }

    private boolean report(
            LocalStack stack,
            DynamoDbClient dynamoDb,
            List<DemoData.DemoImport> imports,
            List<ImportTableDescription> ended,
            PrintWriter out) {
        boolean allAsExpected = true;
        out.println();
        out.println("== Imports (DescribeImport) ==");
        out.printf(
                Locale.ROOT,
                "%-13s %-10s %-20s %9s %8s %6s %9s %6s  %s%n",
                "table",
                "status",
                "failure code",
                "processed",
                "imported",
                "errors",
                "bytes",
                "items",
                "check");
        List<String> problems = new ArrayList<>();
        for (int n = 0; n < imports.size(); n++) {
            DemoData.DemoImport i = imports.get(n);
            ImportTableDescription d = ended.get(n);
            long tableItems = count(dynamoDb, i.table());
            DemoData.Expected e = i.expected();
            List<String> wrong = new ArrayList<>();
            check(wrong, "status", e.status(), d.importStatusAsString());
            check(wrong, "failure code", e.failureCode(), d.failureCode());
            check(wrong, "processed", e.processed(), d.processedItemCount());
            check(wrong, "imported", e.imported(), d.importedItemCount());
            check(wrong, "errors", e.errors(), d.errorCount());
            check(wrong, "table items", e.tableItems(), tableItems);
            out.printf(
                    Locale.ROOT,
                    "%-13s %-10s %-20s %9d %8d %6d %9d %6d  %s%n",
                    i.table(),
                    d.importStatusAsString(),
                    d.failureCode() == null ? "-" : d.failureCode(),
                    nz(d.processedItemCount()),
                    nz(d.importedItemCount()),
                    nz(d.errorCount()),
                    nz(d.processedSizeBytes()),
                    tableItems,
                    wrong.isEmpty() ? "as expected" : "UNEXPECTED " + String.join(", ", wrong));
            if (!wrong.isEmpty()) {
                allAsExpected = false;
                problems.add(i.table() + ": " + String.join(", ", wrong));
            }
        }
        out.println();
        out.println("FAILED with ItemValidationError is DynamoDB's own outcome when some records are invalid:"
                + " the valid items are imported, the invalid ones become dead letters (below).");

        DemoData.DemoImport first = imports.get(0);
        ImportTableDescription firstDescription = ended.get(0);
        out.println();
        out.println("== DescribeImport of " + first.table() + " (as `ddbimport describe-import` prints it) ==");
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.set(
                "ImportTableDescription",
                new AwsJsonClient(stack.endpoint(), LocalStack.REGION)
                        .call("DescribeImport", importArnRequest(firstDescription.importArn()))
                        .path("ImportTableDescription"));
        out.print(OutputFormat.json.render(response));

        out.println();
        out.println("== A few items of " + first.table() + " (Scan) ==");
        dynamoDb.scan(b -> b.tableName(first.table()).limit(ITEMS_SHOWN)).items().stream()
                // sorted by name: the SDK's maps have no order
                .map(item -> new String(
                        DynamoJsonItemWriter.attributes(SdkAttributeValues.fromSdk(new TreeMap<>(item))),
                        StandardCharsets.UTF_8))
                .forEach(out::println);

        out.println();
        out.println("== Dead letters of " + first.table() + " (as `ddbimport errors` prints them) ==");
        String importId =
                ImportArn.parse(firstDescription.importArn(), "ImportArn").importId();
        List<DeadLetter> letters = new DeadLetterReader(
                        stack.stack().kafka().bootstrapServers(), Duration.ofSeconds(30))
                .read(importId, l -> true, 1000);
        letters.forEach(l -> out.print(l.pretty()));
        if (letters.size() != first.expected().errors()) {
            allAsExpected = false;
            problems.add(first.table() + ": " + letters.size() + " dead letters, expected "
                    + first.expected().errors());
        }
        out.println(letters.size() + " dead letters");
        if (!problems.isEmpty()) {
            out.println();
            out.println("Unexpected: " + String.join("; ", problems));
        }
        out.flush();
        return allAsExpected;
    }

    private static ObjectNode importArnRequest(String arn) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("ImportArn", arn);
        return request;
    }

    private static long count(DynamoDbClient dynamoDb, String table) {
        try {
            long n = 0;
            for (Map<String, AttributeValue> ignored :
                    dynamoDb.scanPaginator(b -> b.tableName(table)).items()) {
                n++;
            }
            return n;
        } catch (RuntimeException noTable) {
            return -1;
        }
    }

    private static void check(List<String> wrong, String what, Object expected, Object actual) {
        Object a = actual instanceof Number n ? (Object) n.longValue() : actual;
        if (!Objects.equals(expected, a)) {
            wrong.add(what + " " + actual + " (expected " + expected + ")");
        }
    }

    private static long nz(Long value) {
        return value == null ? 0 : value;
    }

    /** The sample table ({@code samples/books/table.json}) under another name. */
    private static TableCreationParameters booksTable(String name) {
        return TableCreationParameters.builder()
                .tableName(name)
                .attributeDefinitions(
                        a -> a.attributeName("Id").attributeType(ScalarAttributeType.N),
                        a -> a.attributeName("Author").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("Id").keyType(KeyType.HASH))
                .billingMode("PAY_PER_REQUEST")
                .globalSecondaryIndexes(g -> g.indexName("ByAuthor")
                        .keySchema(k -> k.attributeName("Author").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))
                .build();
    }

    private static void quietLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.dev.ddbimport") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.ddbimport", "warn");
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete the demo's folder " + dir + ": " + e.getMessage());
        }
    }
}
