package dev.ddbimport.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ItemSizeTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "abc",
                "é",
                "ünïcödé",
                "€",
                "日本語",
                "😀",
                "a😀b",
                "\uD800",
                "x\uDC00",
                "\uDBFF\uDFFF",
                "\uDC00\uD800",
                "😀\uD83D"
            })
    void shouldCountUtf8BytesAsJavasEncoderDoes(String s) {
        assertEquals(s.getBytes(StandardCharsets.UTF_8).length, ItemSize.utf8Length(s));
    }

    @Test
    void shouldSizeScalarsByTheirBytes() {
        assertEquals(3, ItemSize.valueSizeBytes(new AttrValue.S("abc")));
        assertEquals(4, ItemSize.valueSizeBytes(new AttrValue.S("😀")));
        assertEquals(5, ItemSize.valueSizeBytes(new AttrValue.B(new byte[5])));
        assertEquals(1, ItemSize.valueSizeBytes(AttrValue.Bool.TRUE));
        assertEquals(1, ItemSize.valueSizeBytes(AttrValue.Null.INSTANCE));
        assertEquals(5, ItemSize.valueSizeBytes(new AttrValue.N("3.14159")));
        assertEquals(0, ItemSize.valueSizeBytes(new AttrValue.S("")));
    }

    @Test
    void shouldSizeContainersWithThreeBytesPlusOnePerElement() {
        assertEquals(3, ItemSize.valueSizeBytes(new AttrValue.L(List.of())));
        assertEquals(3, ItemSize.valueSizeBytes(new AttrValue.M(Map.of())));
        // 3 + (1 + "ab") + (1 + 12 → 2)
        assertEquals(
                3 + 3 + 3,
                ItemSize.valueSizeBytes(new AttrValue.L(List.of(new AttrValue.S("ab"), new AttrValue.N("12")))));
        // 3 + (1 + "k" + "vv") + (1 + "né" + true)
        Map<String, AttrValue> map = new LinkedHashMap<>();
        map.put("k", new AttrValue.S("vv"));
        map.put("né", AttrValue.Bool.TRUE);
        assertEquals(3 + 4 + 5, ItemSize.valueSizeBytes(new AttrValue.M(map)));
        // nested: outer list of one empty map
        assertEquals(3 + 1 + 3, ItemSize.valueSizeBytes(new AttrValue.L(List.of(new AttrValue.M(Map.of())))));
    }

    @Test
    void shouldSizeSetsAsTheSumOfTheirElements() {
        assertEquals(1 + 4, ItemSize.valueSizeBytes(new AttrValue.SS(List.of("a", "😀"))));
        assertEquals(2 + 3 + 1, ItemSize.valueSizeBytes(new AttrValue.NS(List.of("1", "-42", "0"))));
        assertEquals(2 + 0, ItemSize.valueSizeBytes(new AttrValue.BS(List.of(new byte[2], new byte[0]))));
    }

    @Test
    void shouldSumNamesAndValuesOverTheItem() {
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        attributes.put("pk", new AttrValue.S("user#1")); // 2 + 6
        attributes.put("âge", new AttrValue.N("42")); // 4 + 2
        attributes.put("tags", new AttrValue.SS(List.of("x", "yz"))); // 4 + 3
        assertEquals(8 + 6 + 7, ItemSize.itemSizeBytes(new Item(attributes)));
        assertEquals(0, ItemSize.itemSizeBytes(new Item(Map.of())));
    }

    @Test
    void shouldRefuseToSizeAnInvalidNumberAndSaySoClearly() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ItemSize.itemSizeBytes(new Item(Map.of("n", new AttrValue.N("NaN")))));
        assertTrue(e.getMessage().contains("'NaN'"), e.getMessage());
        assertTrue(e.getMessage().contains("ItemValidator"), e.getMessage());
    }

    @Test
    void shouldRefuseAbsurdNestingInsteadOfOverflowingTheStack() {
        AttrValue value = new AttrValue.S("leaf");
        for (int i = 0; i < 5_000; i++) {
            value = new AttrValue.L(List.of(value));
        }
        AttrValue deep = value;
        assertThrows(IllegalArgumentException.class, () -> ItemSize.valueSizeBytes(deep));
    }
}
