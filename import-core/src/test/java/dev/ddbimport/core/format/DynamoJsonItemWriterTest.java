package dev.ddbimport.core.format;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamoJsonItemWriterTest {

    private static final String ATTRIBUTES =
            "{\"z\":{\"S\":\"a\\\"b\"},\"n\":{\"N\":\"1.50\"},\"b\":{\"B\":\"aGVsbG8=\"},"
                    + "\"t\":{\"BOOL\":true},\"0\":{\"NULL\":true},\"l\":{\"L\":[{\"S\":\"é😀\"},{\"M\":{}}]},"
                    + "\"ss\":{\"SS\":[\"x\",\"y\"]},\"ns\":{\"NS\":[\"2\",\"1\"]},\"bs\":{\"BS\":[\"AQ==\",\"\"]},"
                    + "\"u\":{\"S\":\"line\\nbreak\"}}";

    private static Item sample() {
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        attributes.put("z", new AttrValue.S("a\"b"));
        attributes.put("n", new AttrValue.N("1.50"));
        attributes.put("b", new AttrValue.B("hello".getBytes(UTF_8)));
        attributes.put("t", AttrValue.Bool.TRUE);
        attributes.put("0", AttrValue.Null.INSTANCE);
        attributes.put(
                "l", new AttrValue.L(List.of(AttrValue.S.ofUtf8("é😀".getBytes(UTF_8)), new AttrValue.M(Map.of()))));
        attributes.put("ss", new AttrValue.SS(List.of("x", "y")));
        attributes.put("ns", new AttrValue.NS(List.of("2", "1")));
        attributes.put("bs", new AttrValue.BS(List.of(new byte[] {1}, new byte[0])));
        attributes.put("u", new AttrValue.S("line\nbreak"));
        return new Item(attributes);
    }

    @Test
    void shouldWriteTheBareAttributeMapAsCompactMarshalledJsonInTheItemsOrder() {
        assertEquals(ATTRIBUTES, new String(DynamoJsonItemWriter.attributes(sample()), UTF_8));
    }

    @Test
    void shouldWrapTheMapAsOneImportLineWithoutALineBreak() {
        assertEquals("{\"Item\":" + ATTRIBUTES + "}", new String(DynamoJsonItemWriter.line(sample()), UTF_8));
    }

    @Test
    void shouldWriteLinesTheParserReadsBackToTheSameItem() {
        List<ParseOutcome> outcomes = new DynamoJsonItemParser().parse(DynamoJsonItemWriter.line(sample()));

        assertEquals(List.of(new ParseOutcome.Parsed(sample())), outcomes);
    }
}
