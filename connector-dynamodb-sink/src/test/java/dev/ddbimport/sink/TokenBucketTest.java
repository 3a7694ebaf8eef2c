package dev.ddbimport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void shouldMakeCallersWaitForPermitsAtTheConfiguredRate() {
        TokenBucket bucket = new TokenBucket(100, now::get);

        assertEquals(500_000_000L, bucket.reserve(50), "50 permits at 100/s from an empty bucket");
        assertEquals(1_000_000_000L, bucket.reserve(50), "queued behind the first");
        now.addAndGet(1_000_000_000L);
        assertEquals(100_000_000L, bucket.reserve(10), "one second repaid the first 100");
    }

    @Test
    void shouldHoldAtMostOneSecondOfPermits() {
        TokenBucket bucket = new TokenBucket(100, now::get);
        now.addAndGet(60_000_000_000L);

        assertEquals(0, bucket.reserve(100), "a full bucket pays 100 at once");
        assertEquals(10_000_000L, bucket.reserve(1), "but not more: an idle minute does not allow a burst of 6000");
    }

    @Test
    void shouldRejectARateThatIsNotPositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, now::get));
        assertEquals("rate must be positive: 0.0", e.getMessage());
    }
}
