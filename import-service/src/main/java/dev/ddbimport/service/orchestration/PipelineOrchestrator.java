package dev.ddbimport.service.orchestration;

import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.service.imports.ImportOrchestrator;
import dev.ddbimport.service.imports.ImportRecord;
import dev.ddbimport.service.imports.ImportRegistry;
import dev.ddbimport.transform.StreamTransformApp;
import dev.ddbimport.transform.StreamTransformSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@link ImportOrchestrator} that runs each import's pipeline (see {@link ImportRunner} for the
 * steps). Imports run side by side on a few worker threads, each advanced one step per poll interval,
 * so a slow import never holds up another; at most {@code maxRunningPipelines} run at once, the rest
 * wait IN_PROGRESS in acceptance order.
 *
 * <p>Life cycle: {@link #create} builds the clients; {@link #bind} gives it the registry (which the
 * endpoint server reads), resumes every IN_PROGRESS or CANCELLING import found there (restart
 * safety) and finishes the clean-up of ended imports that left topics behind. With a transform state
 * dir in the settings it also hosts the transform ({@link StreamTransformApp}) in this process.
 */
public final class PipelineOrchestrator implements ImportOrchestrator, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineOrchestrator.class);

    private final OrchestratorSettings settings;
    private final Admin admin;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final ConnectRestClient connect;
    private final ScheduledExecutorService workers;
    private final StreamTransformApp transform;
    private final Map<String, ScheduledFuture<?>> scheduled = new HashMap<>();
    private final Map<String, ImportRunner> runners = new HashMap<>();
    private final Deque<ImportRunner> waiting = new ArrayDeque<>();
    private ImportRunner.Context context;
    private boolean closed;

    private PipelineOrchestrator(OrchestratorSettings settings) {
        this.settings = settings;
        Properties props = new Properties();
        props.putAll(settings.kafkaClientSettings());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "ddbimport-orchestrator");
        this.admin = Admin.create(props);
        this.s3 = settings.s3().client();
        this.dynamoDb = settings.dynamoDb().client();
        this.connect = new ConnectRestClient(settings.connectUrl());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newScheduledThreadPool(settings.workerThreads(), r -> {
            Thread t = new Thread(r, "ddbimport-orchestrator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.transform = settings.transformStateDir() == null
                ? null
                : StreamTransformApp.start(
                        StreamTransformSettings.of(settings.bootstrapServers(), settings.transformStateDir())
                                .withClientOverrides(settings.kafkaClientSettings()));
    }

    /** Builds the clients (and starts the hosted transform); imports run once {@link #bind} is called. */
    public static PipelineOrchestrator create(OrchestratorSettings settings) {
        return new PipelineOrchestrator(settings);
    }

    /**
     * Starts running imports from {@code registry}: every running import in it is resumed, and ended
     * imports whose topics are still there are cleaned up.
     */
    public void bind(ImportRegistry registry) {
        Set<String> existingTopics;
        try {
            existingTopics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot list Kafka topics at " + settings.bootstrapServers() + ": " + e, e);
        }
        synchronized (this) {
            context = new ImportRunner.Context(
                    settings,
                    registry,
                    new BucketCheck(s3),
                    new TopicProvisioner(admin, settings),
                    new TableCreator(dynamoDb, Duration.ofMinutes(5)),
                    connect,
                    new ConnectorConfigs(settings),
                    new ImportCleanup(admin, connect),
                    admin);
        }
        registry.all().stream()
                .sorted(java.util.Comparator.comparingLong(ImportRecord::startTime))
                .forEach(r -> {
                    if (r.running()) {
                        log.info("Resuming import {} ({})", r.importId(), r.status());
                        start(r);
                    } else if (existingTopics.contains(new ImportTopics(r.importId()).chunks())
                            || existingTopics.contains(new ImportTopics(r.importId()).progress())) {
                        log.info("Import {} ended {} but left topics: cleaning up", r.importId(), r.status());
                        launch(new ImportRunner(context, r.importId(), ImportRunner.Step.CLEAN_UP), false);
                    }
                });
    }

    @Override
    public void start(ImportRecord accepted) {
        ImportRunner runner;
        synchronized (this) {
            if (context == null || closed || runners.containsKey(accepted.importId())) {
                return; // not bound yet: bind() resumes it from the registry
            }
            runner = new ImportRunner(context, accepted.importId(), ImportRunner.Step.CHECK_BUCKET);
        }
        launch(runner, true);
    }

    @Override
    public void cancel(ImportRecord cancelling) {
        ImportRunner runner;
        synchronized (this) {
            runner = runners.get(cancelling.importId());
            if (runner != null && waiting.remove(runner)) {
                schedule(runner); // a waiting import is cancelled at once
                return;
            }
        }
        if (runner == null) {
            start(cancelling); // not running here (e.g. after a restart): its runner sees CANCELLING
        }
        // a running runner sees CANCELLING on its next tick
    }

    private synchronized void launch(ImportRunner runner, boolean countsAgainstLimit) {
        if (runners.putIfAbsent(runner.importId(), runner) != null) {
            return;
        }
        if (countsAgainstLimit && activeCount() >= settings.maxRunningPipelines()) {
            log.info("Import {} waits: {} pipelines are running", runner.importId(), settings.maxRunningPipelines());
            waiting.add(runner);
            return;
        }
        schedule(runner);
    }

    private long activeCount() {
        long active = 0;
        for (Map.Entry<String, ImportRunner> e : runners.entrySet()) {
            if (scheduled.containsKey(e.getKey()) && !e.getValue().ended()) {
                active++;
            }
        }
        return active;
    }

    private void schedule(ImportRunner runner) {
        long period = settings.pollInterval().toMillis();
        scheduled.put(
                runner.importId(),
                workers.scheduleWithFixedDelay(() -> tick(runner), 0, period, TimeUnit.MILLISECONDS));
    }

    private void tick(ImportRunner runner) {
        boolean wasEnded = runner.ended();
        runner.tick();
        if (!wasEnded && runner.ended()) {
            admitWaiting();
        }
        if (runner.done()) {
            synchronized (this) {
                ScheduledFuture<?> f = scheduled.remove(runner.importId());
                runners.remove(runner.importId());
                if (f != null) {
                    f.cancel(false);
                }
            }
        }
    }

    private synchronized void admitWaiting() {
        while (!waiting.isEmpty() && activeCount() < settings.maxRunningPipelines()) {
            schedule(waiting.poll());
        }
    }

    /** The hosted transform, or null when transform instances run elsewhere. */
    public StreamTransformApp transform() {
        return transform;
    }

    /**
     * Stops driving imports (they stay IN_PROGRESS in the registry and their connectors keep running;
     * the next service resumes them) and closes the hosted transform and the clients.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            scheduled.values().forEach(f -> f.cancel(false));
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runners.values().forEach(ImportRunner::close);
        if (transform != null) {
            transform.close();
        }
        admin.close(Duration.ofSeconds(5));
        s3.close();
        dynamoDb.close();
    }
}
