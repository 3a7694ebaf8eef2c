package dev.ddbimport.core.item;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.KeySchema.KeyAttribute;
import dev.ddbimport.core.validate.ScalarType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ItemCodecKeyBytesTest {

    private static final KeySchema HASH_S_RANGE_N =
            KeySchema.of(new KeyAttribute("pk", ScalarType.S), new KeyAttribute("sk", ScalarType.N));

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "-0",
                "00",
                "7",
                "-7",
                "007",
                "-00",
                "100",
                "1000000",
                "58856.19",
                "1.",
                "1e2",
                "+5",
                "12345678901234567890123456789012345678",
                "-12345678901234567890123456789012345678",
                "123456789012345678901234567890123456780000"
            })
    void shouldWriteTheCanonicalTextOfANumberKeyHoweverItIsSpelled(String spelling) throws Exception {
        String canonical = DynamoNumber.parse(spelling).canonical();
        byte[] expected = new byte[3 + 1 + 1 + canonical.length()];
        expected[0] = 'S';
        expected[1] = 1;
        expected[2] = 'p';
        expected[3] = 'N';
        expected[4] = (byte) canonical.length();
        System.arraycopy(canonical.getBytes(StandardCharsets.US_ASCII), 0, expected, 5, canonical.length());
        assertArrayEquals(expected, ItemCodec.keyBytes(item(spelling), HASH_S_RANGE_N));
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456789012345678901234567890123456789", "", "-", "12a", "1 "})
    void shouldRefuseANumberKeyDynamoDbWouldRefuse(String spelling) {
        assertThrows(IllegalArgumentException.class, () -> ItemCodec.keyBytes(item(spelling), HASH_S_RANGE_N));
    }

    private static Item item(String sortKey) {
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        attributes.put("pk", new AttrValue.S("p"));
        attributes.put("sk", new AttrValue.N(sortKey));
        return new Item(attributes);
    }
}
