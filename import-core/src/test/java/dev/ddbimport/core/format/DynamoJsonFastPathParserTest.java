package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.item.RandomItems;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path must give exactly what the Jackson path gives, or step aside. */
class DynamoJsonFastPathParserTest {
    private static final String SIGNIFICANT = "{}[],:\"\\ \t\nItemSNBOLUMtruefalsn0129=é+/\u0001";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"Item\":{\"id\":{\"N\":\"1\"},\"name\":{\"S\":\"Alice\"}}}",
                " { \"Item\" : { \"a\" : { \"S\" : \"x\" } , \"b\" : { \"BOOL\" : false } } } \r",
                "{\"Item\":{}}",
                "{\"Item\":{\"s\":{\"SS\":[\"a\",\"b\"]},\"n\":{\"NS\":[\"1\", \"2e3\"]},\"b\":{\"BS\":[\"AQID\",\"\"]}}}",
                "{\"Item\":{\"l\":{\"L\":[{\"N\":\"1\"},{\"L\":[]},{\"M\":{\"k\":{\"B\":\"aGVsbG8=\"}}}]},\"m\":{\"M\":{}}}}",
                "{\"Item\":{\"日本\":{\"S\":\"東京 Zürich\"},\"z\":{\"NULL\":true},\"e\":{\"SS\":[]},\"t\":{\"BOOL\":true}}}",
                "{\"Item\":{\"a\":{\"N\":\"1\"}}}{\"Item\":{\"a\":{\"N\":\"2\"}}}",
                "{\"Item\":{\"a\":{\"N\":\"1\"}}}\n {\"Item\":{\"a\":{\"N\":\"not a number\"}}}"
            })
    void shouldReadTheCommonSubsetItself(String line) {
        byte[] record = line.getBytes(StandardCharsets.UTF_8);
        List<ParseOutcome> fast = DynamoJsonFastPathParser.tryParse(record);
        assertNotNull(fast, line);
        assertEquals(DynamoJsonItemParser.parseWithJackson(record), fast, line);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "{\"Item\":{\"a\":{\"S\":\"q\\\"uote\"}}}",
                "{\"Item\":{\"a\\u0041\":{\"S\":\"x\"}}}",
                "{\"Item\":{\"a\":{\"S\":\"tab\tinside\"}}}",
                "{\"Item\":{\"a\":{\"S\":\"x\"}},\"meta\":1}",
                "{\"meta\":1,\"Item\":{\"a\":{\"S\":\"x\"}}}",
                "{\"Item\":{\"a\":{\"S\":\"x\"},\"a\":{\"S\":\"y\"}}}",
                "{\"Item\":{\"a\":{\"S\":\"x\",\"N\":\"1\"}}}",
                "{\"Item\":{\"a\":{}}}",
                "{\"Item\":{\"a\":{\"X\":\"1\"}}}",
                "{\"Item\":{\"a\":{\"N\":1}}}",
                "{\"Item\":{\"a\":{\"NULL\":false}}}",
                "{\"Item\":{\"a\":{\"BOOL\":\"true\"}}}",
                "{\"Item\":{\"a\":{\"B\":\"not base64!\"}}}",
                "{\"Item\":{\"a\":{\"L\":[{\"N\":\"1\"},]}}}",
                "{\"Item\":{\"a\":{\"S\":\"x\"},}}",
                "{\"Item\":{\"a\":{\"S\":\"x\"}}} trailing",
                "[{\"Item\":{}}]",
                "{\"Item\":[]}",
                "{\"Item\":{\"a\":{\"S\":\"x\"}}",
                "{\"Item\":{\"a\":{\"BOOL\":truex}}}",
                "{\"Item\":{\"a\":{\"SS\":[\"a\",1]}}}"
            })
    void shouldLeaveEverythingElseToJackson(String line) {
        assertNull(DynamoJsonFastPathParser.tryParse(line.getBytes(StandardCharsets.UTF_8)), line);
    }

    @Test
    void shouldLeaveIllFormedUtf8ToJackson() {
        byte[] record = "{\"Item\":{\"a\":{\"S\":\"xx\"}}}".getBytes(StandardCharsets.UTF_8);
        record[record.length - 6] = (byte) 0xC3; // a lead byte without its continuation
        assertNull(DynamoJsonFastPathParser.tryParse(record));
    }

    @Test
    void shouldStepAsideForNestingBeyondTheLimit() {
        String ok = "{\"Item\":{\"a\":" + "{\"L\":[".repeat(31) + "{\"N\":\"1\"}" + "]}".repeat(31) + "}}";
        String tooDeep = "{\"Item\":{\"a\":" + "{\"L\":[".repeat(32) + "{\"N\":\"1\"}" + "]}".repeat(32) + "}}";
        assertNotNull(DynamoJsonFastPathParser.tryParse(ok.getBytes(StandardCharsets.UTF_8)));
        assertNull(DynamoJsonFastPathParser.tryParse(tooDeep.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldAgreeWithJacksonOnWrittenItemsAndTheirMutations() {
        List<byte[]> lines = new ArrayList<>();
        RandomItems items = new RandomItems(5);
        for (int i = 0; i < 1_500; i++) {
            lines.add(DynamoJsonItemWriter.line(items.item()));
        }

        Random random = new Random(13);
        int fastCount = 0;
        int checked = 0;
        for (byte[] line : lines) {
            for (int m = 0; m < 8; m++) {
                byte[] record = m == 0 ? line : mutate(line, random);
                List<ParseOutcome> fast = DynamoJsonFastPathParser.tryParse(record);
                checked++;
                if (fast != null) {
                    fastCount++;
                    assertEquals(DynamoJsonItemParser.parseWithJackson(record), fast, () -> describe(record));
                }
            }
        }
        // the comparison means something only if the fast path took a fair share (random items often
        // hold escapes, which it leaves to Jackson)
        assertTrue(fastCount > checked / 20, fastCount + " of " + checked);
    }

    private static String describe(byte[] record) {
        return new String(record, StandardCharsets.UTF_8);
    }

    private static byte[] mutate(byte[] line, Random random) {
        StringBuilder sb = new StringBuilder(new String(line, StandardCharsets.UTF_8));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(4)) {
                case 0 -> sb.deleteCharAt(at);
                case 1 -> sb.insert(at, SIGNIFICANT.charAt(random.nextInt(SIGNIFICANT.length())));
                case 2 -> sb.setCharAt(at, SIGNIFICANT.charAt(random.nextInt(SIGNIFICANT.length())));
                default -> sb.setLength(at);
            }
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(8) == 0 && bytes.length > 0) {
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(128)); // maybe ill-formed UTF-8
        }
        return bytes;
    }
}
