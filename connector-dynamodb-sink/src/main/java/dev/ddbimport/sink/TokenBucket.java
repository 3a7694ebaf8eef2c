package dev.ddbimport.sink;

import java.util.function.LongSupplier;

/**
 * A token bucket for the optional write-rate limit: {@code rate} permits per second, holding at most
 * one second's worth. {@link #reserve} always succeeds and says how long the caller must wait before
 * using its permits, so a sender never blocks a thread: it schedules the batch for later.
 */
final class TokenBucket {

    private final double permitsPerNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    TokenBucket(double permitsPerSecond, LongSupplier nanoClock) {
        if (!(permitsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + permitsPerSecond);
        }
        this.permitsPerNano = permitsPerSecond / 1e9;
        this.capacity = permitsPerSecond;
        this.nanoClock = nanoClock;
        this.last = nanoClock.getAsLong();
        this.tokens = 0;
    }

    /** Takes {@code permits} (possibly into debt) and returns the nanoseconds to wait before using them. */
    synchronized long reserve(double permits) {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * permitsPerNano);
        last = now;
        tokens -= permits;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / permitsPerNano);
    }
}
