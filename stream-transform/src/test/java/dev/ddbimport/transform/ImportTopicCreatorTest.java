package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbimport.core.pipeline.ImportTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class ImportTopicCreatorTest {

    private final ImportTopics topics = new ImportTopics("01J0000000000000000000000A");

    @Test
    void shouldPlanTheFiveTopicsWithTheirPartitionsAndLimits() {
        Map<String, NewTopic> plan =
                byName(ImportTopicCreator.plan(topics, 6, Optional.of((short) 3), Duration.ofDays(2)));

        assertEquals(5, plan.size());
        assertEquals(6, plan.get(topics.chunks()).numPartitions());
        assertEquals(6, plan.get(topics.items()).numPartitions());
        assertEquals(6, plan.get(topics.errors()).numPartitions());
        assertEquals(1, plan.get(topics.progress()).numPartitions());
        assertEquals(1, plan.get(topics.manifest()).numPartitions());
        plan.values().forEach(t -> assertEquals(3, t.replicationFactor(), t.name()));
        assertEquals("4194304", plan.get(topics.chunks()).configs().get("max.message.bytes"));
        assertEquals("4194304", plan.get(topics.errors()).configs().get("max.message.bytes"));
        assertEquals(
                Long.toString(Duration.ofDays(2).toMillis()),
                plan.get(topics.errors()).configs().get("retention.ms"));
        assertEquals("compact", plan.get(topics.progress()).configs().get("cleanup.policy"));
        assertEquals("compact", plan.get(topics.manifest()).configs().get("cleanup.policy"));
    }

    @Test
    void shouldLeaveTheReplicationFactorToTheBrokerWhenNoneIsGiven() {
        ImportTopicCreator.plan(topics, 1, Optional.empty(), ImportTopicCreator.DEFAULT_ERRORS_RETENTION)
                .forEach(t -> assertEquals(-1, t.replicationFactor(), t.name()));
    }

    @Test
    void shouldRefuseFewerThanOnePartition() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ImportTopicCreator.plan(topics, 0, Optional.empty(), Duration.ofDays(1)));
        assertEquals("an import's topics need at least 1 partition, got 0", e.getMessage());
    }

    private static Map<String, NewTopic> byName(List<NewTopic> plan) {
        return plan.stream().collect(Collectors.toMap(NewTopic::name, Function.identity()));
    }
}
