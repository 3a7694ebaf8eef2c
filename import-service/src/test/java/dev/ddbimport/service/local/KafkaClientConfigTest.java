package dev.ddbimport.service.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which settings of a --kafka-config file hold a secret literally, as Kafka's clients type them. */
class KafkaClientConfigTest {

    @Test
    void shouldReportThePasswordKeysGivenLiterallySorted() {
        Map<String, String> settings = Map.of(
                "ssl.keystore.password", "hunter2",
                "sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\""
                                + " password=\"hunter3\";",
                "ssl.keystore.key", "-----BEGIN ENCRYPTED PRIVATE KEY-----",
                "security.protocol", "SASL_SSL");
        assertEquals(
                List.of("sasl.jaas.config", "ssl.keystore.key", "ssl.keystore.password"),
                KafkaClientConfig.literalSecretKeys(settings));
    }

    @Test
    void shouldReportPasswordKeysBehindAStreamsClientPrefix() {
        Map<String, String> settings = Map.of(
                "producer.ssl.key.password", "hunter2",
                "main.consumer.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"svc\""
                                + " password=\"hunter3\";",
                "admin.ssl.truststore.password", "${file:/etc/ddbimport/secrets/kafka.properties:truststore}",
                "producer.linger.ms", "20",
                "consumer.ssl.truststore.location", "/etc/ddbimport/secrets/truststore.p12");
        assertEquals(
                List.of("main.consumer.sasl.jaas.config", "producer.ssl.key.password"),
                KafkaClientConfig.literalSecretKeys(settings));
    }

    @Test
    void shouldNotReportPasswordsGivenAsConfigProviderReferences() {
        Map<String, String> settings = Map.of(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\""
                        + " password=\"${file:/etc/ddbimport/secrets/kafka.properties:password}\";",
                "ssl.truststore.password",
                "${file:/etc/ddbimport/secrets/kafka.properties:truststore}",
                "ssl.key.password",
                "${env:DDBIMPORT_KEY_PASSWORD}");
        assertEquals(List.of(), KafkaClientConfig.literalSecretKeys(settings));
    }

    @Test
    void shouldNotReportSettingsKafkaDoesNotTypeAsPasswords() {
        Map<String, String> settings = Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/ddbimport/secrets/truststore.p12",
                "config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "ssl.key.password", "");
        assertEquals(List.of(), KafkaClientConfig.literalSecretKeys(settings));
    }
}
