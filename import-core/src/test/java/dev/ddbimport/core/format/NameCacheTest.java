package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NameCacheTest {

    @Test
    void shouldGiveTheSameNameForTheSameBytesWhereverTheySit() {
        NameCache cache = new NameCache();
        byte[] first = bytes("{\"email\":1}");
        byte[] second = bytes("xx\"email\"");
        NameCache.Name a = cache.name(first, 2, 5, true);
        NameCache.Name b = cache.name(second, 3, 5, true);
        assertEquals("email", a.text());
        assertSame(a, b);
        assertArrayEquals(bytes("email"), b.utf8());
        byte[] third = bytes("email"); // at the very end of its array
        assertSame(a, cache.name(third, 0, 5, true));
        byte[] long1 = bytes("{\"description_text\":1}");
        byte[] long2 = bytes("\"description_text");
        assertSame(cache.name(long1, 2, 16, true), cache.name(long2, 1, 16, true));
    }

    @Test
    void shouldKeepDifferentNamesApartEvenWhenTheyShareASlot() {
        NameCache cache = new NameCache();
        // far more names than slots: every answer must still be the right one
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 2_000; i++) {
                String name = "attr" + i;
                byte[] utf8 = bytes(name);
                assertEquals(name, cache.name(utf8, 0, utf8.length, true).text());
            }
        }
    }

    @Test
    void shouldKeepBothOfTwoNamesThatShareASlot() {
        // "name" and "tags" share a slot; alternating them must not decode either again
        NameCache cache = new NameCache();
        byte[] name = bytes("name");
        byte[] tags = bytes("tags");
        NameCache.Name firstName = cache.name(name, 0, 4, true);
        NameCache.Name firstTags = cache.name(tags, 0, 4, true);
        for (int i = 0; i < 3; i++) {
            assertSame(firstName, cache.name(name, 0, 4, true));
            assertSame(firstTags, cache.name(tags, 0, 4, true));
        }
        assertEquals("name", firstName.text());
        assertEquals("tags", firstTags.text());
    }

    @Test
    void shouldTellApartNamesThatDifferOnlyBetweenTheirFirstAndLastEightBytes() {
        NameCache cache = new NameCache();
        for (int round = 0; round < 2; round++) {
            for (char middle = 'a'; middle <= 'z'; middle++) {
                String name = "prefix__" + middle + middle + "__suffix";
                byte[] utf8 = bytes(name);
                assertEquals(name, cache.name(utf8, 0, utf8.length, true).text());
            }
        }
    }

    @Test
    void shouldTellApartNamesOfEveryShortLengthSharingTheirBytes() {
        NameCache cache = new NameCache();
        byte[] record = bytes("abcdefghijklmnopq");
        for (int round = 0; round < 2; round++) {
            for (int length = 0; length <= record.length; length++) {
                assertEquals(
                        new String(record, 0, length, StandardCharsets.UTF_8),
                        cache.name(record, 0, length, true).text());
            }
        }
    }

    @Test
    void shouldDecodeNonAsciiAndLongNames() {
        NameCache cache = new NameCache();
        byte[] city = bytes("São Paulo 東京");
        assertEquals("São Paulo 東京", cache.name(city, 0, city.length, false).text());
        String longName = "n".repeat(300) + "é";
        byte[] utf8 = bytes(longName);
        NameCache.Name first = cache.name(utf8, 0, utf8.length, false);
        NameCache.Name second = cache.name(utf8, 0, utf8.length, false);
        assertEquals(longName, first.text());
        assertArrayEquals(utf8, second.utf8());
        assertNotSame(first, second); // too long to be worth caching
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
