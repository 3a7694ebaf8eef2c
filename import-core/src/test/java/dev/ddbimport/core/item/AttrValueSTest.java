package dev.ddbimport.core.item;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttrValueSTest {

    @Test
    void shouldDecodeBytesOnceAndKeepThem() {
        byte[] utf8 = "héllo 😀".getBytes(UTF_8);
        AttrValue.S s = AttrValue.S.ofUtf8(utf8);

        assertSame(utf8, s.utf8());
        assertEquals(utf8.length, s.utf8Length());
        assertEquals("héllo 😀", s.value());
        assertSame(s.value(), s.value());
    }

    @Test
    void shouldEncodeAStringOnceAndCountItsBytes() {
        AttrValue.S s = new AttrValue.S("héllo 😀");

        assertEquals(11, s.utf8Length());
        assertArrayEquals("héllo 😀".getBytes(UTF_8), s.utf8());
        assertSame(s.utf8(), s.utf8());
    }

    @Test
    void shouldBeEqualByValueWhicheverFormItWasMadeFrom() {
        AttrValue.S fromBytes = AttrValue.S.ofUtf8("é".getBytes(UTF_8));
        AttrValue.S fromString = new AttrValue.S("é");

        assertEquals(fromString, fromBytes);
        assertEquals(fromBytes, fromString);
        assertEquals(fromBytes, AttrValue.S.ofUtf8("é".getBytes(UTF_8)));
        assertEquals(fromString.hashCode(), fromBytes.hashCode());
        assertNotEquals(fromBytes, AttrValue.S.ofUtf8("e".getBytes(UTF_8)));
        assertNotEquals(fromBytes, new AttrValue.N("1"));
    }

    @Test
    void shouldNotEqualTheReplacementOfALoneSurrogate() {
        AttrValue.S lone = new AttrValue.S("\ud800");

        assertArrayEquals(new byte[] {'?'}, lone.utf8());
        assertEquals(1, lone.utf8Length());
        assertNotEquals(lone, AttrValue.S.ofUtf8(new byte[] {'?'}));
    }

    @Test
    void shouldPrintLikeARecordAndKnowWhenItIsEmpty() {
        assertEquals("S[value=a]", AttrValue.S.ofUtf8(new byte[] {'a'}).toString());
        assertEquals("S", new AttrValue.S("a").type());
        assertTrue(AttrValue.S.ofUtf8(new byte[0]).isEmpty());
        assertTrue(new AttrValue.S("").isEmpty());
        assertFalse(new AttrValue.S(" ").isEmpty());
    }
}
