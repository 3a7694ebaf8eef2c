package dev.ddbimport.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportTopicsTest {

    @Test
    void shouldNameEveryTopicOfAnImportFromItsId() {
        ImportTopics topics = new ImportTopics("01700000000000-0a1b2c3d");

        assertEquals("ddbimport.01700000000000-0a1b2c3d.chunks", topics.chunks());
        assertEquals("ddbimport.01700000000000-0a1b2c3d.items", topics.items());
        assertEquals("ddbimport.01700000000000-0a1b2c3d.errors", topics.errors());
        assertEquals("ddbimport.01700000000000-0a1b2c3d.progress", topics.progress());
        assertEquals("ddbimport.01700000000000-0a1b2c3d.manifest", topics.manifest());
        assertEquals(
                List.of(topics.chunks(), topics.items(), topics.errors(), topics.progress(), topics.manifest()),
                topics.all());
    }

    @Test
    void shouldKeepEveryImportTopicUnderThePrefixAndApartFromTheRegistry() {
        for (String topic : new ImportTopics("a").all()) {
            assertTrue(topic.startsWith(ImportTopics.PREFIX), topic);
            assertFalse(topic.equals(ImportTopics.REGISTRY_TOPIC), topic);
        }
    }

    @Test
    void shouldAcceptTheLongestIdThatStillNamesKafkaTopics() {
        char[] id = new char[200];
        Arrays.fill(id, 'x');

        ImportTopics topics = new ImportTopics(new String(id));

        // Kafka's own limit on topic names is 249 characters
        assertTrue(topics.manifest().length() <= 249, topics.manifest());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.b", "a/b", "a b", "import:1", "\u00e9t\u00e9"})
    void shouldRejectIdsThatCannotNameKafkaTopics(String id) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ImportTopics(id));

        assertEquals(
                "import id '" + id + "' cannot name Kafka topics: use 1-200 characters of A-Z, a-z, 0-9, '_' and '-'",
                e.getMessage());
    }

    @Test
    void shouldRejectAnIdLongerThan200Characters() {
        char[] id = new char[201];
        Arrays.fill(id, 'x');

        assertThrows(IllegalArgumentException.class, () -> new ImportTopics(new String(id)));
    }

    @Test
    void shouldRejectAMissingId() {
        assertThrows(NullPointerException.class, () -> new ImportTopics(null));
    }
}
