package dev.ddbimport.core.item;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeMapTest {

    @Test
    void shouldKeepInsertionOrderAndBehaveAsAMapEqualToALinkedHashMap() {
        AttributeMap map = new AttributeMap(2);
        Map<String, AttrValue> reference = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            AttrValue value = new AttrValue.N(Integer.toString(i));
            assertTrue(map.add("a" + (9 - i), value));
            reference.put("a" + (9 - i), value);
        }
        assertEquals(reference, map);
        assertEquals(map, reference);
        assertEquals(reference.hashCode(), map.hashCode());
        assertEquals(new ArrayList<>(reference.keySet()), new ArrayList<>(map.keySet()));
        assertEquals(new AttrValue.N("3"), map.get(new String("a6")));
        assertNull(map.get("zz"));
        assertNull(map.get(42));
        assertEquals("a9", map.nameAt(0));
        assertEquals(new AttrValue.N("9"), map.valueAt(9));
    }

    @Test
    void shouldRefuseADuplicateNameOnAddAndReplaceOnPut() {
        AttributeMap map = new AttributeMap();
        assertTrue(map.add("pk", new AttrValue.S("1")));
        assertFalse(map.add("pk", new AttrValue.S("2")));
        assertEquals(new AttrValue.S("1"), map.get("pk"));
        assertEquals(new AttrValue.S("1"), map.put("pk", new AttrValue.S("3")));
        assertEquals(1, map.size());
        assertEquals(new AttrValue.S("3"), map.get("pk"));
        assertThrows(NullPointerException.class, () -> map.put("x", null));
    }

    @Test
    void shouldStayCorrectPastTheSizeWhereItIndexesNames() {
        AttributeMap map = new AttributeMap();
        Map<String, AttrValue> reference = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            assertTrue(map.add("n" + i, new AttrValue.N(Integer.toString(i))));
            reference.put("n" + i, new AttrValue.N(Integer.toString(i)));
        }
        assertFalse(map.add("n150", AttrValue.Null.INSTANCE));
        assertEquals(new AttrValue.N("150"), map.remove("n150"));
        reference.remove("n150");
        assertEquals(reference, map);
        assertEquals(new AttrValue.N("199"), map.get("n199"));
        assertNull(map.get("n150"));
        for (int i = 0; i < 190; i++) {
            map.remove("n" + i);
            reference.remove("n" + i);
        }
        assertEquals(reference, map);
        assertEquals(new AttrValue.N("195"), map.get("n195"));
    }

    @Test
    void shouldRemoveThroughItsIteratorAndWriteThroughItsEntries() {
        AttributeMap map = new AttributeMap();
        map.add("a", new AttrValue.S("1"));
        map.add("b", new AttrValue.S("2"));
        map.add("c", new AttrValue.S("3"));
        Iterator<Map.Entry<String, AttrValue>> it = map.entrySet().iterator();
        it.next().setValue(new AttrValue.S("one"));
        it.next();
        it.remove();
        assertEquals(List.of("a", "c"), new ArrayList<>(map.keySet()));
        assertEquals(new AttrValue.S("one"), map.get("a"));
        assertTrue(it.hasNext());
        assertEquals("c", it.next().getKey());
        map.clear();
        assertTrue(map.isEmpty());
    }

    @Test
    void shouldKeepTheNamesUtf8BytesWhenGivenThem() {
        AttributeMap map = new AttributeMap();
        byte[] utf8 = "städte".getBytes(StandardCharsets.UTF_8);
        map.add("städte", utf8, new AttrValue.S("x"));
        map.put("plain", new AttrValue.S("y"));
        assertArrayEquals(utf8, map.nameUtf8At(0));
        assertNull(map.nameUtf8At(1));
        // the codec writes the given bytes, which decode to the same item
        assertEquals(new Item(map), ItemCodec.decode(ItemCodec.encode(new Item(map))));
    }
}
