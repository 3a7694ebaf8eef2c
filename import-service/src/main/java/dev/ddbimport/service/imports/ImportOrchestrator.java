package dev.ddbimport.service.imports;

/**
 * Runs the pipeline behind an accepted import. {@link ImportService} calls it after the import's
 * record is on the registry topic; from then on the orchestrator owns the import's progress and
 * writes its end (COMPLETED / FAILED / CANCELLED, with exact counters) through {@link
 * ImportRegistry#update}. Calls must return quickly: do the work on the orchestrator's own threads.
 * After a restart, the orchestrator resumes every running import it finds in the registry itself.
 */
public interface ImportOrchestrator {

    /** Starts the pipeline of a just-accepted, IN_PROGRESS import. */
    void start(ImportRecord accepted);

    /** Stops the pipeline of an import now CANCELLING, then records it CANCELLED. */
    void cancel(ImportRecord cancelling);

    /**
     * No pipeline: imports are accepted and stay IN_PROGRESS, cancelled ones stay CANCELLING. For the
     * endpoint on its own (API tests, or until a pipeline orchestrator is configured).
     */
    ImportOrchestrator NONE = new ImportOrchestrator() {
        @Override
        public void start(ImportRecord accepted) {}

        @Override
        public void cancel(ImportRecord cancelling) {}
    };
}
