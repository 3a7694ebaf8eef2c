package dev.ddbimport.core.format;

import static dev.ddbimport.core.format.EncoderEquivalence.assertSame;
import static dev.ddbimport.core.format.EncoderEquivalence.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.FormatSpec;
import dev.ddbimport.core.RecordEncoder;
import dev.ddbimport.core.TestData;
import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.format.EncoderEquivalence.Outcome;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.HeaderLine;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.core.frame.RecordFramer;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.KeySchema.KeyAttribute;
import dev.ddbimport.core.validate.ScalarType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FusedCsvEncoderTest {

    private static final KeySchema PK_SK =
            KeySchema.of(new KeyAttribute("pk", ScalarType.S), new KeyAttribute("sk", ScalarType.N));
    private static final List<String> HEADER = List.of("pk", "sk", "name", "city");

    private static FormatSpec spec(char delimiter, KeySchema keys) {
        return new FormatSpec(
                InputFormat.CSV,
                Compression.NONE,
                delimiter,
                null,
                keys,
                FormatSpec.DEFAULT_MAX_RECORD_BYTES,
                FormatSpec.DEFAULT_MAX_UNCOMPRESSED_BYTES);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A fused encoder and the reference for the same header and keys. */
    private record Pair(RecordEncoder reference, RecordEncoder fused) {
        static Pair of(List<String> header, char delimiter, KeySchema keys) {
            FormatSpec spec = spec(delimiter, keys);
            return new Pair(RecordEncoder.reference(spec, header), FusedCsvEncoder.create(spec, header));
        }

        List<Outcome> check(byte[] record) {
            return assertSame(reference, fused, record);
        }

        List<Outcome> check(String record) {
            return check(utf8(record));
        }
    }

    // ---- the main cases ----

    @Test
    void shouldEncodeAPlainRecordAsTheReferenceDoes() {
        Pair pair = Pair.of(HEADER, ',', PK_SK);
        assertInstanceOf(FusedCsvEncoder.class, pair.fused());

        List<Outcome> out = pair.check("user#1,42,Zoë Müller,東京");

        assertEquals(1, out.size());
        Item item = ItemCodec.decode(HexFormat.of().parseHex(out.get(0).itemHex()));
        assertEquals(new AttrValue.S("user#1"), item.get("pk"));
        assertEquals(new AttrValue.N("42"), item.get("sk"));
        assertEquals(new AttrValue.S("Zoë Müller"), item.get("name"));
        assertEquals(new AttrValue.S("東京"), item.get("city"));
    }

    @Test
    void shouldUnescapeDoubledQuotesAndKeepDelimitersAndNewlinesInsideQuotes() {
        Pair pair = Pair.of(HEADER, ',', PK_SK);

        List<Outcome> out = pair.check("\"user,\"\"1\"\"\",\"7\",\"a\r\nb\",\"\"\"\"");

        Item item = ItemCodec.decode(HexFormat.of().parseHex(out.get(0).itemHex()));
        assertEquals(new AttrValue.S("user,\"1\""), item.get("pk"));
        assertEquals(new AttrValue.N("7"), item.get("sk"));
        assertEquals(new AttrValue.S("a\r\nb"), item.get("name"));
        assertEquals(new AttrValue.S("\""), item.get("city"));
    }

    @Test
    void shouldLeaveEmptyColumnsOut() {
        Pair pair = Pair.of(HEADER, ',', PK_SK);

        List<Outcome> out = pair.check("user#1,1,,\"\"");

        Item item = ItemCodec.decode(HexFormat.of().parseHex(out.get(0).itemHex()));
        assertEquals(2, item.attributes().size());
    }

    @Test
    void shouldGiveEqualKeyBytesForEqualNumbersHoweverSpelled() {
        Pair pair = Pair.of(HEADER, ',', PK_SK);

        String plain = pair.check("u,15,a,b").get(0).keyHex();

        assertEquals(plain, pair.check("u,15.0,a,b").get(0).keyHex());
        assertEquals(plain, pair.check("u,015,a,b").get(0).keyHex());
        assertEquals(plain, pair.check("u,1.5e1,a,b").get(0).keyHex());
    }

    @Test
    void shouldWriteValuesLongerThanOneByteHeadersHold() {
        Pair pair = Pair.of(HEADER, ',', PK_SK);
        for (int length : new int[] {63, 64, 65, 127, 128, 8191, 8192, 70_000}) {
            pair.check("u,1," + "x".repeat(length) + ",\"" + "é".repeat(length / 2) + "\"");
            pair.check("u,1,a,b"); // the column's header-size guess goes back down
        }
    }

    @Test
    void shouldTypeKeyColumnsOfTheTableAndItsIndexes() {
        KeySchema keys = new KeySchema(
                new KeyAttribute("pk", ScalarType.B),
                new KeyAttribute("sk", ScalarType.S),
                List.of(
                        new KeySchema.IndexKeys(
                                "byNumber", new KeyAttribute("gn", ScalarType.N), new KeyAttribute("gb", ScalarType.B)),
                        new KeySchema.IndexKeys("byText", new KeyAttribute("gs", ScalarType.S), null)));
        Pair pair = Pair.of(List.of("pk", "sk", "gn", "gb", "gs", "other"), ',', keys);
        assertInstanceOf(FusedCsvEncoder.class, pair.fused());
        String b64 = Base64.getEncoder().encodeToString(new byte[] {1, 2, (byte) 0xFF});

        List<Outcome> out = pair.check(b64 + ",s,-1.5," + b64 + ",g,o");

        Item item = ItemCodec.decode(HexFormat.of().parseHex(out.get(0).itemHex()));
        assertEquals(new AttrValue.B(new byte[] {1, 2, (byte) 0xFF}), item.get("pk"));
        assertEquals(new AttrValue.N("-1.5"), item.get("gn"));
        assertEquals(new AttrValue.B(new byte[] {1, 2, (byte) 0xFF}), item.get("gb"));
    }

    @Test
    void shouldServeHeadersItCannotEncodeWithTheReference() {
        // the sort key is not a column: every record is rejected
        FormatSpec spec = spec(',', PK_SK);
        RecordEncoder encoder = FusedCsvEncoder.create(spec, List.of("pk", "name"));

        assertEquals(
                List.of(new Outcome(
                        null,
                        null,
                        ErrorCode.MISSING_KEY,
                        "One or more parameter values were invalid: Missing the key sk in the item")),
                outcomes(encoder, utf8("a,b")));
    }

    @Test
    void shouldRefuseTheHeadersTheReferenceRefuses() {
        assertThrows(
                IllegalArgumentException.class, () -> FusedCsvEncoder.create(spec(',', PK_SK), List.of("pk", "pk")));
    }

    // ---- rejections: the reference's code and message, and the records around still come out ----

    @Test
    void shouldRejectAMissingKeyAndKeepTheRecordsAround() {
        assertRejectedBetweenValidRecords(
                ",1,a,b",
                ErrorCode.MISSING_KEY,
                "One or more parameter values were invalid: Missing the key pk in the item");
    }

    @Test
    void shouldRejectAWrongColumnCount() {
        assertRejectedBetweenValidRecords(
                "u,1,a,b,c",
                ErrorCode.CSV_COLUMN_COUNT_MISMATCH,
                "Wrong number of columns: expected 4 columns (from the header) but found 5");
    }

    @Test
    void shouldRejectInvalidUtf8() {
        byte[] record = utf8("u,1,a,b");
        record[5] = (byte) 0xC0;
        List<Outcome> out = outcomes(Pair.of(HEADER, ',', PK_SK).fused(), record);
        assertEquals(ErrorCode.INVALID_UTF8, out.get(0).code());
        assertRejectedBetweenValidRecords(
                record, ErrorCode.INVALID_UTF8, out.get(0).message());
    }

    @Test
    void shouldRejectAQuoteInsideAnUnquotedField() {
        assertRejectedBetweenValidRecords(
                "u,1,a\"b,c",
                ErrorCode.CSV_INVALID_QUOTE,
                "Invalid quote in column 3 (name) at byte 5 of the record: quote inside an unquoted field;"
                        + " quote the whole field and double any quote inside it (\"\")");
    }

    @Test
    void shouldRejectAnInvalidNumber() {
        assertRejectedBetweenValidRecords(
                "u,12abc,a,b", ErrorCode.INVALID_NUMBER, "The parameter cannot be converted to a numeric value: 12abc");
    }

    @Test
    void shouldRejectANumberWithTooManyDigits() {
        assertRejectedBetweenValidRecords(
                "u," + "1".repeat(39) + ",a,b",
                ErrorCode.NUMBER_PRECISION,
                "Attempting to store more than 38 significant digits in a Number");
    }

    @Test
    void shouldRejectATooLargePartitionKey() {
        assertRejectedBetweenValidRecords(
                "é".repeat(1025) + ",1,a,b",
                ErrorCode.KEY_TOO_LARGE,
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit"
                        + " of2048 bytes");
    }

    @Test
    void shouldRejectATooLargeItem() {
        assertRejectedBetweenValidRecords(
                "u,1," + "x".repeat(409_600) + ",b",
                ErrorCode.ITEM_TOO_LARGE,
                "Item size has exceeded the maximum allowed size");
    }

    @Test
    void shouldRejectBase64ThatIsNot() {
        KeySchema keys = KeySchema.of(new KeyAttribute("pk", ScalarType.B), null);
        Pair pair = Pair.of(List.of("pk", "x"), ',', keys);
        List<Outcome> out = pair.check("!!!,x");
        assertEquals(ErrorCode.INVALID_ATTRIBUTE_VALUE, out.get(0).code());
        assertEquals(
                "Column 1 (pk) is a key attribute of type B but its value is not valid base64; write binary keys in"
                        + " standard base64 (A-Z a-z 0-9 + /, = padding)",
                out.get(0).message());
        assertTrue(pair.check("AQI=,x").get(0).isItem());
    }

    private static void assertRejectedBetweenValidRecords(String bad, ErrorCode code, String message) {
        assertRejectedBetweenValidRecords(utf8(bad), code, message);
    }

    private static void assertRejectedBetweenValidRecords(byte[] bad, ErrorCode code, String message) {
        Pair pair = Pair.of(HEADER, ',', PK_SK);
        assertTrue(pair.check("before,1,a,b").get(0).isItem());
        assertEquals(List.of(new Outcome(null, null, code, message)), pair.check(bad));
        assertTrue(pair.check("after,2,a,b").get(0).isItem());
    }

    // ---- equivalence: generated, mutated and real records ----

    private static final String[] TEXT = {
        "a",
        "hello world",
        "é",
        "Zürich",
        "東京",
        "\uD83D\uDE00",
        ",",
        ";",
        "\t",
        " ",
        "\"",
        "\"\"",
        "\r\n",
        "\n",
        "\r",
        "x",
        "0",
        "-",
        "user#1",
        "'",
        "\\"
    };
    private static final String[] NUMBERS = {
        "0",
        "-0",
        "+0",
        "7",
        "-7",
        "+7",
        "12",
        "007",
        "1.50",
        ".5",
        "5.",
        "-3.25",
        "1e5",
        "1E-130",
        "1e-131",
        "9.9999999999999999999999999999999999999E+125",
        "1E126",
        "12345678901234567890123456789012345678",
        "123456789012345678901234567890123456789",
        "0.00000000000000000000000000000000000001",
        "abc",
        "1.2.3",
        ".",
        "-",
        "NaN",
        "Infinity",
        " 1",
        "1 ",
        "١",
        "0x10",
        "1e",
        "1e+",
        "00000000000000000000000000000000000000001"
    };

    @Test
    void shouldMatchTheReferenceOnGeneratedAndMutatedRecords() {
        Random random = new Random(20261121);
        KeySchema indexed = new KeySchema(
                new KeyAttribute("pk", ScalarType.S),
                new KeyAttribute("sk", ScalarType.N),
                List.of(new KeySchema.IndexKeys(
                        "gsi", new KeyAttribute("gb", ScalarType.B), new KeyAttribute("gs", ScalarType.S))));
        List<String> header = List.of("pk", "sk", "gb", "gs", "name", "note");
        for (char delimiter : new char[] {',', ';', '\t', ' ', '|', ':'}) {
            Pair pair = Pair.of(header, delimiter, indexed);
            assertInstanceOf(FusedCsvEncoder.class, pair.fused());
            int items = 0;
            for (int n = 0; n < 1_500; n++) {
                byte[] record = generated(random, delimiter);
                if (pair.check(record).get(0).isItem()) {
                    items++;
                }
                for (int m = 0; m < 3; m++) {
                    pair.check(mutated(random, record, delimiter));
                }
            }
            assertTrue(items > 300, "too few valid records generated: " + items);
        }
    }

    @Test
    void shouldMatchTheReferenceAtTheKeyAndItemSizeLimits() {
        Pair pair = Pair.of(
                List.of("pk", "sk", "name"),
                ',',
                KeySchema.of(new KeyAttribute("pk", ScalarType.S), new KeyAttribute("sk", ScalarType.S)));
        for (int delta = -2; delta <= 2; delta++) {
            pair.check("x".repeat(2048 + delta) + ",s,n");
            pair.check("\"" + "é".repeat(1024) + "x".repeat(delta + 2) + "\",s,n");
            pair.check("p," + "x".repeat(1024 + delta) + ",n");
            // 409,600 bytes in all: names 2+2+4, values 1+1+rest
            pair.check("p,s," + "x".repeat(409_600 - 10 + delta));
            pair.check("p,s,\"" + "\"\"".repeat(409_600 - 10 + delta) + "\"");
        }
    }

    private static byte[] generated(Random random, char delimiter) {
        StringBuilder sb = new StringBuilder();
        String[] fields = {
            random.nextInt(20) == 0 ? "" : text(random, 1 + random.nextInt(4)),
            NUMBERS[random.nextInt(random.nextInt(3) == 0 ? NUMBERS.length : 12)],
            random.nextInt(3) == 0 ? "" : base64(random),
            random.nextInt(3) == 0 ? "" : text(random, random.nextInt(3)),
            text(random, random.nextInt(6)),
            random.nextInt(10) == 0 ? text(random, 200) : text(random, random.nextInt(12))
        };
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                sb.append(delimiter);
            }
            String field = fields[i];
            boolean special = field.indexOf(delimiter) >= 0
                    || field.indexOf('"') >= 0
                    || field.indexOf('\n') >= 0
                    || field.indexOf('\r') >= 0;
            if (special || random.nextInt(4) == 0) {
                sb.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(field);
            }
        }
        return utf8(sb.toString());
    }

    private static String text(Random random, int pieces) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            sb.append(TEXT[random.nextInt(TEXT.length)]);
        }
        return sb.toString();
    }

    private static String base64(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "====";
            case 1 -> "YQ";
            case 2 -> "YQ=";
            case 3 -> "Y";
            default -> {
                byte[] bytes = new byte[random.nextInt(random.nextInt(10) == 0 ? 1100 : 20)];
                random.nextBytes(bytes);
                yield Base64.getEncoder().encodeToString(bytes);
            }
        };
    }

    private static final byte[] INSERTS = utf8("\",;\t \r\n.-e+0é\uD83D\uDE00");

    private static byte[] mutated(Random random, byte[] record, char delimiter) {
        byte[] inserts = INSERTS.clone();
        inserts[0] = (byte) delimiter;
        return EncoderEquivalence.mutated(random, record, inserts);
    }

    @Test
    void shouldMatchTheReferenceOnEverySampleCsvFile() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(TestData.root())) {
            files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertTrue(files.size() >= 15, "sample CSV files not found: " + files);
        int records = 0;
        for (Path file : files) {
            List<byte[]> rows = new ArrayList<>();
            List<String> header = null;
            try (InputStream in = Files.newInputStream(file);
                    RecordFramer framer = RecordFramer.csv(in, ',', true, 1 << 20)) {
                for (Frame frame = framer.next(); frame != null; frame = framer.next()) {
                    if (frame instanceof HeaderLine line) {
                        header = CsvItemParser.parseHeader(line.bytes(), ',');
                    } else if (frame instanceof RawRecord record) {
                        rows.add(record.bytes());
                    }
                }
            } catch (IllegalArgumentException unusableHeader) {
                continue;
            }
            if (header == null) {
                continue;
            }
            List<KeySchema> schemas = new ArrayList<>();
            schemas.add(KeySchema.of(new KeyAttribute(header.get(0), ScalarType.S), null));
            schemas.add(KeySchema.of(new KeyAttribute(header.get(0), ScalarType.N), null));
            if (header.size() > 1) {
                schemas.add(KeySchema.of(
                        new KeyAttribute(header.get(0), ScalarType.S), new KeyAttribute(header.get(1), ScalarType.S)));
            }
            for (KeySchema keys : schemas) {
                Pair pair = Pair.of(header, ',', keys);
                assertNotSame(null, pair.fused());
                for (byte[] row : rows) {
                    pair.check(row);
                    records++;
                }
            }
        }
        assertTrue(records > 1_000, "too few sample records: " + records);
    }
}
