package dev.ddbimport.service.orchestration;

import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.pipeline.ImportStatus;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.service.imports.ImportCounters;
import dev.ddbimport.service.imports.ImportRecord;
import dev.ddbimport.service.imports.ImportRegistry;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Runs one import, one step per {@link #tick} (called every poll interval by the orchestrator; the
 * set-up steps run on in the same tick):
 * HeadBucket → topics → table (ACTIVE) → sink and source connectors → watch → end → clean-up. Every
 * step is idempotent, so a runner started for an import that an earlier service instance was running
 * (restart) goes through the steps again and ends up watching the same pipeline. A step that fails
 * for a passing reason (Kafka, Connect or DynamoDB unreachable, a Connect rebalance) is tried again
 * on the next tick.
 */
final class ImportRunner {

    /** Polls a connector may go without a status before the runner checks that its config exists. */
    private static final int STATUS_GRACE_POLLS = 6;

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    enum Step {
        CHECK_BUCKET,
        CREATE_TOPICS,
        CREATE_TABLE,
        START_CONNECTORS,
        WATCH,
        CLEAN_UP,
        DONE
    }

    /** What the runners share: clients and settings. */
    record Context(
            OrchestratorSettings settings,
            ImportRegistry registry,
            BucketCheck bucketCheck,
            TopicProvisioner topics,
            TableCreator tables,
            ConnectRestClient connect,
            ConnectorConfigs connectors,
            ImportCleanup cleanup,
            org.apache.kafka.clients.admin.Admin admin) {}

    private final Context ctx;
    private final String importId;
    private final ImportTopics topics;
    private Step step;
    private PipelineProgress progress;
    private long cleanupDeadlineNanos;
    private boolean connectorsDeleted;
    private String lastProgress;
    private int failuresInARow;
    /** Whether the current run of failures has been logged as a warning. */
    private boolean failureSaid;
    /** Polls in a row that found a connector without a status. */
    private int statusMissing;

    ImportRunner(Context ctx, String importId, Step first) {
        this.ctx = ctx;
        this.importId = importId;
        this.topics = new ImportTopics(importId);
        this.step = first;
    }

    String importId() {
        return importId;
    }

    /** True once the import ended (its slot can go to another import); clean-up may still run. */
    synchronized boolean ended() {
        return step == Step.CLEAN_UP || step == Step.DONE;
    }

    synchronized boolean done() {
        return step == Step.DONE;
    }

    /** Does the next piece of work; never throws. */
    synchronized void tick() {
        if (step == Step.DONE) {
            return;
        }
        try {
            Step before;
            do {
                before = step;
                advance();
                // the set-up steps follow each other at once: waiting a poll interval between them
                // only adds to the import's start-up time
            } while (step != before && setUp(step));
            failuresInARow = 0;
            failureSaid = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failuresInARow++;
            // passing trouble is retried; say so once, then only now and then. Connect's group
            // rebalancing (another import's connectors coming or going) is expected: said only if
            // it lasts
            if (e instanceof ConnectRestClient.Rebalancing && failuresInARow < 20) {
                log.debug("Import {}: step {} waits for Kafka Connect's rebalance: {}", importId, step, e.toString());
            } else if (!failureSaid || failuresInARow % 20 == 0) {
                failureSaid = true;
                log.warn(
                        "Import {}: step {} failed ({} in a row), retrying: {}",
                        importId,
                        step,
                        failuresInARow,
                        e.toString());
            }
        }
    }

    private static boolean setUp(Step s) {
        return s == Step.CREATE_TOPICS || s == Step.CREATE_TABLE || s == Step.START_CONNECTORS;
    }

    private void advance() throws InterruptedException {
        if (step == Step.CLEAN_UP) {
            cleanUp();
            return;
        }
        ImportRecord current = ctx.registry().get(importId).orElse(null);
        if (current == null) {
            step = Step.DONE;
            return;
        }
        if (current.status() == ImportStatus.CANCELLING) {
            cancel();
            return;
        }
        if (!current.running()) {
            startCleanUp();
            return;
        }
        ImportDefinition definition = current.definition();
        switch (step) {
            case CHECK_BUCKET -> {
                Failure missing = ctx.bucketCheck().check(definition.s3BucketSource());
                if (missing != null) {
                    // nothing was created: no topics, no table
                    end(ImportStatus.FAILED, missing, ImportCounters.NONE);
                } else {
                    step = Step.CREATE_TOPICS;
                }
            }
            case CREATE_TOPICS -> {
                ctx.topics().ensure(topics);
                log.info("Import {}: topics ready", importId);
                step = Step.CREATE_TABLE;
            }
            case CREATE_TABLE -> {
                try {
                    ctx.tables().createAndAwaitActive(definition.tableCreationParameters());
                    step = Step.START_CONNECTORS;
                } catch (DynamoDbException e) {
                    if (e.statusCode() >= 400 && e.statusCode() < 500 && e.statusCode() != 429 && !throttled(e)) {
                        end(
                                ImportStatus.FAILED,
                                new Failure(
                                        errorCode(e),
                                        "CreateTable " + definition.tableName() + " was refused: "
                                                + e.awsErrorDetails().errorMessage()),
                                ImportCounters.NONE);
                    } else {
                        throw e;
                    }
                }
            }
            case START_CONNECTORS -> {
                // the sink first: items can then be written as soon as the transform has any
                ctx.connect()
                        .putConfig(
                                ConnectorConfigs.sinkName(importId),
                                ctx.connectors().sink(importId, definition));
                ctx.connect()
                        .putConfig(
                                ConnectorConfigs.sourceName(importId),
                                ctx.connectors().source(importId, definition));
                log.info("Import {}: table {} ACTIVE, connectors started", importId, definition.tableName());
                step = Step.WATCH;
            }
            case WATCH -> watch(definition);
            default -> throw new IllegalStateException("Import " + importId + " has no step " + step);
        }
    }

    private static boolean throttled(DynamoDbException e) {
        String code = errorCode(e);
        return code.contains("Throttl") || code.contains("LimitExceeded");
    }

    private static String errorCode(DynamoDbException e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
                ? "HTTP" + e.statusCode()
                : e.awsErrorDetails().errorCode();
    }

    private void watch(ImportDefinition definition) throws InterruptedException {
        ConnectRestClient.Status sink = ctx.connect().status(ConnectorConfigs.sinkName(importId));
        ConnectRestClient.Status source = ctx.connect().status(ConnectorConfigs.sourceName(importId));
        if (sink == null || source == null) {
            // Connect reports a status only some time after the config was written; putting the
            // config again then would restart the connector (a new listing, a rebalance) for nothing.
            // Asking whether the config is there is left until the status has been missing a while:
            // right after the config was written Connect is rebalancing, refuses the question and logs
            // an error with a stack trace for it
            if (++statusMissing >= STATUS_GRACE_POLLS
                    && (!ctx.connect().exists(ConnectorConfigs.sinkName(importId))
                            || !ctx.connect().exists(ConnectorConfigs.sourceName(importId)))) {
                // lost (Connect's config topic was reset) or deleted by hand: put them back
                statusMissing = 0;
                step = Step.START_CONNECTORS;
            }
            return;
        }
        statusMissing = 0;
        String trace = source.failureTrace();
        if (trace != null) {
            fail(FailureClassifier.connectorFailure(ConnectorConfigs.sourceName(importId), trace));
            return;
        }
        trace = sink.failureTrace();
        if (trace != null) {
            fail(FailureClassifier.connectorFailure(ConnectorConfigs.sinkName(importId), trace));
            return;
        }
        PipelineProgress p = progress();
        Long listed = p.listedObjects();
        PipelineProgress.Counters counters = p.counters();
        String now = PipelineProgress.describe(counters, listed);
        if (!now.equals(lastProgress)) {
            log.info("Import {}: {}", importId, now);
            lastProgress = now;
        }
        if (!CompletionWatcher.transformDone(listed, counters)
                || !p.caughtUp(ConnectorConfigs.sinkGroup(importId), topics.items())) {
            return;
        }
        long sinkErrors = p.sinkErrors();
        Failure failure = CompletionWatcher.outcome(counters, sinkErrors, topics.errors());
        ImportCounters finalCounters = CompletionWatcher.counters(counters, sinkErrors);
        end(failure == null ? ImportStatus.COMPLETED : ImportStatus.FAILED, failure, finalCounters);
    }

    private void fail(Failure failure) {
        PipelineProgress p = progress();
        end(ImportStatus.FAILED, failure, CompletionWatcher.counters(p.counters(), p.sinkErrors()));
    }

    private void cancel() {
        // stop the pipeline first, so the counters recorded are where it stopped
        ctx.cleanup().deleteConnectors(importId);
        connectorsDeleted = true;
        ImportCounters counters = ImportCounters.NONE;
        if (step == Step.WATCH) {
            PipelineProgress p = progress();
            counters = CompletionWatcher.counters(p.counters(), p.sinkErrors());
        }
        end(ImportStatus.CANCELLED, null, counters);
    }

    private void end(ImportStatus status, Failure failure, ImportCounters counters) {
        long now = System.currentTimeMillis();
        ctx.registry()
                .update(
                        importId,
                        current -> current.running()
                                ? current.ended(
                                        status,
                                        failure == null ? null : failure.code(),
                                        failure == null ? null : failure.message(),
                                        now,
                                        counters)
                                : current);
        log.info(
                "Import {}: {}{} (processed {}, imported {}, errors {})",
                importId,
                status,
                failure == null ? "" : String.format(Locale.ROOT, " %s: %s", failure.code(), failure.message()),
                counters.processedItemCount(),
                counters.importedItemCount(),
                counters.errorCount());
        startCleanUp();
    }

    private void startCleanUp() {
        step = Step.CLEAN_UP;
        cleanupDeadlineNanos =
                System.nanoTime() + ctx.settings().cleanupTimeout().toNanos();
    }

    private void cleanUp() throws InterruptedException {
        if (!connectorsDeleted) {
            ctx.cleanup().deleteConnectors(importId);
            connectorsDeleted = true;
        }
        // the transform instances drop the import once they read its end on the registry; wait for
        // them (and the connectors' tasks) to let go before deleting the topics under them
        if (!ctx.cleanup().released(importId) && System.nanoTime() < cleanupDeadlineNanos) {
            return;
        }
        ctx.cleanup().deleteKafkaState(importId);
        close();
        step = Step.DONE;
    }

    private PipelineProgress progress() {
        if (progress == null) {
            progress = new PipelineProgress(
                    importId, ctx.settings().bootstrapServers(), ctx.settings().kafkaClientSettings(), ctx.admin());
        }
        return progress;
    }

    synchronized void close() {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }
}
