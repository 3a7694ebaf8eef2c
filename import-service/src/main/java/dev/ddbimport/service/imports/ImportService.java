package dev.ddbimport.service.imports;

import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ImportTableRequest;
import dev.ddbimport.core.model.RequestValidator;
import dev.ddbimport.core.model.ValidationException;
import dev.ddbimport.core.pipeline.ImportStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The import API with DynamoDB's semantics (ImportTable, DescribeImport, ListImports) and our
 * CancelImport. Stateless apart from the {@link ImportRegistry}: every answer comes from the registry
 * topic, so a restarted service answers the same.
 *
 * <p>ImportTable, in DynamoDB's order: the request's own rules ({@link RequestValidator}); a
 * ClientToken seen within the token window whose import still runs returns that import (a different
 * TableName is an ImportConflictException); a table that already exists, or that a running import is
 * creating, is a ResourceInUseException ("Table already exists: <name>"), which is what a replay gets
 * once its import ended and left its table; a replay of an ended import whose table is gone returns
 * the old import; more than {@code maxImportsInProgress} running imports is a LimitExceededException.
 * Otherwise the import gets its ARN and TableId, is written IN_PROGRESS, and the orchestrator starts it.
 */
public final class ImportService {

    static final int DEFAULT_PAGE_SIZE = 10;
    static final int MAX_PAGE_SIZE = 25;
    private static final Pattern NEXT_TOKEN = Pattern.compile("([0-9a-f]{16})+");
    private static final Comparator<ImportRecord> NEWEST_FIRST = Comparator.comparingLong(ImportRecord::startTime)
            .thenComparing(ImportRecord::importId)
            .reversed();

    private final ImportServiceSettings settings;
    private final ImportRegistry registry;
    private final ProgressReader progress;
    private final TableCatalog tables;
    private final ImportOrchestrator orchestrator;
    private final Clock clock;
    private final RandomGenerator random;

    public ImportService(
            ImportServiceSettings settings,
            ImportRegistry registry,
            ProgressReader progress,
            TableCatalog tables,
            ImportOrchestrator orchestrator,
            Clock clock,
            RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.tables = Objects.requireNonNull(tables, "tables");
        this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    public ImportServiceSettings settings() {
        return settings;
    }

    /** ImportTable: the accepted (or replayed) import. */
    public ImportView importTable(ImportTableRequest request) {
        RequestValidator.validate(request);
        String tableName = request.tableCreationParameters().tableName();
        // one decision at a time: two requests must not both pass the token, table and limit checks
        Accepted accepted = registry.exclusively(() -> decide(request, tableName));
        if (accepted.isNew()) {
            orchestrator.start(accepted.record());
        }
        return view(accepted.record());
    }

    private record Accepted(ImportRecord record, boolean isNew) {}

    private Accepted decide(ImportTableRequest request, String tableName) {
        long now = clock.millis();
        ImportRecord previous = byClientToken(request.clientToken(), now);
        if (previous != null && previous.running()) {
            return replay(previous, tableName);
        }
        if (runningImportOf(tableName) != null || tables.exists(tableName)) {
            throw ApiError.resourceInUse("Table already exists: " + tableName);
        }
        if (previous != null) {
            return replay(previous, tableName);
        }
        long running = registry.all().stream().filter(ImportRecord::running).count();
        if (running >= settings.maxImportsInProgress()) {
            throw ApiError.limitExceeded("Import limit exceeded: " + running + " imports are in progress and at most "
                    + settings.maxImportsInProgress() + " may run at once; wait for one to end and try again");
        }
        String importId = ImportArn.newImportId(now, random);
        ImportArn arn = ImportArn.of(settings, tableName, importId);
        ImportDefinition definition = ImportDefinition.of(request, arn.toString(), importId);
        ImportRecord record = ImportRecord.inProgress(
                definition, arn.tableArn(), UUID.randomUUID().toString(), now);
        registry.put(record);
        return new Accepted(record, true);
    }

    private static Accepted replay(ImportRecord previous, String tableName) {
        // DynamoDB ignores every other changed member of a replay; only another table conflicts
        if (!previous.tableName().equals(tableName)) {
            throw ApiError.importConflict();
        }
        return new Accepted(previous, false);
    }

    private ImportRecord byClientToken(String token, long now) {
        long oldest = now - settings.clientTokenWindow().toMillis();
        ImportRecord newest = null;
        for (ImportRecord r : registry.all()) {
            if (token.equals(r.definition().clientToken())
                    && r.startTime() >= oldest
                    && (newest == null || NEWEST_FIRST.compare(r, newest) < 0)) {
                newest = r;
            }
        }
        return newest;
    }

    private ImportRecord runningImportOf(String tableName) {
        for (ImportRecord r : registry.all()) {
            if (r.running() && r.tableName().equals(tableName)) {
                return r;
            }
        }
        return null;
    }

    /** True while an import runs for this table (DescribeTable then reports it CREATING). */
    public boolean importing(String tableName) {
        return runningImportOf(tableName) != null;
    }

    /** DescribeImport. */
    public ImportView describeImport(String importArn) {
        return view(find(importArn));
    }

    /** ListImports: newest first, optionally only one table's imports. */
    public ImportPage listImports(String tableArn, Integer pageSize, String nextToken) {
        MemberConstraints constraints = new MemberConstraints();
        constraints.length(tableArn, "tableArn", 1, 1024);
        constraints.range(pageSize, "pageSize", 1, MAX_PAGE_SIZE);
        constraints.length(nextToken, "nextToken", 112, 1024);
        constraints.pattern(nextToken, "nextToken", NEXT_TOKEN, "([0-9a-f]{16})+");
        constraints.throwIfAny();
        ListImportsToken after = nextToken == null ? null : ListImportsToken.decode(nextToken);
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : pageSize;

        List<ImportRecord> matching = new ArrayList<>();
        for (ImportRecord r : registry.all()) {
            if (tableArn == null || tableArn.equals(r.tableArn())) {
                matching.add(r);
            }
        }
        matching.sort(NEWEST_FIRST);
        int from = 0;
        if (after != null) {
            // the first import strictly older than the token's: imports started since do not shift pages
            while (from < matching.size() && !olderThan(matching.get(from), after)) {
                from++;
            }
        }
        int to = Math.min(matching.size(), from + size);
        List<ImportRecord> page = matching.subList(from, to);
        String next = to < matching.size()
                ? new ListImportsToken(
                                page.get(page.size() - 1).startTime(),
                                page.get(page.size() - 1).importId())
                        .encode()
                : null;
        return new ImportPage(page, next);
    }

    private static boolean olderThan(ImportRecord r, ListImportsToken position) {
        if (r.startTime() != position.startTime()) {
            return r.startTime() < position.startTime();
        }
        return r.importId().compareTo(position.importId()) < 0;
    }

    /**
     * CancelImport (ours): an IN_PROGRESS import becomes CANCELLING and the orchestrator stops it; a
     * cancelled or cancelling one is returned as it is; an ended one cannot be cancelled.
     */
    public ImportView cancelImport(String importArn) {
        ImportRecord found = find(importArn);
        ImportRecord cancelling = registry.update(found.importId(), current -> switch (current.status()) {
                    case IN_PROGRESS -> current.cancelling();
                    case CANCELLING, CANCELLED -> current;
                    case COMPLETED, FAILED ->
                        throw new ValidationException("Import " + importArn + " already ended " + current.status()
                                + " and cannot be cancelled");
                })
                .orElse(null);
        if (cancelling != null) {
            orchestrator.cancel(cancelling);
            return view(cancelling);
        }
        return view(find(importArn));
    }

    private ImportRecord find(String importArn) {
        ImportArn arn = ImportArn.parse(importArn, "importArn");
        ImportRecord record = registry.get(arn.importId()).orElse(null);
        if (record == null || !arn.toString().equals(record.importArn())) {
            throw ApiError.importNotFound(importArn);
        }
        return record;
    }

    private ImportView view(ImportRecord record) {
        if (record.running()) {
            return new ImportView(record, progress.read(record.importId()));
        }
        progress.forget(record.importId());
        return new ImportView(record, record.counters() == null ? ImportCounters.NONE : record.counters());
    }

    /** Marks an import ended (for orchestrators): the record as written. */
    public ImportRecord end(
            String importId, ImportStatus status, String failureCode, String failureMessage, ImportCounters counters) {
        long now = clock.millis();
        return registry.update(importId, current -> current.ended(status, failureCode, failureMessage, now, counters))
                .orElseThrow(() -> new IllegalArgumentException("No import " + importId + " in the registry"));
    }
}
