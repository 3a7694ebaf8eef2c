package dev.ddbimport.service.local;

import dev.ddbimport.service.orchestration.DynamoDbSettings;
import dev.ddbimport.service.orchestration.S3Settings;
import dev.ddbimport.service.stack.EmbeddedS3;
import dev.ddbimport.service.stack.EmbeddedStack;
import dev.ddbimport.service.stack.StackSettings;
import java.net.URI;
import java.util.Locale;

/**
 * Everything in one JVM: the embedded stack (Kafka, Connect, S3 over a folder, DynamoDB Local) and
 * the control plane in front of it, with the transform hosted in-process. What {@code ddbimport
 * serve --embedded} and {@code ddbimport demo} run.
 */
public final class LocalStack implements AutoCloseable {

    /** The region of the local stack's ARNs; any region works for the local parts. */
    public static final String REGION = "us-east-1";
    // DynamoDB Local wants keys of letters and digits only; it checks no signature
    private static final String DYNAMODB_LOCAL_KEY = "local";
    private static final int PARALLELISM = 2;

    private final EmbeddedStack stack;
    private final ControlPlane controlPlane;
    private final S3Settings s3;
    private final ShutdownHook shutdownHook = new ShutdownHook(this::close, "ddbimport-local-shutdown");
    private boolean closed;

    private LocalStack(EmbeddedStack stack, ControlPlane controlPlane, S3Settings s3) {
        this.stack = stack;
        this.controlPlane = controlPlane;
        this.s3 = s3;
    }

    /**
     * Starts the stack, then the control plane on {@code endpointPort} (0: a free port). A taken port
     * fails before anything starts, with a {@code PortInUseException} naming its flag.
     */
    public static LocalStack start(StackSettings stackSettings, int endpointPort) {
        if (endpointPort != 0) {
            // fail on the endpoint's port before the stack spends seconds starting
            ControlPlane.requireFree(endpointPort);
        }
        EmbeddedStack stack = EmbeddedStack.start(stackSettings);
        try {
            S3Settings s3 =
                    S3Settings.local(stack.s3().endpoint(), EmbeddedS3.ACCESS_KEY_ID, EmbeddedS3.SECRET_ACCESS_KEY);
            ControlPlane controlPlane = ControlPlane.start(ControlPlaneSettings.local(
                    stack.kafka().bootstrapServers(),
                    stack.connect().restUrl(),
                    s3,
                    new DynamoDbSettings(stack.dynamoDb().endpoint(), REGION, DYNAMODB_LOCAL_KEY, DYNAMODB_LOCAL_KEY),
                    endpointPort,
                    REGION,
                    stackSettings.dataDir().resolve("transform"),
                    PARALLELISM));
            return new LocalStack(stack, controlPlane, s3);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public EmbeddedStack stack() {
        return stack;
    }

    /** The import endpoint: a DynamoDB endpoint with ImportTable. */
    public URI endpoint() {
        return controlPlane.endpoint();
    }

    /** The local S3's connection settings (path-style, the fixed local credentials). */
    public S3Settings s3() {
        return s3;
    }

    /** Addresses, folders, the local S3 credentials and commands to paste, for people. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT, "%-16s %s  (DynamoDB API with ImportTable)%n", "Import endpoint", endpoint()));
        text.append(stack.describe());
        return text.toString();
    }

    /** Ready-to-paste AWS CLI commands against this stack. */
    public String awsCliExamples() {
        String endpoint = endpoint().toString();
        String s3Endpoint = stack.s3().endpoint().toString();
        String s3Env = "AWS_ACCESS_KEY_ID=" + EmbeddedS3.ACCESS_KEY_ID + " AWS_SECRET_ACCESS_KEY="
                + EmbeddedS3.SECRET_ACCESS_KEY + " AWS_DEFAULT_REGION=" + REGION;
        String env = "AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=" + REGION;
        return String.join(
                System.lineSeparator(),
                "# put data into the local S3 (or copy files to " + stack.s3().root() + "/<bucket>/...)",
                s3Env + " aws --endpoint-url " + s3Endpoint + " s3 mb s3://my-bucket",
                s3Env + " aws --endpoint-url " + s3Endpoint + " s3 cp books.json s3://my-bucket/books/",
                "# import it",
                env + " aws --endpoint-url " + endpoint + " dynamodb import-table \\",
                "    --s3-bucket-source S3Bucket=my-bucket,S3KeyPrefix=books/ --input-format DYNAMODB_JSON \\",
                "    --table-creation-parameters '{\"TableName\":\"Books\",\"KeySchema\":[{\"AttributeName\":\"Id\","
                        + "\"KeyType\":\"HASH\"}],\"AttributeDefinitions\":[{\"AttributeName\":\"Id\","
                        + "\"AttributeType\":\"N\"}],\"BillingMode\":\"PAY_PER_REQUEST\"}'",
                env + " aws --endpoint-url " + endpoint + " dynamodb list-imports",
                env + " aws --endpoint-url " + endpoint + " dynamodb describe-import --import-arn <ImportArn>",
                env + " aws --endpoint-url " + endpoint + " dynamodb scan --table-name Books",
                "# or with this command line: ddbimport wait <ImportArn>; ddbimport errors <ImportArn> --bootstrap-servers "
                        + stack.kafka().bootstrapServers(),
                "");
    }

    /** Closes this stack when the JVM exits (Ctrl-C, SIGTERM), unless it was closed before. */
    public synchronized LocalStack closeOnShutdown() {
        if (!closed) {
            shutdownHook.add();
        }
        return this;
    }

    /** Stops the control plane, then the stack; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdownHook.remove();
        try {
            controlPlane.close();
        } finally {
            stack.close();
        }
    }
}
