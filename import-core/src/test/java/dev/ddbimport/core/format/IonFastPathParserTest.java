package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path must give exactly what the ion-java path gives, or step aside. */
class IonFastPathParserTest {
    private static final String SIGNIFICANT = "{}[](),:'\"\\$_.-+dDeExb0123456789 \t/nultrfsIiSNB=";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$ion_1_0 {Item:{id:1.,name:\"Alice\"}}",
                " $ion_1_0 {Item:{PK:\"a\",SK:\"b\"}}",
                "{Item:{a:-12.50, b:0.5, c:6d2, d:-0., e:1, f:-0, g:123456789012345678901234567890123456789}}",
                "{Item:{s:$dynamodb_SS::[\"a\",\"b\"], n:$dynamodb_NS::[1., 2d-3], b:$dynamodb_BS::[{{AQID}}, {{}}]}}",
                "{Item:{l:[1.,[true,false,null],{k:{{ aGVs bG8= }}}], m:{}, e:[], 'a b':\"x\", \"q\":\"日本\"}}",
                "$ion_1_0 {Item:{a:1.}} $ion_1_0 {Item:{a:2.}}",
                "{Item:{a:\"q\\\"uote \\\\ \\/ \\n\\t\\r\\0\\a\\b\\f\\v\\?\\' \\x41 \\u00e9 \\u65e5 日\", 'b\\'c':1.}}"
            })
    void shouldReadTheCommonSubsetItself(String line) {
        byte[] record = line.getBytes(StandardCharsets.UTF_8);
        List<ParseOutcome> fast = IonFastPathParser.tryParse(record);
        assertNotNull(fast, line);
        assertEquals(IonItemParser.parseWithIonReader(record), fast, line);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "$ion_1_0",
                "{Item:{a:\"\\U0001F600\"}}",
                "{Item:{a:\"\\uD83D\\uDE00\"}}",
                "{Item:{a:\"\\q\"}}",
                "{Item:{a:\"tab\tinside\"}}",
                "{Item:{a:1.5e0}}",
                "{Item:{a:sym}}",
                "{Item:{a:2020-01-01T}}",
                "{Item:{a:1,}}",
                "{Item:{a:[1,]}}",
                "{Item:{a:1., a:2.}}",
                "{Item:{null:1.}}",
                "{Item:{$10:1.}}",
                "{Item:{a:null.string}}",
                "{Item:{a:0x10}}",
                "{Item:{a:007}}",
                "{Item:{a:1_000}}",
                "{Item:{a:{{\"clob\"}}}}",
                "{Item:{a:{{AR==}}}}",
                "{Item:{a:other::1.}}",
                "{Item:{a:1.}, b:2.}",
                "{Item:{a:1.}} // comment",
                "[{Item:{a:1.}}]",
                "{Item:{a:$dynamodb_SS::[sym]}}"
            })
    void shouldLeaveEverythingElseToTheIonReader(String line) {
        assertNull(IonFastPathParser.tryParse(line.getBytes(StandardCharsets.UTF_8)), line);
    }

    @Test
    void shouldStepAsideForNestingBeyondTheLimit() {
        String ok = "{Item:{a:" + "[".repeat(31) + "1." + "]".repeat(31) + "}}";
        String tooDeep = "{Item:{a:" + "[".repeat(32) + "1." + "]".repeat(32) + "}}";
        assertNotNull(IonFastPathParser.tryParse(ok.getBytes(StandardCharsets.UTF_8)));
        assertNull(IonFastPathParser.tryParse(tooDeep.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldAgreeWithTheIonReaderOnWrittenItemsAndTheirMutations() throws Exception {
        List<String> lines = new ArrayList<>();
        IonRandomItems items = new IonRandomItems(7);
        IonRandomItems plainItems = new IonRandomItems(8, true);
        for (int i = 0; i < 800; i++) {
            lines.add(new String(IonItemWriter.line(items.item()), StandardCharsets.UTF_8));
            lines.add(new String(IonItemWriter.line(plainItems.item()), StandardCharsets.UTF_8));
        }
        lines.add(String.join(
                " ",
                Files.readAllLines(TestData.path("ion_docs_samples/import_format_doc_2023_ion_example2.ion.txt"))));
        lines.addAll(Files.readAllLines(TestData.path("ion_docs_samples/ion_python_issue363_lines.ion.txt")));
        lines.add("{Item:{a:-12.50,b:0.5,c:6d2,d:-0.,e:1,f:-0,g:-0.0,h:0.000,i:0d-3,j:1.5D+3,k:1.}}");
        lines.add("{Item:{s:$dynamodb_SS::[\"a\"],n:$dynamodb_NS::[1.,2d-3],b:$dynamodb_BS::[{{AQID}},{{AA==}}]}}");

        Random random = new Random(11);
        int fastCount = 0;
        int checked = 0;
        for (String line : lines) {
            for (int m = 0; m < 12; m++) {
                String candidate = m == 0 ? line : mutate(line, random);
                byte[] record = candidate.getBytes(StandardCharsets.UTF_8);
                List<ParseOutcome> fast = IonFastPathParser.tryParse(record);
                checked++;
                if (fast != null) {
                    fastCount++;
                    assertEquals(IonItemParser.parseWithIonReader(record), fast, candidate);
                }
            }
        }
        // the comparison means something only if the fast path took a fair share
        assertTrue(fastCount > checked / 10, fastCount + " of " + checked);
    }

    private static String mutate(String line, Random random) {
        StringBuilder sb = new StringBuilder(line);
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
        return sb.toString();
    }
}
