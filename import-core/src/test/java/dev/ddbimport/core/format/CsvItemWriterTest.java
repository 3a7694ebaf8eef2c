package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.HeaderLine;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.core.frame.RecordFramer;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.KeySchema.IndexKeys;
import dev.ddbimport.core.validate.KeySchema.KeyAttribute;
import dev.ddbimport.core.validate.ScalarType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvItemWriterTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Item item(Object... namesAndValues) {
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            attributes.put((String) namesAndValues[i], (AttrValue) namesAndValues[i + 1]);
        }
        return new Item(attributes);
    }

    @Test
    void shouldWriteScalarsAndLeaveMissingAttributesEmpty() {
        Item item = item(
                "pk", new AttrValue.S("k1"),
                "n", new AttrValue.N("-1.50"),
                "b", new AttrValue.B(new byte[] {1, 2, 3, (byte) 0xFF}),
                "notWritten", new AttrValue.S("x"));
        assertEquals("k1,-1.50,AQID/w==,", text(CsvItemWriter.row(item, List.of("pk", "n", "b", "missing"), ',')));
    }

    @Test
    void shouldQuoteOnlyFieldsThatNeedIt() {
        Item item = item(
                "a", new AttrValue.S("x,y"),
                "b", new AttrValue.S("say \"hi\""),
                "c", new AttrValue.S("line\nbreak"),
                "d", new AttrValue.S("cr\rhere"),
                "e", new AttrValue.S(" plain; text "));
        assertEquals(
                "\"x,y\",\"say \"\"hi\"\"\",\"line\nbreak\",\"cr\rhere\", plain; text ",
                text(CsvItemWriter.row(item, List.of("a", "b", "c", "d", "e"), ',')));
        assertEquals("x,y;\" plain; text \"", text(CsvItemWriter.row(item, List.of("a", "e"), ';')));
    }

    @Test
    void shouldQuoteAWhitespaceOnlyValueOfASingleColumnSoTheLineIsNotSkippedAsBlank() {
        Item item = item("a", new AttrValue.S(" \t"));
        assertEquals("\" \t\"", text(CsvItemWriter.row(item, List.of("a"), ',')));
        assertEquals(" \t,", text(CsvItemWriter.row(item, List.of("a", "b"), ',')));
    }

    @Test
    void shouldWriteAHeaderQuotingNamesThatNeedIt() {
        assertEquals(
                "pk|\"a|b\"|\"q\"\"\"|Größe", text(CsvItemWriter.header(List.of("pk", "a|b", "q\"", "Größe"), '|')));
    }

    @Test
    void shouldRefuseValuesCsvCannotCarry() {
        Item item = item("pk", new AttrValue.S("k"), "flag", AttrValue.Bool.TRUE);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CsvItemWriter.row(item, List.of("pk", "flag"), ','));
        assertEquals(
                "Attribute 'flag' is of type BOOL, which CSV cannot carry; only S, N and B can be written",
                e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> CsvItemWriter.row(item("l", new AttrValue.L(List.of())), List.of("l"), ','));
        // an attribute that is not written does not matter
        assertEquals("k", text(CsvItemWriter.row(item, List.of("pk"), ',')));
    }

    @Test
    void shouldRefuseAnUnusableHeader() {
        assertThrows(IllegalArgumentException.class, () -> CsvItemWriter.header(List.of(), ','));
        assertThrows(IllegalArgumentException.class, () -> CsvItemWriter.header(List.of("a", ""), ','));
        assertThrows(IllegalArgumentException.class, () -> CsvItemWriter.header(List.of("a"), '#'));
    }

    @ParameterizedTest
    @ValueSource(chars = {',', ';', ':', '|', '\t', ' '})
    void shouldRoundTripGeneratedItemsThroughFramerAndParser(char delimiter) throws IOException {
        List<String> columns = List.of("pk", "sk", "blob", "text 1", "text,2", "\"quoted\"");
        KeySchema keys = new KeySchema(
                new KeyAttribute("pk", ScalarType.S),
                new KeyAttribute("sk", ScalarType.N),
                List.of(new IndexKeys("byBlob", new KeyAttribute("blob", ScalarType.B), null)));
        Random random = new Random(42 + delimiter);
        List<Item> items = new ArrayList<>();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(CsvItemWriter.header(columns, delimiter));
        for (int i = 0; i < 500; i++) {
            Map<String, AttrValue> attributes = new LinkedHashMap<>();
            attributes.put("pk", new AttrValue.S(randomText(random)));
            attributes.put("sk", new AttrValue.N(String.valueOf(random.nextLong())));
            byte[] blob = new byte[1 + random.nextInt(40)];
            random.nextBytes(blob);
            attributes.put("blob", new AttrValue.B(blob));
            for (String column : columns.subList(3, columns.size())) {
                if (random.nextInt(4) > 0) { // sometimes absent: written as an empty field
                    attributes.put(column, new AttrValue.S(randomText(random)));
                }
            }
            Item item = new Item(attributes);
            items.add(item);
            file.writeBytes(random.nextBoolean() ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
            file.writeBytes(CsvItemWriter.row(item, columns, delimiter));
        }

        List<Item> parsed = new ArrayList<>();
        CsvItemParser parser = null;
        try (RecordFramer framer =
                RecordFramer.csv(new ByteArrayInputStream(file.toByteArray()), delimiter, true, 1 << 20)) {
            for (Frame frame = framer.next(); frame != null; frame = framer.next()) {
                if (frame instanceof HeaderLine header) {
                    List<String> names = CsvItemParser.parseHeader(header.bytes(), delimiter);
                    assertEquals(columns, names);
                    parser = new CsvItemParser(names, delimiter, keys);
                } else {
                    ParseOutcome outcome =
                            parser.parse(((RawRecord) frame).bytes()).get(0);
                    parsed.add(((ParseOutcome.Parsed) outcome).item());
                }
            }
        }
        assertEquals(items, parsed);
    }

    /** Non-empty text mixing ASCII, delimiters, quotes, line breaks, whitespace and multi-byte code points. */
    private static String randomText(Random random) {
        String[] pieces = {
            "a", "Zz", "9", ",", ";", ":", "|", "\t", " ", "\"", "\"\"", "\n", "\r\n", "\r", "é", "東京", "😀", "ʤ", "x y"
        };
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }
}
