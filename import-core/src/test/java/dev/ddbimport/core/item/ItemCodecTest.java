package dev.ddbimport.core.item;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.KeySchema.KeyAttribute;
import dev.ddbimport.core.validate.ScalarType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ItemCodecTest {

    private static final KeySchema HASH_S = KeySchema.of(new KeyAttribute("pk", ScalarType.S), null);
    private static final KeySchema HASH_N = KeySchema.of(new KeyAttribute("pk", ScalarType.N), null);
    private static final KeySchema HASH_S_RANGE_S =
            KeySchema.of(new KeyAttribute("pk", ScalarType.S), new KeyAttribute("sk", ScalarType.S));
    private static final KeySchema HASH_S_RANGE_N =
            KeySchema.of(new KeyAttribute("pk", ScalarType.S), new KeyAttribute("sk", ScalarType.N));
    private static final KeySchema HASH_B = KeySchema.of(new KeyAttribute("pk", ScalarType.B), null);

    // ---- item records

    @Test
    void shouldEncodeCompactMarshalledJsonInTheItemsOrder() {
        Item item = item(
                "z", new AttrValue.S("a\"b"),
                "n", new AttrValue.N("1.50"),
                "b", new AttrValue.B("hello".getBytes(UTF_8)),
                "t", AttrValue.Bool.TRUE,
                "0", AttrValue.Null.INSTANCE,
                "l", new AttrValue.L(List.of(new AttrValue.S("é😀"), new AttrValue.M(Map.of()))),
                "ss", new AttrValue.SS(List.of("x", "y")),
                "ns", new AttrValue.NS(List.of("2", "1")),
                "bs", new AttrValue.BS(List.of(new byte[] {1}, new byte[0])));

        String json = new String(ItemCodec.encode(item), UTF_8);

        assertEquals(
                "{\"z\":{\"S\":\"a\\\"b\"},\"n\":{\"N\":\"1.50\"},\"b\":{\"B\":\"aGVsbG8=\"},\"t\":{\"BOOL\":true},"
                        + "\"0\":{\"NULL\":true},\"l\":{\"L\":[{\"S\":\"é😀\"},{\"M\":{}}]},\"ss\":{\"SS\":[\"x\",\"y\"]},"
                        + "\"ns\":{\"NS\":[\"2\",\"1\"]},\"bs\":{\"BS\":[\"AQ==\",\"\"]}}",
                json);
        assertEquals(item, ItemCodec.decode(json.getBytes(UTF_8)));
    }

    @Test
    void shouldDecodeWhatItEncodesForRandomItemsOfEveryType() {
        RandomItems random = new RandomItems(7);
        for (int i = 0; i < 2_000; i++) {
            Item item = random.item();
            byte[] bytes = ItemCodec.encode(item);

            Item decoded = ItemCodec.decode(bytes);

            assertEquals(item, decoded);
            assertEquals(
                    List.copyOf(item.attributes().keySet()),
                    List.copyOf(decoded.attributes().keySet()));
            assertArrayEquals(bytes, ItemCodec.encode(decoded));
        }
    }

    @Test
    void shouldKeepALoneSurrogateThroughARoundTrip() {
        Item item = item("pk", new AttrValue.S("a\ud800b"));

        byte[] bytes = ItemCodec.encode(item);

        assertEquals(item, ItemCodec.decode(bytes));
        assertArrayEquals(bytes, ItemCodec.encode(ItemCodec.decode(bytes)));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "[]",
                "{\"pk\":{\"S\":\"a\"}",
                "{\"pk\":{\"S\":\"a\"}}{}",
                "{\"pk\":{\"N\":1}}",
                "{\"Item\":{\"pk\":{\"S\":\"a\"}}}"
            })
    void shouldRefuseBytesThatAreNotAnItemRecord(String bytes) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ItemCodec.decode(bytes.getBytes(UTF_8)));

        assertTrue(e.getMessage().startsWith("Not an item record ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); item records are written by ItemCodec.encode"), e.getMessage());
    }

    @Test
    void shouldSayWhyBytesAreNotAnItemRecord() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ItemCodec.decode("{\"pk\":{\"N\":1}}".getBytes(UTF_8)));

        assertEquals(
                "Not an item record (Invalid AttributeValue for pk: N must be a JSON string holding the number,"
                        + " found a number); item records are written by ItemCodec.encode",
                e.getMessage());
    }

    // ---- key bytes

    @Test
    void shouldGiveEqualKeyBytesWhateverTheAttributeOrderAndOtherAttributes() {
        Item a = item("pk", new AttrValue.S("u1"), "sk", new AttrValue.S("x"), "v", new AttrValue.N("1"));
        Item b = item("other", AttrValue.Bool.TRUE, "sk", new AttrValue.S("x"), "pk", new AttrValue.S("u1"));

        assertArrayEquals(ItemCodec.keyBytes(a, HASH_S_RANGE_S), ItemCodec.keyBytes(b, HASH_S_RANGE_S));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0", "10E-1", "+1", "0001.000", "0.1e1", "100e-2"})
    void shouldGiveEqualKeyBytesForEverySpellingOfANumber(String spelling) {
        assertArrayEquals(
                ItemCodec.keyBytes(item("pk", new AttrValue.N("1")), HASH_N),
                ItemCodec.keyBytes(item("pk", new AttrValue.N(spelling)), HASH_N));
        assertArrayEquals(
                ItemCodec.keyBytes(item("pk", new AttrValue.S("p"), "sk", new AttrValue.N("1")), HASH_S_RANGE_N),
                ItemCodec.keyBytes(item("pk", new AttrValue.S("p"), "sk", new AttrValue.N(spelling)), HASH_S_RANGE_N));
    }

    @Test
    void shouldGiveEqualKeyBytesForZeroWithASign() {
        assertArrayEquals(
                ItemCodec.keyBytes(item("pk", new AttrValue.N("0")), HASH_N),
                ItemCodec.keyBytes(item("pk", new AttrValue.N("-0.00")), HASH_N));
    }

    @Test
    void shouldGiveDifferentKeyBytesForDifferentKeys() {
        assertDifferent(
                ItemCodec.keyBytes(item("pk", new AttrValue.S("ab"), "sk", new AttrValue.S("c")), HASH_S_RANGE_S),
                ItemCodec.keyBytes(item("pk", new AttrValue.S("a"), "sk", new AttrValue.S("bc")), HASH_S_RANGE_S));
        assertDifferent(
                ItemCodec.keyBytes(item("pk", new AttrValue.S("1")), HASH_S),
                ItemCodec.keyBytes(item("pk", new AttrValue.N("1")), HASH_N));
        assertDifferent(
                ItemCodec.keyBytes(item("pk", new AttrValue.S("1")), HASH_S),
                ItemCodec.keyBytes(item("pk", new AttrValue.B("1".getBytes(UTF_8))), HASH_B));
        assertDifferent(
                ItemCodec.keyBytes(item("pk", new AttrValue.N("1")), HASH_N),
                ItemCodec.keyBytes(item("pk", new AttrValue.N("-1")), HASH_N));
        assertDifferent(
                ItemCodec.keyBytes(item("pk", new AttrValue.N("1")), HASH_N),
                ItemCodec.keyBytes(item("pk", new AttrValue.N("1.000000000000000000000000000000000001")), HASH_N));
        assertDifferent(
                ItemCodec.keyBytes(item("pk", new AttrValue.S("a")), HASH_S),
                ItemCodec.keyBytes(item("pk", new AttrValue.S("A")), HASH_S));
        assertDifferent(
                ItemCodec.keyBytes(item("pk", new AttrValue.S("p"), "sk", new AttrValue.S("")), HASH_S_RANGE_S),
                ItemCodec.keyBytes(item("pk", new AttrValue.S("p")), HASH_S));
    }

    @Test
    void shouldGiveDifferentKeyBytesForKeysLongerThanOneLengthByte() {
        String longKey = "k".repeat(2048);

        byte[] bytes =
                ItemCodec.keyBytes(item("pk", new AttrValue.S(longKey), "sk", new AttrValue.S("s")), HASH_S_RANGE_S);

        assertEquals(1 + 2 + 2048 + 1 + 1 + 1, bytes.length);
        assertEquals("[{\"S\":\"" + longKey + "\"},{\"S\":\"s\"}]", ItemCodec.keyText(bytes));
    }

    @Test
    void shouldRenderKeyBytesAsReadableText() {
        assertEquals(
                "[{\"S\":\"user#1\"},{\"N\":\"42.5\"}]",
                ItemCodec.keyText(ItemCodec.keyBytes(
                        item("pk", new AttrValue.S("user#1"), "sk", new AttrValue.N("4.25E1")), HASH_S_RANGE_N)));
        assertEquals(
                "[{\"B\":\"AQI=\"}]",
                ItemCodec.keyText(ItemCodec.keyBytes(item("pk", new AttrValue.B(new byte[] {1, 2})), HASH_B)));
    }

    @Test
    void shouldRefuseKeyBytesOfAnItemThatFailsTheSchema() {
        assertEquals(
                "Item has no key attribute sk; only validated items have key bytes",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ItemCodec.keyBytes(item("pk", new AttrValue.S("a")), HASH_S_RANGE_S))
                        .getMessage());
        assertEquals(
                "Key attribute pk is N, the schema says S; only validated items have key bytes",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ItemCodec.keyBytes(item("pk", new AttrValue.N("1")), HASH_S))
                        .getMessage());
        assertEquals(
                "Key attribute pk holds an invalid number: The parameter cannot be converted to a numeric value: x",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ItemCodec.keyBytes(item("pk", new AttrValue.N("x")), HASH_N))
                        .getMessage());
    }

    @Test
    void shouldRefuseToRenderBytesThatAreNotKeyBytes() {
        assertThrows(IllegalArgumentException.class, () -> ItemCodec.keyText(new byte[] {'X', 1, 'a'}));
        assertThrows(IllegalArgumentException.class, () -> ItemCodec.keyText(new byte[] {'S', 5, 'a'}));
        assertThrows(IllegalArgumentException.class, () -> ItemCodec.keyText(new byte[] {'S', (byte) 0x80}));
    }

    private static void assertDifferent(byte[] a, byte[] b) {
        assertFalse(Arrays.equals(a, b), () -> ItemCodec.keyText(a) + " equals " + ItemCodec.keyText(b));
    }

    static Item item(Object... namesAndValues) {
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            attributes.put((String) namesAndValues[i], (AttrValue) namesAndValues[i + 1]);
        }
        return new Item(attributes);
    }
}
