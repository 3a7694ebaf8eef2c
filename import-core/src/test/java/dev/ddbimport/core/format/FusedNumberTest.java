package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbimport.core.item.DynamoNumber;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FusedNumberTest {

    @Test
    void shouldSizePlainDecimalsAsDynamoNumberDoes() throws DynamoNumber.InvalidNumberException {
        Random random = new Random(5);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            if (random.nextInt(3) == 0) {
                sb.append('-');
            }
            int digits = 1 + random.nextInt(38);
            int point = random.nextInt(digits + 2) - 1;
            for (int i = 0; i < digits; i++) {
                if (i == point) {
                    sb.append('.');
                }
                sb.append(random.nextInt(4) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
            }
            String text = sb.toString();
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            assertEquals(DynamoNumber.checkedSizeBytes(text), FusedNumber.plainDecimalSize(b, 0, b.length), text);
        }
    }

    @Test
    void shouldLeaveEveryOtherSpellingToTheReference() {
        for (String text : new String[] {"", "-", ".", "+1", "1e5", "1E5", " 1", "1 ", "1.2.3", "--1", "١", "0x1"}) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            assertEquals(-1, FusedNumber.plainDecimalSize(b, 0, b.length), text);
        }
        byte[] tooLong = "1".repeat(39).getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1, FusedNumber.plainDecimalSize(tooLong, 0, tooLong.length));
    }
}
