package dev.ddbimport.sink;

/** Runs a task after a delay: retries after backoff, batches held back by the rate limit. */
interface Scheduler {

    void schedule(Runnable task, long delayNanos);
}
