package dev.ddbimport.service.stack;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Local as an HTTP server. It runs with {@code -sharedDb}, so every client sees the same
 * tables whatever credentials and region it signs with, and without telemetry. Tables live in a
 * folder (kept between runs) or in memory.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private boolean closed;

    private EmbeddedDynamoDb(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /**
     * Starts DynamoDB Local on {@code port}, keeping its tables in {@code dbDir} (created if missing),
     * or in memory when {@code dbDir} is null.
     */
    public static EmbeddedDynamoDb start(Path dbDir, int port) {
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-sharedDb", "-disableTelemetry"));
        if (dbDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dbDir);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot create DynamoDB Local's folder " + dbDir + ": " + e, e);
            }
            args.add("-dbPath");
            args.add(dbDir.toString());
        }
        URI endpoint = URI.create("http://" + HOST + ":" + port);
        DynamoDBProxyServer server;
        try {
            // parsed here rather than by createServerFromCommandLineArgs, which prints a banner on stdout
            CommandLineInput input = new CommandLineInput(args.toArray(String[]::new));
            if (!input.init()) {
                throw new IllegalStateException("DynamoDB Local refused its arguments " + args);
            }
            server = ServerRunner.createServer(input);
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port + ": " + e, e);
        }
        return new EmbeddedDynamoDb(server, endpoint);
    }

    /** The endpoint for a DynamoDB client's endpoint override. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local on " + endpoint + " did not stop cleanly: " + e, e);
        }
    }
}
