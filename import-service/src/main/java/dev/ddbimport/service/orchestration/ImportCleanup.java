package dev.ddbimport.service.orchestration;

import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.transform.TransformCleanup;
import dev.ddbimport.transform.TransformProperties;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what an ended import left in Kafka and Connect: both connectors, the transform's internal
 * topics and consumer group, the sink's consumer group and the transient topics (chunks, items,
 * progress, manifest). The errors topic stays (its retention deletes the dead letters). Every step is
 * idempotent, so an interrupted clean-up is simply run again.
 */
final class ImportCleanup {

    private static final Logger log = LoggerFactory.getLogger(ImportCleanup.class);
    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final ConnectRestClient connect;

    ImportCleanup(Admin admin, ConnectRestClient connect) {
        this.admin = admin;
        this.connect = connect;
    }

    /** Deletes both connectors (stops the pipeline's Connect side). */
    void deleteConnectors(String importId) {
        connect.delete(ConnectorConfigs.sourceName(importId));
        connect.delete(ConnectorConfigs.sinkName(importId));
    }

    /** True once no connector, transform instance or sink task of the import holds its topics. */
    boolean released(String importId) throws InterruptedException {
        return connect.status(ConnectorConfigs.sourceName(importId)) == null
                && connect.status(ConnectorConfigs.sinkName(importId)) == null
                && groupEmpty(TransformProperties.applicationId(importId))
                && groupEmpty(ConnectorConfigs.sinkGroup(importId));
    }

    /** Deletes the groups, the transform's internal topics and the transient topics. */
    void deleteKafkaState(String importId) throws InterruptedException {
        try {
            TransformCleanup.deleteConsumerGroup(admin, importId);
        } catch (KafkaException e) {
            log.warn("Import {}: {}", importId, e.getMessage());
        }
        deleteGroup(ConnectorConfigs.sinkGroup(importId));
        List<String> internal = TransformCleanup.deleteInternalTopics(admin, importId);
        ImportTopics topics = new ImportTopics(importId);
        List<String> transient_ = List.of(topics.chunks(), topics.items(), topics.progress(), topics.manifest());
        var results =
                admin.deleteTopics(TopicCollection.ofTopicNames(transient_)).topicNameValues();
        for (var r : results.entrySet()) {
            try {
                r.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException(
                            "Cannot delete topic " + r.getKey() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not delete topic " + r.getKey() + " in time", e);
            }
        }
        log.info("Import {}: cleaned up (deleted {} and {}; kept {})", importId, transient_, internal, topics.errors());
    }

    private boolean groupEmpty(String group) throws InterruptedException {
        try {
            Map<String, ConsumerGroupDescription> d =
                    admin.describeConsumerGroups(List.of(group)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            ConsumerGroupDescription g = d.get(group);
            return g == null || g.members().isEmpty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return true;
            }
            throw new IllegalStateException("Cannot describe consumer group " + group + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not describe consumer group " + group + " in time", e);
        }
    }

    private void deleteGroup(String group) throws InterruptedException {
        try {
            admin.deleteConsumerGroups(List.of(group)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                log.warn(
                        "Cannot delete consumer group {}: {}",
                        group,
                        e.getCause().getMessage());
            }
        } catch (TimeoutException e) {
            log.warn("Kafka did not delete consumer group {} in time", group);
        }
    }
}
