package dev.ddbimport.sink;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: retry {@code n} (1-based) waits a uniformly random time in
 * {@code [0, min(max, base * 2^(n-1))]}. Full jitter spreads the retries of many batches that were
 * throttled together, so they do not all come back at the same moment.
 */
final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    /** @param random values in [0, 1); injectable so tests can check the bounds */
    Backoff(long baseMillis, long maxMillis, DoubleSupplier random) {
        if (baseMillis < 1 || maxMillis < 1) {
            throw new IllegalArgumentException("backoff base and max must be positive");
        }
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    static Backoff withRandomJitter(long baseMillis, long maxMillis) {
        return new Backoff(
                baseMillis, maxMillis, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The upper bound of retry {@code attempt}'s wait. */
    long ceilingMillis(int attempt) {
        int shift = Math.max(0, attempt - 1);
        if (shift >= 62 || baseMillis > (maxMillis >> shift)) {
            return maxMillis;
        }
        return Math.min(maxMillis, baseMillis << shift);
    }

    /** How long retry {@code attempt} (1 = the first retry) waits. */
    long delayMillis(int attempt) {
        return (long) (random.getAsDouble() * (ceilingMillis(attempt) + 1));
    }
}
