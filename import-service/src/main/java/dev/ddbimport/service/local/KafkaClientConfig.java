package dev.ddbimport.service.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A Kafka client properties file ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, timeouts,
 * {@code config.providers}...) for every Kafka client the service creates, as Kafka's own tools take
 * {@code --command-config}. Its values may be secrets: nothing here prints them.
 */
public final class KafkaClientConfig {

    public static final String FLAG = "--kafka-config";

    private KafkaClientConfig() {}

    /**
     * Reads {@code file}: every setting, as written.
     *
     * @throws IOException the file cannot be read
     * @throws IllegalArgumentException a setting the service sets itself for each client
     */
    public static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> settings = new HashMap<>();
        for (String key : p.stringPropertyNames()) {
            switch (key) {
                case "bootstrap.servers" ->
                    throw new IllegalArgumentException("bootstrap.servers in " + FLAG + " "
                            + file + ": give the brokers with --bootstrap-servers (or bootstrap-servers= in --config)"
                            + " and keep the file for client settings such as security.protocol");
                case "client.id" ->
                    throw new IllegalArgumentException("client.id in " + FLAG + " " + file
                            + ": the service names each of its clients itself (ddbimport-registry-writer,"
                            + " ddbimport-orchestrator...); remove it");
                default -> settings.put(key, p.getProperty(key).strip());
            }
        }
        return settings;
    }
}
