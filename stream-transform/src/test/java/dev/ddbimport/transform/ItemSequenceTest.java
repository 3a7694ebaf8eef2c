package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ItemSequenceTest {

    private static byte[] seq(String objectKey, long itemIndex, int subIndex) {
        return ItemSequence.encode(objectKey.getBytes(StandardCharsets.UTF_8), itemIndex, subIndex);
    }

    @Test
    void shouldOrderByObjectKeyThenItemIndexThenSubIndex() {
        assertTrue(ItemSequence.compare(seq("a", 9, 9), seq("b", 0, 0)) < 0);
        assertTrue(ItemSequence.compare(seq("a", 1, 9), seq("a", 2, 0)) < 0);
        assertTrue(ItemSequence.compare(seq("a", 2, 0), seq("a", 2, 1)) < 0);
        assertEquals(0, ItemSequence.compare(seq("a", 2, 1), seq("a", 2, 1)));
    }

    @Test
    void shouldPutAPrefixBeforeLongerKeys() {
        assertTrue(ItemSequence.compare(seq("data", 5, 0), seq("data2", 0, 0)) < 0);
        assertTrue(ItemSequence.compare(seq("", 5, 0), seq("a", 0, 0)) < 0);
    }

    @Test
    void shouldCompareObjectKeysAsUnsignedBytes() {
        assertTrue(ItemSequence.compare(seq("z", 0, 0), seq("é", 0, 0)) < 0);
    }

    @Test
    void shouldCompareLargeItemIndexesAsUnsignedOrder() {
        assertTrue(ItemSequence.compare(seq("a", 0xFFFFFFFFL, 0), seq("a", 0x100000000L, 0)) < 0);
        assertEquals("a#4294967296.3", ItemSequence.toString(seq("a", 0x100000000L, 3)));
    }
}
