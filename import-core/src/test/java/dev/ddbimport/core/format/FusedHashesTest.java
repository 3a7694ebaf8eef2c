package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FusedHashesTest {

    @Test
    void shouldHashANameAlikeWherever() {
        for (String name : new String[] {"", "a", "pk", "1234567", "12345678", "123456789", "description"}) {
            byte[] alone = name.getBytes(StandardCharsets.UTF_8);
            byte[] inside = ("xx" + name + "yyyyyyyyyyyyyyyy").getBytes(StandardCharsets.UTF_8);
            long expected = FusedHashes.ofName(alone, 0, alone.length);
            // at the array's end, where no whole word can be read, and in the middle of one
            assertEquals(expected, FusedHashes.ofName(inside, 2, alone.length), name);
            byte[] atEnd = ("xx" + name).getBytes(StandardCharsets.UTF_8);
            assertEquals(expected, FusedHashes.ofName(atEnd, 2, alone.length), name);
        }
    }

    @Test
    void shouldTellShortNamesOfDifferentLengthsApart() {
        byte[] zeros = new byte[16];
        assertTrue(FusedHashes.ofName(zeros, 0, 1) != FusedHashes.ofName(zeros, 0, 2));
        assertTrue(FusedHashes.ofName(zeros, 0, 0) != FusedHashes.ofName(zeros, 0, 1));
    }

    @Test
    void shouldRefuseAHashTwiceInOneContainerOnly() {
        FusedHashes hashes = new FusedHashes();
        int outer = hashes.mark();
        assertTrue(hashes.addDistinct(outer, 1));
        int inner = hashes.mark();
        assertTrue(hashes.addDistinct(inner, 1)); // a nested map may repeat an outer name
        assertFalse(hashes.addDistinct(inner, 1));
        hashes.release(inner);
        assertFalse(hashes.addDistinct(outer, 1));
        assertTrue(hashes.addDistinct(outer, 2));
    }

    @Test
    void shouldHashEqualNumbersAlike() {
        long hash = number("1.5");
        assertEquals(hash, number("1.50"));
        assertEquals(hash, number("01.5"));
        assertTrue(hash != number("-1.5"));
        assertTrue(hash != number("15"));
        assertEquals(number("0"), number("-0.00"));
    }

    private static long number(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return FusedNumber.valueHash(b, 0, b.length);
    }
}
