package dev.ddbimport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReducedBatchTest {

    private final ItemRecordDecoder decoder = new ItemRecordDecoder(TestItems.KEYS);

    private PendingWrite write(String pk, long version, int padding) {
        return decoder.decode(
                TestItems.record(0, version, TestItems.item(pk, version, "p".repeat(padding)), "data/x.json", version));
    }

    @Test
    void shouldStopAtTheItemLimitButStillTakeLaterVersionsOfItsKeys() {
        ReducedBatch batch = new ReducedBatch(2, 1 << 20);
        PendingWrite a1 = write("a", 1, 0);
        PendingWrite b1 = write("b", 2, 0);
        PendingWrite a2 = write("a", 3, 0);

        assertTrue(batch.offer(a1));
        assertTrue(batch.offer(b1));
        assertFalse(batch.offer(write("c", 4, 0)), "a third key does not fit");
        assertTrue(batch.offer(a2), "a later version of a key in the batch replaces it");

        assertEquals(List.of(a2, b1), batch.items());
        assertEquals(List.of(a1), batch.superseded());
    }

    @Test
    void shouldStopAtTheByteLimitUnlessTheBatchIsEmpty() {
        PendingWrite big = write("big", 1, 5000);
        ReducedBatch batch = new ReducedBatch(25, 4000);

        assertTrue(batch.offer(big), "one item larger than the limit still goes, alone (DynamoDB will judge it)");
        assertFalse(batch.offer(write("small", 2, 10)));
        assertEquals(1, batch.size());

        ReducedBatch other = new ReducedBatch(25, 4000);
        assertTrue(other.offer(write("a", 1, 1500)));
        assertTrue(other.offer(write("b", 2, 1500)));
        assertFalse(other.offer(write("c", 3, 1500)), "past 4000 bytes");
    }
}
