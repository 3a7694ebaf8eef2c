package dev.ddbimport.service.local;

/**
 * A JVM shutdown hook (Ctrl-C, SIGTERM) that closes one thing, taken off again when that thing is
 * closed first, so a closed stack leaves no hook behind.
 */
final class ShutdownHook {

    private final Thread thread;
    private boolean added;

    ShutdownHook(Runnable close, String threadName) {
        this.thread = new Thread(close, threadName);
    }

    /** Adds the hook; once only. */
    synchronized void add() {
        if (!added) {
            Runtime.getRuntime().addShutdownHook(thread);
            added = true;
        }
    }

    /** For the closed thing's {@code close}: takes the hook off, unless {@code close} runs in it. */
    synchronized void remove() {
        if (added && Thread.currentThread() != thread) {
            try {
                Runtime.getRuntime().removeShutdownHook(thread);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs (or ran) the close
            }
        }
    }
}
