package dev.ddbimport.service.stack;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the embedded stack listens and keeps its data. Each port is named by the command-line flag
 * that sets it, so a clash can tell the user what to change.
 *
 * @param kafkaPort the broker's client port ({@value #KAFKA_PORT_FLAG})
 * @param kafkaControllerPort the KRaft controller's port ({@value #KAFKA_CONTROLLER_PORT_FLAG})
 * @param connectPort the Connect worker's REST port ({@value #CONNECT_PORT_FLAG})
 * @param s3Port the S3 endpoint's port ({@value #S3_PORT_FLAG})
 * @param dynamoDbPort DynamoDB Local's port ({@value #DYNAMODB_PORT_FLAG}); internal, since the public
 *     DynamoDB port belongs to the import endpoint
 * @param dataDir the stack's state: {@code kafka/} and {@code dynamodb/} below it
 * @param s3Dir the folder served as S3: each sub-folder is a bucket
 * @param fresh wipe the stack's state in {@code dataDir} before starting (never the S3 folder)
 * @param dynamoDbInMemory keep DynamoDB Local's tables in memory instead of under {@code dataDir}
 * @param pluginPath null: Connect loads the connectors from this JVM's classpath; else a folder of
 *     installed plugin archives ({@value #PLUGIN_PATH_FLAG}), each loaded in its own class loader
 */
public record StackSettings(
        int kafkaPort,
        int kafkaControllerPort,
        int connectPort,
        int s3Port,
        int dynamoDbPort,
        Path dataDir,
        Path s3Dir,
        boolean fresh,
        boolean dynamoDbInMemory,
        Path pluginPath) {

    public static final String KAFKA_PORT_FLAG = "--kafka-port";
    public static final String KAFKA_CONTROLLER_PORT_FLAG = "--kafka-controller-port";
    public static final String CONNECT_PORT_FLAG = "--connect-port";
    public static final String S3_PORT_FLAG = "--s3-port";
    public static final String DYNAMODB_PORT_FLAG = "--dynamodb-port";
    public static final String PLUGIN_PATH_FLAG = "--plugin-path";

    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_CONNECT_PORT = 8083;
    public static final int DEFAULT_S3_PORT = 9000;
    public static final int DEFAULT_DYNAMODB_PORT = 8001;

    public StackSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(s3Dir, "s3Dir");
        dataDir = dataDir.toAbsolutePath().normalize();
        s3Dir = s3Dir.toAbsolutePath().normalize();
        if (pluginPath != null) {
            pluginPath = pluginPath.toAbsolutePath().normalize();
        }
        Map<Integer, String> seen = new HashMap<>();
        requirePort(seen, kafkaPort, KAFKA_PORT_FLAG);
        requirePort(seen, kafkaControllerPort, KAFKA_CONTROLLER_PORT_FLAG);
        requirePort(seen, connectPort, CONNECT_PORT_FLAG);
        requirePort(seen, s3Port, S3_PORT_FLAG);
        requirePort(seen, dynamoDbPort, DYNAMODB_PORT_FLAG);
    }

    /** Connectors from the classpath (no plugin path). */
    public StackSettings(
            int kafkaPort,
            int kafkaControllerPort,
            int connectPort,
            int s3Port,
            int dynamoDbPort,
            Path dataDir,
            Path s3Dir,
            boolean fresh,
            boolean dynamoDbInMemory) {
        this(
                kafkaPort,
                kafkaControllerPort,
                connectPort,
                s3Port,
                dynamoDbPort,
                dataDir,
                s3Dir,
                fresh,
                dynamoDbInMemory,
                null);
    }

    /** The familiar default ports, state under {@code dataDir}, S3 served from {@code dataDir/s3}. */
    public static StackSettings defaults(Path dataDir) {
        return new StackSettings(
                DEFAULT_KAFKA_PORT,
                DEFAULT_KAFKA_CONTROLLER_PORT,
                DEFAULT_CONNECT_PORT,
                DEFAULT_S3_PORT,
                DEFAULT_DYNAMODB_PORT,
                dataDir,
                dataDir.resolve("s3"),
                false,
                false);
    }

    /**
     * Every port a free one chosen now (tests, benchmarks), state under {@code dataDir}, S3 served from
     * {@code s3Dir}, not fresh.
     */
    public static StackSettings onFreePorts(Path dataDir, Path s3Dir, boolean dynamoDbInMemory) {
        int[] ports = PortChooser.freePorts(5);
        return new StackSettings(
                ports[0], ports[1], ports[2], ports[3], ports[4], dataDir, s3Dir, false, dynamoDbInMemory);
    }

    public StackSettings withFresh(boolean fresh) {
        return new StackSettings(
                kafkaPort,
                kafkaControllerPort,
                connectPort,
                s3Port,
                dynamoDbPort,
                dataDir,
                s3Dir,
                fresh,
                dynamoDbInMemory,
                pluginPath);
    }

    public StackSettings withS3Dir(Path s3Dir) {
        return new StackSettings(
                kafkaPort,
                kafkaControllerPort,
                connectPort,
                s3Port,
                dynamoDbPort,
                dataDir,
                s3Dir,
                fresh,
                dynamoDbInMemory,
                pluginPath);
    }

    public StackSettings withDynamoDbInMemory(boolean dynamoDbInMemory) {
        return new StackSettings(
                kafkaPort,
                kafkaControllerPort,
                connectPort,
                s3Port,
                dynamoDbPort,
                dataDir,
                s3Dir,
                fresh,
                dynamoDbInMemory,
                pluginPath);
    }

    /**
     * Connect loads its plugins from {@code pluginPath} (a folder holding unpacked plugin archives, as
     * a worker's {@code plugin.path}); null: from this JVM's classpath only.
     */
    public StackSettings withPluginPath(Path pluginPath) {
        return new StackSettings(
                kafkaPort,
                kafkaControllerPort,
                connectPort,
                s3Port,
                dynamoDbPort,
                dataDir,
                s3Dir,
                fresh,
                dynamoDbInMemory,
                pluginPath);
    }

    /** The broker's log directory (KRaft metadata included). */
    public Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    /** DynamoDB Local's database folder (unused when in memory). */
    public Path dynamoDbDir() {
        return dataDir.resolve("dynamodb");
    }

    private static void requirePort(Map<Integer, String> seen, int port, String flag) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(flag + " must be a port between 1 and 65535, not " + port);
        }
        String other = seen.putIfAbsent(port, flag);
        if (other != null) {
            throw new IllegalArgumentException(
                    other + " and " + flag + " are both " + port + ": give each part of the stack its own port");
        }
    }
}
