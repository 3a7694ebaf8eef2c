package dev.ddbimport.service.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.model.ValidationException;
import org.junit.jupiter.api.Test;

class ListImportsTokenTest {

    @Test
    void shouldEncodeAsDynamoDbShapedHexAndDecodeBack() {
        ListImportsToken token = new ListImportsToken(1_700_000_000_123L, "01700000000123-0badf00d");
        String text = token.encode();
        assertTrue(text.matches("([0-9a-f]{16})+"), text);
        assertTrue(text.length() >= 112 && text.length() <= 1024, "length " + text.length());
        assertEquals(token, ListImportsToken.decode(text));
    }

    @Test
    void shouldRejectATokenItDidNotIssue() {
        ValidationException e = assertThrows(ValidationException.class, () -> ListImportsToken.decode("0".repeat(112)));
        assertTrue(e.getMessage().contains("NextToken"), e.getMessage());
    }

    @Test
    void shouldRejectADamagedToken() {
        String text = new ListImportsToken(5, "01700000000123-0badf00d").encode();
        char flipped = text.charAt(30) == 'a' ? 'b' : 'a';
        String damaged = text.substring(0, 30) + flipped + text.substring(31);
        assertThrows(ValidationException.class, () -> ListImportsToken.decode(damaged));
    }
}
