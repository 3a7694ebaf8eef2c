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
import java.util.SplittableRandom;
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
    void shouldEncodeTheDocumentedBinaryLayoutInTheItemsOrder() {
        Item item = item(
                "z", new AttrValue.S("a\"b"),
                "n", new AttrValue.N("1.50"),
                "b", new AttrValue.B(new byte[] {7, 8}),
                "t", AttrValue.Bool.TRUE,
                "0", AttrValue.Null.INSTANCE,
                "l", new AttrValue.L(List.of(new AttrValue.S("é"), new AttrValue.M(Map.of()))),
                "ss", new AttrValue.SS(List.of("x")),
                "ns", new AttrValue.NS(List.of("2")),
                "bs", new AttrValue.BS(List.of(new byte[] {1}, new byte[0])));

        byte[] bytes = ItemCodec.encode(item);

        assertArrayEquals(
                bytes(
                        1, 9, // version, attribute count
                        2, 'z', 1, 6, 'a', '"', 'b', // name "z" (header 1 << 1), S "a\"b"
                        2, 'n', 2, 8, '1', '.', '5', '0', 2, 'b', 3, 2, 7, 8, 2, 't', 4, 1, 2, '0', 5, 2, 'l', 6, 2, 1,
                        4, 0xC3, 0xA9, 7, 0, 4, 's', 's', 8, 1, 2, 'x', 4, 'n', 's', 9, 1, 2, '2', 4, 'b', 's', 10, 2,
                        1, 1, 0),
                bytes);
        assertEquals(item, ItemCodec.decode(bytes));
    }

    @Test
    void shouldCopyTheBytesOfAStringMadeFromBytes() {
        byte[] utf8 = "pk#é😀".getBytes(UTF_8);
        Item item = item("pk", AttrValue.S.ofUtf8(utf8));

        byte[] bytes = ItemCodec.encode(item);

        byte[] expected = new byte[7 + utf8.length];
        System.arraycopy(bytes(1, 1, 4, 'p', 'k', 1, 2 * utf8.length), 0, expected, 0, 7);
        System.arraycopy(utf8, 0, expected, 7, utf8.length);
        assertArrayEquals(expected, bytes);
        assertEquals(item, ItemCodec.decode(bytes));
        assertEquals("pk#é😀", ((AttrValue.S) ItemCodec.decode(bytes).get("pk")).value());
    }

    @Test
    void shouldWriteLongLengthsAsMultiByteVarints() {
        String text = "x".repeat(300);
        Item item = item("s", new AttrValue.S(text), "b", new AttrValue.B(new byte[200]));

        byte[] bytes = ItemCodec.encode(item);

        // 600 = 0b100_1011000 -> 0xD8 0x04; 200 -> 0xC8 0x01
        assertEquals(0xD8, bytes[5] & 0xFF);
        assertEquals(0x04, bytes[6]);
        assertEquals(0xC8, bytes[7 + 300 + 3] & 0xFF);
        assertEquals(0x01, bytes[7 + 300 + 4]);
        assertEquals(item, ItemCodec.decode(bytes));
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
        Item item = item(
                "pk", new AttrValue.S("a\ud800b"),
                "\udc00", new AttrValue.SS(List.of("x\udbff", "😀")),
                "n", new AttrValue.N("\ud800"));

        byte[] bytes = ItemCodec.encode(item);

        assertEquals(item, ItemCodec.decode(bytes));
        assertArrayEquals(bytes, ItemCodec.encode(ItemCodec.decode(bytes)));
    }

    @Test
    void shouldWriteTextWithALoneSurrogateAsUtf16() {
        byte[] bytes = ItemCodec.encode(item("p", new AttrValue.S("a\ud800")));

        assertArrayEquals(bytes(1, 1, 2, 'p', 1, (2 << 1) | 1, 0, 'a', 0xD8, 0x00), bytes);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "02 01 02 70 01 02 61", // unknown version
                "01", // no attribute count
                "01 01 02 70 01 02", // string runs past the end
                "01 01 02 70 01 02 61 00", // a byte after the item
                "01 02 02 70 01 02 61", // fewer attributes than counted
                "01 01 02 70 0B", // unknown tag
                "01 01 02 70 04 02", // BOOL neither 0 nor 1
                "01 01 02 70 01 FF FF FF FF 7F", // length above 2^31
                "01 01 02 70 01 FF FF FF FF FF 01", // varint too long
                "01 01 02 70 06 FF FF FF 07", // huge list count
                "01 01 02 70 03 FF FF FF 07 00", // huge binary
                "01 01 02 70 01 02 80", // ill-formed UTF-8
                "01 01 02 70 01 05 D8", // truncated UTF-16
                "01 02 02 70 05 02 70 05", // repeated name
                "7B 22 70 6B 22 3A 7B 22 53 22 3A 22 61 22 7D 7D" // the old JSON form
            })
    void shouldRefuseBytesThatAreNotAnItemRecord(String hex) {
        byte[] bytes = hex.isEmpty() ? new byte[0] : hex(hex);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ItemCodec.decode(bytes));

        assertTrue(e.getMessage().startsWith("Not an item record ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); item records are written by ItemCodec.encode"), e.getMessage());
    }

    @Test
    void shouldSayWhyBytesAreNotAnItemRecord() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ItemCodec.decode(hex("01 01 02 70 06 FF FF FF 07")));

        assertEquals(
                "Not an item record (a count of 16777215 at byte 5 is more than the 0 bytes left can hold);"
                        + " item records are written by ItemCodec.encode",
                e.getMessage());
    }

    @Test
    void shouldRefuseNestingDeeperThanAnyValidItemWithoutOverflowingTheStack() {
        byte[] bytes = new byte[5 + 2 * 100_000];
        System.arraycopy(bytes(1, 1, 2, 'p'), 0, bytes, 0, 4);
        for (int i = 4; i < bytes.length - 1; i += 2) {
            bytes[i] = 6; // L of one element
            bytes[i + 1] = 1;
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ItemCodec.decode(bytes));

        assertTrue(e.getMessage().contains("nest more than 1000 levels"), e.getMessage());
    }

    @Test
    void shouldOnlyThrowIllegalArgumentOnTruncatedOrMutatedRecords() {
        RandomItems items = new RandomItems(11);
        SplittableRandom random = new SplittableRandom(12);
        int decoded = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] good = ItemCodec.encode(items.item());
            byte[] bad = i % 2 == 0 ? Arrays.copyOf(good, random.nextInt(good.length)) : mutate(good, random);
            try {
                Item item = ItemCodec.decode(bad);
                assertEquals(item, ItemCodec.decode(ItemCodec.encode(item)));
                decoded++;
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().startsWith("Not an item record ("), expected.getMessage());
            }
        }
        assertTrue(decoded < 5_000, "some garbage must be refused");
    }

    private static byte[] mutate(byte[] good, SplittableRandom random) {
        byte[] bad = good.clone();
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
            int at = random.nextInt(bad.length);
            bad[at] = switch (random.nextInt(3)) {
                case 0 -> (byte) random.nextInt(256);
                case 1 -> (byte) (bad[at] ^ (1 << random.nextInt(8)));
                default -> (byte) 0xFF;
            };
        }
        return bad;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] hex(String spaced) {
        String[] parts = spaced.split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
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
