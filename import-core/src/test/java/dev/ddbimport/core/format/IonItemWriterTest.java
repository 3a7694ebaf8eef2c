package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.DynamoNumber;
import dev.ddbimport.core.item.Item;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IonItemWriterTest {
    private final IonItemParser parser = new IonItemParser();

    @Test
    void shouldWriteOneLineInTheAwsImportFormat() {
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        attributes.put("pk", new AttrValue.S("user#1"));
        attributes.put("n", new AttrValue.N("123"));
        attributes.put("price", new AttrValue.N("2E+3"));
        attributes.put("ratio", new AttrValue.N("1.50"));
        attributes.put("b", new AttrValue.B(new byte[] {1, 2, 3}));
        attributes.put("ok", AttrValue.Bool.TRUE);
        attributes.put("none", AttrValue.Null.INSTANCE);
        attributes.put("l", new AttrValue.L(List.of(new AttrValue.S("x"), new AttrValue.N("1"))));
        attributes.put("m", new AttrValue.M(Map.of("k", new AttrValue.S("v"))));
        attributes.put("ss", new AttrValue.SS(List.of("a", "b")));
        attributes.put("ns", new AttrValue.NS(List.of("1", "2.5")));
        attributes.put("bs", new AttrValue.BS(List.of(new byte[] {0})));
        attributes.put("odd name", new AttrValue.S("line\nbreak"));
        String line = new String(IonItemWriter.line(new Item(attributes)), StandardCharsets.UTF_8);
        assertEquals(
                "$ion_1_0 {Item:{pk:\"user#1\",n:123.,price:2d3,ratio:1.50,b:{{AQID}},ok:true,none:null,"
                        + "l:[\"x\",1.],m:{k:\"v\"},ss:$dynamodb_SS::[\"a\",\"b\"],ns:$dynamodb_NS::[1.,2.5],"
                        + "bs:$dynamodb_BS::[{{AA==}}],'odd name':\"line\\nbreak\"}}",
                line);
    }

    @Test
    void shouldRoundTripGeneratedItemsWithIdenticalText() {
        IonRandomItems items = new IonRandomItems(42);
        for (int i = 0; i < 2_000; i++) {
            Item item = items.item();
            byte[] line = IonItemWriter.line(item);
            for (byte b : line) {
                assertTrue(b != '\n' && b != '\r', "the line must hold no line break");
            }
            List<ParseOutcome> outcomes = parser.parse(line);
            assertEquals(1, outcomes.size());
            Item back = assertInstanceOf(
                            ParseOutcome.Parsed.class,
                            outcomes.get(0),
                            () -> new String(line, StandardCharsets.UTF_8) + " -> " + outcomes)
                    .item();
            assertEquals(item, back, () -> new String(line, StandardCharsets.UTF_8));
            assertEquals(
                    List.copyOf(item.attributes().keySet()),
                    List.copyOf(back.attributes().keySet()));
        }
    }

    @Test
    void shouldRoundTripOtherNumberSpellingsAsEqualNumbers() throws Exception {
        List<String> spellings = List.of(
                "+1",
                "0001.50",
                "1e5",
                "1E-5",
                ".5",
                "5.",
                "-0",
                "0.000",
                "-.25e+2",
                "0.0000001",
                "99999999999999999999999999999999999999",
                "9.9999999999999999999999999999999999999E+125",
                "1E-130");
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        for (int i = 0; i < spellings.size(); i++) {
            attributes.put("n" + i, new AttrValue.N(spellings.get(i)));
        }
        attributes.put("ns", new AttrValue.NS(spellings));
        Item back = ((ParseOutcome.Parsed)
                        parser.parse(IonItemWriter.line(new Item(attributes))).get(0))
                .item();
        List<String> backNs = ((AttrValue.NS) back.get("ns")).values();
        for (int i = 0; i < spellings.size(); i++) {
            String text = ((AttrValue.N) back.get("n" + i)).value();
            assertEquals(DynamoNumber.parse(spellings.get(i)), DynamoNumber.parse(text), spellings.get(i));
            assertEquals(DynamoNumber.parse(spellings.get(i)), DynamoNumber.parse(backNs.get(i)), spellings.get(i));
        }
    }

    @Test
    void shouldRoundTripIonLinesThroughItemsWithIdenticalText() {
        String line =
                "$ion_1_0 {Item:{a:6d2,b:103.,c:1.50,d:-0.0000001,e:[1d-130,{x:12345678901234567890123456789012345678.}]}}";
        Item first = ((ParseOutcome.Parsed)
                        parser.parse(line.getBytes(StandardCharsets.UTF_8)).get(0))
                .item();
        Item second =
                ((ParseOutcome.Parsed) parser.parse(IonItemWriter.line(first)).get(0)).item();
        assertEquals(first, second);
    }

    @Test
    void shouldRefuseToWriteANumberThatIsNotOne() {
        Item item = new Item(Map.of("n", new AttrValue.N("NaN")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IonItemWriter.line(item));
        assertEquals(
                "N value 'NaN' is not a number, so it cannot be written as an Ion decimal; validate items before"
                        + " writing them",
                e.getMessage());
    }

    @Test
    void shouldWriteEmptyContainersAndDeepNesting() {
        AttrValue deep = new AttrValue.S("leaf");
        // 31 lists around the leaf: the leaf sits at level 32, the deepest allowed
        for (int i = 0; i < 31; i++) {
            deep = new AttrValue.L(new ArrayList<>(List.of(deep)));
        }
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        attributes.put("l", new AttrValue.L(List.of()));
        attributes.put("m", new AttrValue.M(Map.of()));
        attributes.put("s", new AttrValue.S(""));
        attributes.put("b", new AttrValue.B(new byte[0]));
        attributes.put("deep", deep);
        Item item = new Item(attributes);
        assertEquals(
                item,
                ((ParseOutcome.Parsed) parser.parse(IonItemWriter.line(item)).get(0)).item());
    }
}
