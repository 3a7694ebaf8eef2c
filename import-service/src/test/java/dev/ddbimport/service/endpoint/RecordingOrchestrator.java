package dev.ddbimport.service.endpoint;

import dev.ddbimport.service.imports.ImportOrchestrator;
import dev.ddbimport.service.imports.ImportRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers what the service asked the orchestrator to do; runs nothing. */
final class RecordingOrchestrator implements ImportOrchestrator {

    final List<ImportRecord> started = new CopyOnWriteArrayList<>();
    final List<ImportRecord> cancelled = new CopyOnWriteArrayList<>();

    @Override
    public void start(ImportRecord accepted) {
        started.add(accepted);
    }

    @Override
    public void cancel(ImportRecord cancelling) {
        cancelled.add(cancelling);
    }
}
