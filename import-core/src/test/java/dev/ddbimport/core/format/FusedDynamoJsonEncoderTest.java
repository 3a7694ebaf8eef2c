package dev.ddbimport.core.format;

import static dev.ddbimport.core.format.EncoderEquivalence.assertSame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.FormatSpec;
import dev.ddbimport.core.RecordEncoder;
import dev.ddbimport.core.TestData;
import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.format.EncoderEquivalence.Outcome;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.KeySchema.KeyAttribute;
import dev.ddbimport.core.validate.ScalarType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FusedDynamoJsonEncoderTest {

    static final KeySchema PK_SK =
            KeySchema.of(new KeyAttribute("pk", ScalarType.S), new KeyAttribute("sk", ScalarType.N));
    static final KeySchema INDEXED = new KeySchema(
            new KeyAttribute("pk", ScalarType.S),
            null,
            List.of(
                    new KeySchema.IndexKeys("byNumber", new KeyAttribute("sk", ScalarType.N), null),
                    new KeySchema.IndexKeys("byBinary", new KeyAttribute("a", ScalarType.B), null)));
    static final KeySchema BINARY = KeySchema.of(new KeyAttribute("pk", ScalarType.B), null);

    private static FormatSpec spec(KeySchema keys) {
        return new FormatSpec(
                InputFormat.DYNAMODB_JSON,
                Compression.NONE,
                ',',
                null,
                keys,
                FormatSpec.DEFAULT_MAX_RECORD_BYTES,
                FormatSpec.DEFAULT_MAX_UNCOMPRESSED_BYTES);
    }

    private record Pair(RecordEncoder reference, RecordEncoder fused) {
        static Pair of(KeySchema keys) {
            return new Pair(RecordEncoder.reference(spec(keys), null), FusedDynamoJsonEncoder.create(spec(keys)));
        }

        List<Outcome> check(byte[] record) {
            return assertSame(reference, fused, record);
        }

        List<Outcome> check(String record) {
            return check(record.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Item decode(Outcome outcome) {
        return ItemCodec.decode(HexFormat.of().parseHex(outcome.itemHex()));
    }

    // ---- the main cases ----

    @Test
    void shouldEncodeEveryAttributeTypeAsTheReferenceDoes() {
        Pair pair = Pair.of(PK_SK);
        assertInstanceOf(FusedDynamoJsonEncoder.class, pair.fused());

        List<Outcome> out = pair.check(
                "{\"Item\":{\"pk\":{\"S\":\"user#1\"},\"sk\":{\"N\":\"42\"},\"b\":{\"B\":\"AQI=\"},"
                        + "\"t\":{\"BOOL\":true},\"n\":{\"NULL\":true},\"l\":{\"L\":[{\"S\":\"é\"},{\"N\":\"-1.50\"}]},"
                        + "\"m\":{\"M\":{\"x\":{\"SS\":[\"a\",\"b\"]},\"y\":{\"NS\":[\"1\",\"2.5\"]},\"z\":{\"BS\":[\"AA==\"]}}}}}");

        Item item = decode(out.get(0));
        assertEquals(7, item.attributes().size());
        assertEquals(
                new AttrValue.N("-1.50"), ((AttrValue.L) item.get("l")).values().get(1));
        assertEquals(
                new AttrValue.NS(List.of("1", "2.5")),
                ((AttrValue.M) item.get("m")).values().get("y"));
    }

    @Test
    void shouldEncodeEveryObjectOfALineAndAllowWhitespace() {
        Pair pair = Pair.of(PK_SK);

        List<Outcome> out = pair.check(" {\"Item\" : { \"pk\" : {\"S\" : \"a\"} , \"sk\":{\"N\":\"1\"}}}\t"
                + "{\"Item\":{\"pk\":{\"S\":\"b\"},\"sk\":{\"N\":\"2\"}}} ");

        assertEquals(2, out.size());
        assertEquals(new AttrValue.S("b"), decode(out.get(1)).get("pk"));
    }

    @Test
    void shouldKeepTheFirstObjectOfALineWhenTheSecondOutgrowsTheBuffer() {
        Pair pair = Pair.of(PK_SK);

        // the items are handed out from the encoder's buffer after the whole line is read; the second
        // one makes it grow while the first waits in it
        List<Outcome> out = pair.check("{\"Item\":{\"pk\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}"
                + "{\"Item\":{\"pk\":{\"S\":\"b\"},\"sk\":{\"N\":\"2\"},\"s\":{\"S\":\"" + "y".repeat(20_000)
                + "\"}}}");

        assertEquals(2, out.size());
        assertEquals(new AttrValue.S("a"), decode(out.get(0)).get("pk"));
        assertEquals(new AttrValue.S("y".repeat(20_000)), decode(out.get(1)).get("s"));
    }

    @Test
    void shouldWriteLongStringsAndLargeContainers() {
        Pair pair = Pair.of(PK_SK);
        StringBuilder list = new StringBuilder();
        StringBuilder map = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            list.append(i == 0 ? "" : ",").append("{\"N\":\"").append(i).append("\"}");
            map.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":{\"S\":\"v\"}");
        }
        for (int length : new int[] {63, 64, 8191, 8192, 70_000}) {
            assertTrue(
                    pair.check("{\"Item\":{\"pk\":{\"S\":\"" + "x".repeat(length / 40 + 1) + "\"},\"sk\":{\"N\":\"1\"},"
                                    + "\"s\":{\"S\":\"" + "é".repeat(length / 2) + "\"},\"l\":{\"L\":[" + list
                                    + "]},\"m\":{\"M\":{" + map + "}}}}")
                            .get(0)
                            .isItem());
        }
    }

    @Test
    void shouldGiveEqualKeyBytesForEqualNumbersHoweverSpelled() {
        Pair pair = Pair.of(PK_SK);
        String plain = pair.check(line("\"15\"")).get(0).keyHex();
        assertEquals(plain, pair.check(line("\"15.00\"")).get(0).keyHex());
        assertEquals(plain, pair.check(line("\"1.5E1\"")).get(0).keyHex());
    }

    private static String line(String sk) {
        return "{\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":" + sk + "}}}";
    }

    @Test
    void shouldCheckNamesThatDifferFromThePreviousRecordsAtTheSamePlace() {
        Pair pair = Pair.of(PK_SK);
        String start = "{\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"},";
        String[] tails = {
            "\"a\":{\"S\":\"x\"},\"b\":{\"S\":\"y\"}}}",
            "\"a\":{\"S\":\"x\"},\"a\":{\"S\":\"y\"}}}", // b predicted, a duplicate
            "\"ab\":{\"S\":\"x\"},\"b\":{\"S\":\"y\"}}}", // a predicted, longer name
            "\"a\":{\"S\":\"x\"},\"b\\u0000\":{\"S\":\"y\"}}}", // an escape after the prediction
            "\"a\":{\"S\":\"x\"},\"\":{\"S\":\"y\"}}}",
            "\"a\":{\"S\":\"x\"},\"b\":{\"S\":\"y\"}}}"
        };
        for (String tail : tails) {
            pair.check(start + tail);
        }
        assertEquals(
                ErrorCode.DUPLICATE_ATTRIBUTE_NAME,
                pair.check(start + tails[1]).get(0).code());
    }

    // ---- rejections: the reference's code and message, the records around still come out ----

    @Test
    void shouldRejectWhatTheReferenceRejectsAndKeepTheRecordsAround() {
        Map<String, ErrorCode> bad = new LinkedHashMap<>();
        bad.put("{\"Item\":{\"sk\":{\"N\":\"1\"}}}", ErrorCode.MISSING_KEY);
        bad.put("{\"Item\":{\"pk\":{\"N\":\"1\"},\"sk\":{\"N\":\"1\"}}}", ErrorCode.KEY_TYPE_MISMATCH);
        bad.put("{\"Item\":{\"pk\":{\"S\":\"\"},\"sk\":{\"N\":\"1\"}}}", ErrorCode.EMPTY_KEY_VALUE);
        bad.put(line("\"1e200\""), ErrorCode.NUMBER_OUT_OF_RANGE);
        bad.put(line("\"x\""), ErrorCode.INVALID_NUMBER);
        bad.put(
                "{\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"},\"\":{\"S\":\"v\"}}}",
                ErrorCode.EMPTY_ATTRIBUTE_NAME);
        bad.put("{\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"},\"s\":{\"SS\":[]}}}", ErrorCode.EMPTY_SET);
        bad.put(
                "{\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"},\"s\":{\"NS\":[\"1\",\"1.0\"]}}}",
                ErrorCode.DUPLICATE_SET_ELEMENT);
        bad.put(
                "{\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"},\"n\":{\"NULL\":false}}}",
                ErrorCode.INVALID_ATTRIBUTE_VALUE);
        bad.put(
                "{\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"},\"p\":{\"S\":\"x\"},\"p\":{\"S\":\"y\"}}}",
                ErrorCode.DUPLICATE_ATTRIBUTE_NAME);
        bad.put(
                "{\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"},\"big\":{\"S\":\"" + "x".repeat(409_600)
                        + "\"}}}",
                ErrorCode.ITEM_TOO_LARGE);
        bad.put("{\"Item\":{\"pk\":{\"S\":\"p\"}", ErrorCode.JSON_SYNTAX);
        bad.put("{\"Other\":{}}", ErrorCode.JSON_MISSING_ITEM);
        Pair pair = Pair.of(PK_SK);
        for (Map.Entry<String, ErrorCode> e : bad.entrySet()) {
            assertTrue(pair.check(line("\"1\"")).get(0).isItem());
            List<Outcome> out = pair.check(e.getKey());
            assertEquals(e.getValue(), out.get(out.size() - 1).code(), e.getKey());
            assertTrue(pair.check(line("\"2\"")).get(0).isItem());
        }
    }

    @Test
    void shouldRejectAMissingKeyWithDynamoDbsMessage() {
        List<Outcome> out = Pair.of(PK_SK).check("{\"Item\":{\"sk\":{\"N\":\"1\"}}}");
        assertEquals(
                List.of(new Outcome(
                        null,
                        null,
                        ErrorCode.MISSING_KEY,
                        "One or more parameter values were invalid: Missing the key pk in the item")),
                out);
    }

    // ---- equivalence: generated, mutated and real records ----

    private static final byte[] INSERTS = "\"\\{}[]:, \t0.-eE+é\u0001".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldMatchTheReferenceOnGeneratedAndMutatedRecords() {
        int items = 0;
        for (KeySchema keys : List.of(PK_SK, INDEXED, BINARY)) {
            Pair pair = Pair.of(keys);
            Random random = new Random(7);
            IonRandomItems plain = new IonRandomItems(11, true);
            IonRandomItems any = new IonRandomItems(13, false);
            for (int n = 0; n < 700; n++) {
                Item item = GeneratedKeys.withKeys(random, random.nextBoolean() ? plain.item() : any.item());
                byte[] record = DynamoJsonItemWriter.line(item);
                if (random.nextInt(8) == 0) {
                    record = GeneratedKeys.spaced(random, record);
                }
                if (pair.check(record).get(0).isItem()) {
                    items++;
                }
                for (int m = 0; m < 3; m++) {
                    pair.check(EncoderEquivalence.mutated(random, record, INSERTS));
                }
            }
        }
        assertTrue(items > 400, "too few valid records generated: " + items);
    }

    @Test
    void shouldMatchTheReferenceOnEverySampleFile() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(TestData.root())) {
            files = walk.filter(p -> {
                        String name = p.getFileName().toString();
                        return (name.endsWith(".json") || name.endsWith(".json.gz") || name.endsWith(".json.txt"))
                                && !p.toString().contains("csv_spectrum");
                    })
                    .sorted()
                    .toList();
        }
        int records = 0;
        for (Path file : files) {
            for (KeySchema keys : List.of(PK_SK, KeySchema.of(new KeyAttribute("id", ScalarType.S), null), INDEXED)) {
                Pair pair = Pair.of(keys);
                for (byte[] record : EncoderEquivalence.lines(file)) {
                    pair.check(record);
                    records++;
                }
                // a pretty-printed file as one record, as if it were on one line
                pair.check(EncoderEquivalence.joinedLines(file));
            }
        }
        assertTrue(records > 100, "too few sample records: " + records);
    }
}
