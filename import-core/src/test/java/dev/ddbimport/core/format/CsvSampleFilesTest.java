package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.ddbimport.core.TestData;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.HeaderLine;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.core.frame.RecordFramer;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.KeySchema.KeyAttribute;
import dev.ddbimport.core.validate.ScalarType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real sample files in shared/testdata, framed by {@link RecordFramer} as the pipeline does. */
class CsvSampleFilesTest {

    /** The outcomes of one file, in record order. */
    private record Parsed(List<String> header, List<ParseOutcome> outcomes) {
        List<Map<String, AttrValue>> items() {
            List<Map<String, AttrValue>> items = new ArrayList<>();
            for (ParseOutcome outcome : outcomes) {
                if (!(outcome instanceof ParseOutcome.Parsed parsed)) {
                    throw new AssertionError("unexpected rejection: " + outcome);
                }
                items.add(parsed.item().attributes());
            }
            return items;
        }
    }

    private static Parsed parseFile(String relative, KeySchema keys) throws IOException {
        List<String> header = null;
        CsvItemParser parser = null;
        List<ParseOutcome> outcomes = new ArrayList<>();
        try (InputStream in = Files.newInputStream(TestData.path(relative));
                RecordFramer framer = RecordFramer.csv(in, ',', true, 1 << 20)) {
            for (Frame frame = framer.next(); frame != null; frame = framer.next()) {
                if (frame instanceof HeaderLine line) {
                    header = CsvItemParser.parseHeader(line.bytes(), ',');
                    parser = new CsvItemParser(header, ',', keys);
                } else if (frame instanceof RawRecord record) {
                    assertNotNull(parser, "a record came before the header");
                    assertEquals(outcomes.size(), record.itemIndex());
                    outcomes.addAll(parser.parse(record.bytes()));
                } else {
                    throw new AssertionError("framing error in " + relative + ": " + frame);
                }
            }
        }
        return new Parsed(header, outcomes);
    }

    private static KeySchema key(String name) {
        return KeySchema.of(new KeyAttribute(name, ScalarType.S), null);
    }

    /** Each csv-spectrum case against its JSON, where empty strings must be absent from our items. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "comma_in_quotes",
                "empty",
                "empty_crlf",
                "escaped_quotes",
                "json",
                "newlines",
                "newlines_crlf",
                "quotes_and_newlines",
                "simple",
                "simple_crlf",
                "utf8"
            })
    void shouldMatchTheCsvSpectrumExpectations(String name) throws IOException {
        Parsed parsed = parseFile("csv_spectrum/csvs/" + name + ".csv", key("anything"));
        JsonNode expected = new ObjectMapper()
                .readTree(TestData.path("csv_spectrum/json/" + name + ".json").toFile());
        List<Map<String, AttrValue>> expectedItems = new ArrayList<>();
        for (JsonNode row : expected) {
            Map<String, AttrValue> item = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().asText().isEmpty()) {
                    item.put(field.getKey(), new AttrValue.S(field.getValue().asText()));
                }
            }
            expectedItems.add(item);
        }
        assertEquals(expectedItems, parsed.items());
    }

    @Test
    void shouldRejectTheCsvSpectrumFileWithAStrayQuoteInAnUnquotedField() throws IOException {
        // location_coordinates has 37°36'37.8"N unquoted; AWS fails such records, so do we
        Parsed parsed = parseFile("csv_spectrum/csvs/location_coordinates.csv", key("Cities"));
        assertEquals(List.of("Contact Phone Number", "Location Coordinates", "Cities", "Counties"), parsed.header());
        assertEquals(1, parsed.outcomes().size());
        ParseOutcome.Rejected rejected =
                (ParseOutcome.Rejected) parsed.outcomes().get(0);
        assertEquals(ErrorCode.CSV_INVALID_QUOTE, rejected.code());
        assertTrue(
                rejected.message().startsWith("Invalid quote in column 2 (Location Coordinates) at byte 23 "),
                rejected.message());
    }

    @Test
    void shouldReadEveryCountryCodeRowLikeAnIndependentCsvReader() throws IOException {
        String file = "csv_country_codes/data/country-codes.csv";
        Parsed parsed = parseFile(file, key("ISO3166-1-Alpha-3"));
        List<Map<String, AttrValue>> items = parsed.items();
        assertEquals(56, parsed.header().size());
        assertEquals(249, items.size());
        assertEquals(referenceItems(TestData.path(file)), items);

        Map<String, AttrValue> namibia = items.stream()
                .filter(i -> new AttrValue.S("NAM").equals(i.get("ISO3166-1-Alpha-3")))
                .findFirst()
                .orElseThrow();
        assertEquals(new AttrValue.S("NA"), namibia.get("ISO3166-1-Alpha-2"), "NA is a code, not a null");
        assertEquals(new AttrValue.S("en-NA,af,de,hz,naq"), namibia.get("Languages"));
        assertEquals(new AttrValue.S("纳米比亚"), namibia.get("official_name_cn"));
        assertEquals(new AttrValue.S("516"), namibia.get("M49"));
        Map<String, AttrValue> afghanistan = items.get(0);
        assertEquals(new AttrValue.S("Afghanistan (l')"), afghanistan.get("UNTERM French Short"));
        assertEquals(new AttrValue.S("أفغانستان"), afghanistan.get("official_name_ar"));
        assertTrue(!afghanistan.containsKey("Intermediate Region Code"), "empty columns are left out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"language-codes-full.csv", "language-codes-3b2.csv", "ietf-language-tags.csv"})
    void shouldReadEveryLanguageCodeRowLikeAnIndependentCsvReader(String name) throws IOException {
        String file = "csv_language_codes/data/" + name;
        Parsed parsed = parseFile(file, key(name.startsWith("ietf") ? "lang" : "alpha3-b"));
        assertEquals(referenceItems(TestData.path(file)), parsed.items());
    }

    @Test
    void shouldTreatQuotedEmptyValuesAsAbsentAndKeepCarriageReturnsInsideQuotes() throws IOException {
        List<Map<String, AttrValue>> items = parseFile(
                        "csv_language_codes/data/language-codes-full.csv", key("alpha3-b"))
                .items();
        assertEquals(487, items.size());
        Map<String, AttrValue> afar = items.get(0);
        // every field of this file is quoted; its French column holds a CR before the closing quote
        assertEquals(
                Map.of(
                        "alpha3-b", new AttrValue.S("aar"),
                        "alpha2", new AttrValue.S("aa"),
                        "English", new AttrValue.S("Afar"),
                        "French", new AttrValue.S("afar\r")),
                afar);
    }

    @Test
    void shouldRejectTheAwsUnescapedQuotesExample() throws IOException {
        Parsed parsed = parseFile("docs_aws_import_format_examples/csv_unescaped_quotes_FAILS.csv", key("id"));
        assertEquals(
                List.of(new ParseOutcome.Rejected(
                        ErrorCode.CSV_INVALID_QUOTE,
                        "Invalid quote in column 2 (value) at byte 19 of the record: quote inside an unquoted"
                                + " field; quote the whole field and double any quote inside it (\"\")")),
                parsed.outcomes());
    }

    @Test
    void shouldReadTheAwsEscapedQuotesExample() throws IOException {
        Parsed parsed = parseFile("docs_aws_import_format_examples/csv_escaped_quotes_SUCCEEDS.csv", key("id"));
        assertEquals(
                List.of(Map.of(
                        "id", new AttrValue.S("\"123\""), "value", new AttrValue.S("Women's Full \"Length\" Dress"))),
                parsed.items());
    }

    @Test
    void shouldReadTheAwsHeterogeneousExampleOmittingEmptyColumns() throws IOException {
        KeySchema keys = KeySchema.of(new KeyAttribute("PK", ScalarType.S), new KeyAttribute("SK", ScalarType.S));
        List<Map<String, AttrValue>> items = parseFile(
                        "docs_aws_import_format_examples/csv_heterogeneous_item_types.csv", keys)
                .items();
        assertEquals(10, items.size());
        assertEquals(
                List.of("PK", "SK", "EntityType", "Name", "Email"),
                new ArrayList<>(items.get(0).keySet()));
        assertEquals(new AttrValue.S("alice@example.com"), items.get(0).get("Email"));
        assertEquals(
                List.of("PK", "SK", "EntityType", "OrderDate", "Amount"),
                new ArrayList<>(items.get(1).keySet()));
        assertEquals(new AttrValue.S("99.99"), items.get(1).get("Amount"), "non-key columns are S");
        assertEquals(
                List.of("PK", "SK", "EntityType", "ProductName", "Quantity"),
                new ArrayList<>(items.get(9).keySet()));
        assertEquals(new AttrValue.S("PRODUCT#104"), items.get(9).get("PK"));
        assertEquals(new AttrValue.S("30"), items.get(9).get("Quantity"));
    }

    @Test
    void shouldReadTheAwsKeyColumnExamples() throws IOException {
        Parsed withPk = parseFile("docs_aws_import_format_examples/csv_with_pk_column_SUCCEEDS.csv", key("pk"));
        assertEquals(
                new AttrValue.S("Albums::Rock::Classic::1973::AlbumId::ALB25"),
                withPk.items().get(0).get("pk"));
        assertEquals(4, withPk.items().get(0).size());
        // the parser gives an item without pk; the validator then says "Missing the key pk in the item"
        Parsed withoutPk = parseFile("docs_aws_import_format_examples/csv_missing_key_column_FAILS.csv", key("pk"));
        assertEquals(
                List.of("title", "artist", "year_of_release"),
                new ArrayList<>(withoutPk.items().get(0).keySet()));
    }

    /** The file read by FastCSV, an independent reader, with empty fields left out as ImportTable does. */
    private static List<Map<String, AttrValue>> referenceItems(Path file) throws IOException {
        List<Map<String, AttrValue>> items = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(file, StandardCharsets.UTF_8)) {
            List<String> header = null;
            for (CsvRecord record : reader) {
                if (header == null) {
                    header = record.getFields();
                    continue;
                }
                Map<String, AttrValue> item = new LinkedHashMap<>();
                for (int i = 0; i < record.getFieldCount(); i++) {
                    if (!record.getField(i).isEmpty()) {
                        item.put(header.get(i), new AttrValue.S(record.getField(i)));
                    }
                }
                items.add(item);
            }
        }
        return items;
    }
}
