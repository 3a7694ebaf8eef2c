package dev.ddbimport.service.orchestration;

import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.transform.ImportTopicCreator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates an import's topics with the orchestrator's partitions, replication factor and errors
 * retention, by the plan an import run by hand also uses ({@link ImportTopicCreator}); topics that exist
 * already are kept (a resumed import finds them).
 */
final class TopicProvisioner {

    static final int CHUNK_MAX_MESSAGE_BYTES = ImportTopicCreator.MAX_MESSAGE_BYTES;

    private final Admin admin;
    private final OrchestratorSettings settings;

    TopicProvisioner(Admin admin, OrchestratorSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    /** The topics to create for {@code topics}' import. */
    List<NewTopic> plan(ImportTopics topics) {
        return ImportTopicCreator.plan(
                topics, settings.parallelism(), Optional.of(settings.replicationFactor()), settings.errorsRetention());
    }

    /** Creates every topic of the import that does not exist yet. */
    void ensure(ImportTopics topics) throws InterruptedException {
        ImportTopicCreator.ensure(admin, plan(topics), "the service's principal");
    }
}
