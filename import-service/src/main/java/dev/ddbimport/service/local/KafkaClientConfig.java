package dev.ddbimport.service.local;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A Kafka client properties file ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, timeouts,
 * {@code config.providers}...) for every Kafka client the service creates, as Kafka's own tools take
 * {@code --command-config}. Its values may be secrets: nothing here prints them.
 */
public final class KafkaClientConfig {

    public static final String FLAG = "--kafka-config";

    /**
     * The settings Kafka's clients type as passwords, taken from their own definitions so that a
     * new one (such as {@code ssl.keystore.key}) needs no change here.
     */
    private static final Set<String> PASSWORD_KEYS = Stream.of(
                    ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())
            .flatMap(def -> def.configKeys().values().stream())
            .filter(key -> key.type == ConfigDef.Type.PASSWORD)
            .map(key -> key.name)
            .collect(Collectors.toUnmodifiableSet());

    /**
     * The prefixes Kafka Streams reads as settings of one of its clients ({@code
     * producer.ssl.key.password}); the file reaches the hosted transform's Streams config as it is.
     */
    private static final List<String> CLIENT_PREFIXES =
            List.of("main.consumer.", "restore.consumer.", "global.consumer.", "consumer.", "producer.", "admin.");

    /** How a value names a config provider's secret instead of holding it: {@code ${file:path:key}}. */
    private static final String PROVIDER_REFERENCE = "${";

    private KafkaClientConfig() {}

    /**
     * The keys (never the values) of {@code settings} that hold a secret literally: those Kafka types
     * as passwords ({@code sasl.jaas.config}, {@code ssl.key.password}...), also behind a Kafka Streams
     * client prefix ({@code producer.sasl.jaas.config}), whose value is set and has no config provider
     * reference. They matter because the service copies every setting into each source
     * connector's config, which Connect stores and returns in plain text.
     *
     * @return sorted, empty when every secret is a reference or there is none
     */
    public static List<String> literalSecretKeys(Map<String, String> settings) {
        Set<String> keys = new TreeSet<>();
        settings.forEach((key, value) -> {
            if (PASSWORD_KEYS.contains(withoutClientPrefix(key))
                    && !value.isBlank()
                    && !value.contains(PROVIDER_REFERENCE)) {
                keys.add(key);
            }
        });
        return List.copyOf(keys);
    }

    private static String withoutClientPrefix(String key) {
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                return key.substring(prefix.length());
            }
        }
        return key;
    }

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
