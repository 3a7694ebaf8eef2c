package dev.ddbimport.transform;

import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.pipeline.ImportTopics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transform of one import given by its definition, without the registry: the pipeline run by hand
 * ({@code stream-transform --import FILE}), next to connectors posted to Connect. Creates the import's
 * topics first (as the control plane would), then runs the same topology, properties and metrics as
 * {@link StreamTransformApp}. Several instances with the same definition share the import's tasks.
 * Nothing decides when the import is over: stop it once the counters on the progress topic say so.
 */
public final class StandaloneImport implements AutoCloseable {

    /** What {@code /health} reports for the registry, which this mode does not read. */
    private static final String NO_REGISTRY = "NOT_READ (--import)";

    private static final Logger LOG = LoggerFactory.getLogger(StandaloneImport.class);

    private final String importId;
    private final StreamTransformSettings settings;
    private final ScheduledExecutorService metricsScheduler;
    private final ImportStreams streams;

    private StandaloneImport(
            String importId,
            StreamTransformSettings settings,
            ScheduledExecutorService metricsScheduler,
            ImportStreams streams) {
        this.importId = importId;
        this.settings = settings;
        this.metricsScheduler = metricsScheduler;
        this.streams = streams;
    }

    /**
     * Creates the import's missing topics and starts its transform.
     *
     * @param partitions partitions of the chunks, items and errors topics when they are created
     * @param replicationFactor of the topics created; empty for the broker's default
     * @throws IllegalStateException when the topics cannot be created
     * @throws RuntimeException when the topology cannot be built from the definition
     */
    public static StandaloneImport start(
            ImportDefinition definition,
            StreamTransformSettings settings,
            int partitions,
            Optional<Short> replicationFactor)
            throws InterruptedException {
        String importId = TransformProperties.importId(definition);
        ImportTopics topics = new ImportTopics(importId);
        int chunkPartitions;
        try (Admin admin = Admin.create(StreamTransformApp.adminProperties(settings, "ddbimport-transform-topics"))) {
            List<String> created = ImportTopicCreator.ensure(
                    admin,
                    ImportTopicCreator.plan(
                            topics, partitions, replicationFactor, ImportTopicCreator.DEFAULT_ERRORS_RETENTION),
                    "the transform's principal");
            LOG.info("Import {}: topics created: {} (the others existed)", importId, created);
            ImportStreams.StagePartitions stages = ImportStreams.stagePartitions(admin, importId);
            InternalTopics.ensure(admin, ImportStreams.properties(definition, settings), stages);
            chunkPartitions = stages.lastWriteWins();
        }
        ScheduledExecutorService scheduler = ImportStreams.metricsScheduler();
        try {
            ImportStreams streams = ImportStreams.start(importId, definition, settings, chunkPartitions, scheduler);
            LOG.info("Import {}: transform started from its definition (no registry)", importId);
            return new StandaloneImport(importId, settings, scheduler, streams);
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
    }

    public String importId() {
        return importId;
    }

    /** Healthy unless the import's KafkaStreams is in ERROR. */
    public TransformHealth health() {
        TransformHealth.ImportState state =
                new TransformHealth.ImportState(streams.state().name(), streams.failure());
        boolean healthy = streams.healthy();
        return new TransformHealth(
                healthy, NO_REGISTRY, Map.of(importId, state), healthy ? List.of() : List.of(importId));
    }

    /** Commits, leaves the group (other instances take over) and keeps local state for the next start. */
    @Override
    public void close() {
        if (!streams.close(settings.closeTimeout())) {
            LOG.warn("Import {}: KafkaStreams did not close within {}", importId, settings.closeTimeout());
        }
        metricsScheduler.shutdownNow();
    }
}
