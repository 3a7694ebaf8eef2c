package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IonUtf8ValidatorTest {

    @Test
    void shouldAcceptWellFormedUtf8() {
        String text = "ascii é 日本 \uD83D\uDE00 \uFFFD \u0000";
        assertEquals(-1, IonUtf8Validator.firstInvalidOffset(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(-1, IonUtf8Validator.firstInvalidOffset(new byte[0]));
        assertEquals(-1, IonUtf8Validator.firstInvalidOffset(bytes(0xF4, 0x8F, 0xBF, 0xBF))); // U+10FFFF
    }

    @Test
    void shouldReportTheOffsetOfTheFirstBadSequence() {
        assertEquals(2, IonUtf8Validator.firstInvalidOffset(bytes('a', 'b', 0x80))); // stray continuation
        assertEquals(1, IonUtf8Validator.firstInvalidOffset(bytes('a', 0xC3, 0x28))); // bad continuation
        assertEquals(0, IonUtf8Validator.firstInvalidOffset(bytes(0xC3))); // truncated
        assertEquals(0, IonUtf8Validator.firstInvalidOffset(bytes(0xC0, 0xAF))); // overlong '/'
        assertEquals(0, IonUtf8Validator.firstInvalidOffset(bytes(0xE0, 0x80, 0xAF))); // overlong 3-byte
        assertEquals(0, IonUtf8Validator.firstInvalidOffset(bytes(0xED, 0xA0, 0x80))); // surrogate U+D800
        assertEquals(0, IonUtf8Validator.firstInvalidOffset(bytes(0xF0, 0x80, 0x80, 0xAF))); // overlong 4-byte
        assertEquals(0, IonUtf8Validator.firstInvalidOffset(bytes(0xF4, 0x90, 0x80, 0x80))); // above U+10FFFF
        assertEquals(0, IonUtf8Validator.firstInvalidOffset(bytes(0xF5, 0x80, 0x80, 0x80))); // no such lead
        assertEquals(0, IonUtf8Validator.firstInvalidOffset(bytes(0xFF)));
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
