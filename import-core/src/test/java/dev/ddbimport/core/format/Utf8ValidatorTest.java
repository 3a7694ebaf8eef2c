package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ValidatorTest {

    @Test
    void shouldAgreeWithTheJdkStrictDecoderOnRandomMixturesOfValidAndBrokenText() {
        Random random = new Random(42);
        String[] pieces = {"a", "plain ascii words ", "é", "ü", "東京", "\uD83D\uDE00", "\u07FF", "\uFFFF", "\u0000"};
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = randomText(random, pieces);
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int expected = reference(bytes, from, bytes.length);
            assertEquals(expected, Utf8Validator.firstInvalid(bytes, from, bytes.length), () -> hex(bytes));
        }
    }

    @Test
    void shouldStopAtTheEndOfTheRangeAndReportTruncationThere() {
        byte[] bytes = "ab東京cd".getBytes(StandardCharsets.UTF_8); // 東 at 2..4, 京 at 5..7
        assertEquals(-1, Utf8Validator.firstInvalid(bytes, 0, 5));
        assertEquals(5, Utf8Validator.firstInvalid(bytes, 0, 7)); // 京 cut short
        assertEquals(3, Utf8Validator.firstInvalid(bytes, 3, bytes.length)); // starts mid-sequence
    }

    private static byte[] randomText(Random random, String[] pieces) {
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(12);
        for (int i = 0; i < count; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0 && random.nextBoolean()) {
            // break it: one random byte anywhere, often a lead or continuation byte
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80));
        }
        return bytes;
    }

    /** Where the JDK's reporting decoder finds the first malformed input, or -1. */
    private static int reference(byte[] bytes, int from, int to) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(2 * bytes.length + 2);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            return in.position();
        }
        result = decoder.flush(out);
        return result.isError() ? in.position() : -1;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02X ", b & 0xFF));
        }
        return sb.toString();
    }
}
