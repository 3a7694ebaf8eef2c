package dev.ddbimport.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Removes what an import's transform leaves in Kafka once the import is over: Kafka Streams' internal
 * topics (the repartition topic and the stores' changelogs) and the application's consumer group.
 * The control plane calls it after every transform instance has let go of the import (the registry
 * says the import is no longer IN_PROGRESS); each instance deletes its own local state itself.
 *
 * <p>Names are matched exactly, never by prefix: the application id of import {@code a} is a prefix
 * of import {@code a-b}'s, and a prefix match would delete the other import's state.
 */
public final class TransformCleanup {

    private TransformCleanup() {}

    /** The Kafka Streams internal topics of {@code importId}'s transform, whether they exist or not. */
    public static List<String> internalTopics(String importId) {
        String appId = TransformProperties.applicationId(importId);
        List<String> topics = new ArrayList<>();
        topics.add(ImportTopology.repartitionTopic(appId));
        for (String store : ImportTopology.STORES) {
            topics.add(InternalTopics.changelog(appId, store));
        }
        return topics;
    }

    /**
     * Deletes the internal topics of {@code importId}'s transform that exist.
     *
     * @return the topics deleted (empty when there were none)
     * @throws KafkaException when the cluster refuses or cannot be reached; safe to call again
     */
    public static List<String> deleteInternalTopics(Admin admin, String importId) throws InterruptedException {
        List<String> wanted = internalTopics(importId);
        List<String> deleted = new ArrayList<>();
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<String> present = wanted.stream().filter(existing::contains).toList();
            if (present.isEmpty()) {
                return deleted;
            }
            Map<String, KafkaFuture<Void>> results =
                    admin.deleteTopics(TopicCollection.ofTopicNames(present)).topicNameValues();
            for (Map.Entry<String, KafkaFuture<Void>> r : results.entrySet()) {
                try {
                    r.getValue().get();
                    deleted.add(r.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e; // gone already (another caller) is fine; anything else is not
                    }
                }
            }
            return deleted;
        } catch (ExecutionException e) {
            throw new KafkaException(
                    "Cannot delete the internal topics " + wanted + " of import " + importId + ": "
                            + e.getCause().getMessage() + "; check the cluster and the client's ACLs, then retry",
                    e.getCause());
        }
    }

    /**
     * Deletes the consumer group of {@code importId}'s transform (its committed offsets). Only
     * possible once no instance runs the import any more.
     *
     * @return true when the group existed and was deleted
     * @throws KafkaException when the group still has members or the cluster refuses; retry later
     */
    public static boolean deleteConsumerGroup(Admin admin, String importId) throws InterruptedException {
        String group = TransformProperties.applicationId(importId);
        try {
            admin.deleteConsumerGroups(List.of(group)).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return false;
            }
            throw new KafkaException(
                    "Cannot delete consumer group " + group + " of import " + importId + ": "
                            + e.getCause().getMessage()
                            + "; every transform instance must have stopped the import first, then retry",
                    e.getCause());
        }
    }
}
