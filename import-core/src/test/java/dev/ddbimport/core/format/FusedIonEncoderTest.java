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

class FusedIonEncoderTest {

    private static FormatSpec spec(KeySchema keys) {
        return new FormatSpec(
                InputFormat.ION,
                Compression.NONE,
                ',',
                null,
                keys,
                FormatSpec.DEFAULT_MAX_RECORD_BYTES,
                FormatSpec.DEFAULT_MAX_UNCOMPRESSED_BYTES);
    }

    private record Pair(RecordEncoder reference, RecordEncoder fused) {
        static Pair of(KeySchema keys) {
            return new Pair(RecordEncoder.reference(spec(keys), null), FusedIonEncoder.create(spec(keys)));
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
        Pair pair = Pair.of(FusedDynamoJsonEncoderTest.PK_SK);
        assertInstanceOf(FusedIonEncoder.class, pair.fused());

        List<Outcome> out = pair.check("$ion_1_0 {Item:{pk:\"user#1\",sk:42.,b:{{AQI=}},t:true,f:false,n:null,"
                + "'quoted name':\"é\",l:[1.50,-0,0.5,7],m:{x:$dynamodb_SS::[\"a\",\"b\"],y:$dynamodb_NS::[1,2.5],"
                + "z:$dynamodb_BS::[{{AA==}}]}}}");

        Item item = decode(out.get(0));
        assertEquals(new AttrValue.N("42"), item.get("sk"));
        assertEquals(new AttrValue.S("é"), item.get("quoted name"));
        assertEquals(
                List.of(new AttrValue.N("1.50"), new AttrValue.N("0"), new AttrValue.N("0.5"), new AttrValue.N("7")),
                ((AttrValue.L) item.get("l")).values());
        assertEquals(
                new AttrValue.NS(List.of("1", "2.5")),
                ((AttrValue.M) item.get("m")).values().get("y"));
    }

    @Test
    void shouldEncodeEveryItemOfALineAndAllowWhitespace() {
        Pair pair = Pair.of(FusedDynamoJsonEncoderTest.PK_SK);

        List<Outcome> out = pair.check(" $ion_1_0 { Item : { pk : \"a\" , sk : 1 } } $ion_1_0 {Item:{pk:\"b\",sk:2.}}");

        assertEquals(2, out.size());
        assertEquals(new AttrValue.S("b"), decode(out.get(1)).get("pk"));
    }

    @Test
    void shouldKeepTheFirstItemOfALineWhenTheSecondOutgrowsTheBuffer() {
        Pair pair = Pair.of(FusedDynamoJsonEncoderTest.PK_SK);

        List<Outcome> out = pair.check(
                "$ion_1_0 {Item:{pk:\"a\",sk:1}} $ion_1_0 {Item:{pk:\"b\",sk:2,s:\"" + "y".repeat(20_000) + "\"}}");

        assertEquals(2, out.size());
        assertEquals(new AttrValue.S("a"), decode(out.get(0)).get("pk"));
        assertEquals(new AttrValue.S("y".repeat(20_000)), decode(out.get(1)).get("s"));
    }

    @Test
    void shouldGiveEqualKeyBytesForEqualNumbersHoweverSpelled() {
        Pair pair = Pair.of(FusedDynamoJsonEncoderTest.PK_SK);
        String plain = pair.check(line("15")).get(0).keyHex();
        assertEquals(plain, pair.check(line("15.")).get(0).keyHex());
        assertEquals(plain, pair.check(line("15.00")).get(0).keyHex());
        assertEquals(plain, pair.check(line("1.5d1")).get(0).keyHex());
    }

    private static String line(String sk) {
        return "$ion_1_0 {Item:{pk:\"p\",sk:" + sk + "}}";
    }

    @Test
    void shouldCheckNamesThatDifferFromThePreviousRecordsAtTheSamePlace() {
        Pair pair = Pair.of(FusedDynamoJsonEncoderTest.PK_SK);
        String[] records = {
            "$ion_1_0 {Item:{pk:\"p\",sk:1,a:1,b:2}}",
            "$ion_1_0 {Item:{pk:\"p\",sk:1,a:1,a:2}}", // b predicted, a duplicate
            "$ion_1_0 {Item:{pk:\"p\",sk:1,ab:1,b:2}}", // a predicted, longer name
            "$ion_1_0 {Item:{pk:\"p\",sk:1,a:1,'null':2}}",
            "$ion_1_0 {Item:{pk:\"p\",sk:1,a:1,null:2}}", // a keyword where a quoted name was
            "$ion_1_0 {Item:{pk:\"p\",sk:1,a:1,b::2}}",
            "$ion_1_0 {Item:{pk:\"p\",sk:1,a:1,\"b\":2}}",
            "$ion_1_0 {Item:{pk:\"p\",sk:1,a:1,b:2}}"
        };
        for (String record : records) {
            pair.check(record);
        }
        assertEquals(
                ErrorCode.DUPLICATE_ATTRIBUTE_NAME,
                pair.check(records[1]).get(0).code());
    }

    // ---- rejections: the reference's code and message, the records around still come out ----

    @Test
    void shouldRejectWhatTheReferenceRejectsAndKeepTheRecordsAround() {
        Map<String, ErrorCode> bad = new LinkedHashMap<>();
        bad.put("$ion_1_0 {Item:{sk:1}}", ErrorCode.MISSING_KEY);
        bad.put("$ion_1_0 {Item:{pk:1,sk:1}}", ErrorCode.KEY_TYPE_MISMATCH);
        bad.put("$ion_1_0 {Item:{pk:\"\",sk:1}}", ErrorCode.EMPTY_KEY_VALUE);
        bad.put(line("1d200"), ErrorCode.NUMBER_OUT_OF_RANGE);
        bad.put(line(1 + "0".repeat(38) + "1"), ErrorCode.NUMBER_PRECISION);
        bad.put("$ion_1_0 {Item:{pk:\"p\",sk:1,'':\"v\"}}", ErrorCode.EMPTY_ATTRIBUTE_NAME);
        bad.put("$ion_1_0 {Item:{pk:\"p\",sk:1,s:$dynamodb_SS::[]}}", ErrorCode.EMPTY_SET);
        bad.put("$ion_1_0 {Item:{pk:\"p\",sk:1,s:$dynamodb_NS::[1,1.0]}}", ErrorCode.DUPLICATE_SET_ELEMENT);
        bad.put("$ion_1_0 {Item:{pk:\"p\",sk:1,a:1,a:2}}", ErrorCode.DUPLICATE_ATTRIBUTE_NAME);
        bad.put("$ion_1_0 {Item:{pk:\"p\",sk:1,big:\"" + "x".repeat(409_600) + "\"}}", ErrorCode.ITEM_TOO_LARGE);
        bad.put("$ion_1_0 {Item:{pk:\"p\",sk:1,x:nan}}", ErrorCode.ION_UNSUPPORTED_VALUE);
        bad.put("$ion_1_0 {Item:{pk:\"p\"", ErrorCode.ION_SYNTAX);
        bad.put("$ion_1_0 {Other:{}}", ErrorCode.ION_MISSING_ITEM);
        Pair pair = Pair.of(FusedDynamoJsonEncoderTest.PK_SK);
        for (Map.Entry<String, ErrorCode> e : bad.entrySet()) {
            assertTrue(pair.check(line("1")).get(0).isItem());
            List<Outcome> out = pair.check(e.getKey());
            assertEquals(e.getValue(), out.get(out.size() - 1).code(), e.getKey());
            assertTrue(pair.check(line("2")).get(0).isItem());
        }
    }

    @Test
    void shouldRejectInvalidUtf8WithTheReferencesMessage() {
        byte[] record = line("1").getBytes(StandardCharsets.UTF_8);
        record[record.length - 5] = (byte) 0xFF;
        assertEquals(
                List.of(new Outcome(
                        null,
                        null,
                        ErrorCode.INVALID_UTF8,
                        "Invalid UTF-8 byte sequence at byte offset " + (record.length - 5))),
                Pair.of(FusedDynamoJsonEncoderTest.PK_SK).check(record));
    }

    // ---- equivalence: generated, mutated and real records ----

    private static final byte[] INSERTS = "\"'\\{}[]:, \t0.-dD+é$\u0001\u007F".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldMatchTheReferenceOnGeneratedAndMutatedRecords() {
        int items = 0;
        for (KeySchema keys : List.of(
                FusedDynamoJsonEncoderTest.PK_SK,
                FusedDynamoJsonEncoderTest.INDEXED,
                FusedDynamoJsonEncoderTest.BINARY)) {
            Pair pair = Pair.of(keys);
            Random random = new Random(17);
            IonRandomItems plain = new IonRandomItems(19, true);
            IonRandomItems any = new IonRandomItems(23, false);
            for (int n = 0; n < 700; n++) {
                Item item = GeneratedKeys.withKeys(random, random.nextBoolean() ? plain.item() : any.item());
                byte[] record;
                try {
                    record = IonItemWriter.line(item);
                } catch (IllegalArgumentException notADecimal) {
                    continue; // Ion has no spelling for such an N; the bad-number cases are above
                }
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
        try (Stream<Path> walk = Files.walk(TestData.path("ion_docs_samples"))) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".ion.txt"))
                    .sorted()
                    .toList();
        }
        assertTrue(files.size() >= 4, "Ion samples not found: " + files);
        int records = 0;
        for (Path file : files) {
            for (KeySchema keys : List.of(
                    FusedDynamoJsonEncoderTest.PK_SK,
                    KeySchema.of(new KeyAttribute("Authors", ScalarType.S), null),
                    KeySchema.of(new KeyAttribute("Id", ScalarType.N), null))) {
                Pair pair = Pair.of(keys);
                for (byte[] record : EncoderEquivalence.lines(file)) {
                    pair.check(record);
                    records++;
                }
                // a pretty-printed file as one record, as if it were on one line
                pair.check(EncoderEquivalence.joinedLines(file));
            }
        }
        assertTrue(records > 20, "too few sample records: " + records);
    }
}
