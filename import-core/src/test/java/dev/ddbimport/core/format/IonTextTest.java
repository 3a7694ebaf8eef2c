package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The byte classes both fast Ion readers scan with. */
class IonTextTest {

    @Test
    void shouldTakeExactlyIonWhitespaceAndTheClosingPunctuationAsDelimiters() {
        String expected = " \t\n\r\u000B\u000C,]}";
        for (int b = 0; b < 256; b++) {
            boolean delimiter = b < 128 && expected.indexOf(b) >= 0;
            assertEquals(delimiter, IonText.isDelimiter((byte) b), "byte " + b);
        }
    }
}
