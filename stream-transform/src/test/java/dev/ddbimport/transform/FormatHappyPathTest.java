package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.pipeline.StageCounters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each input format end to end through the topology: the sample books come out as items. */
class FormatHappyPathTest {

    private static List<String> keys(List<TopologyFixture.OutItem> items) {
        return items.stream().map(TopologyFixture.OutItem::key).toList();
    }

    private static List<Long> itemIndexes(List<TopologyFixture.OutItem> items) {
        return items.stream().map(TopologyFixture.OutItem::itemIndex).toList();
    }

    private static void assertCleanObject(TopologyFixture t, String object, long records, long distinct) {
        assertEquals(List.of(), t.readErrors());
        StageCounters c = t.totals();
        assertEquals(object.getBytes(StandardCharsets.UTF_8).length, c.processedSizeBytes());
        assertEquals(records, c.processedItemCount());
        assertEquals(0, c.errorCount());
        assertEquals(1, c.objectsCompleted());
        assertEquals(records, c.itemCount());
        assertEquals(distinct, c.distinctKeys());
    }

    @Test
    void shouldImportCsvWithHeaderLine() {
        String csv = Samples.books("books.csv");
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.CSV))) {
            t.sendObject("books/books.csv", csv);

            List<TopologyFixture.OutItem> items = t.readItems();
            assertEquals(List.of("[{\"N\":\"1\"}]", "[{\"N\":\"2\"}]", "[{\"N\":\"3\"}]"), keys(items));
            assertEquals(List.of(0L, 1L, 2L), itemIndexes(items));
            assertEquals(
                    new AttrValue.S("Two lines\nin one field"),
                    items.get(2).item().attributes().get("Blurb"));
            assertTrue(items.stream().allMatch(i -> i.objectKey().equals("books/books.csv")));
            assertCleanObject(t, csv, 3, 3);
        }
    }

    @Test
    void shouldImportCsvWithHeaderList() {
        String full = Samples.books("books.csv");
        String csv = full.substring(full.indexOf('\n') + 1);
        try (TopologyFixture t = new TopologyFixture(
                TopologyFixture.books(InputFormat.CSV, List.of("Id", "Title", "Author", "Pages", "Blurb")))) {
            t.sendObject("books/books.csv", csv);

            List<TopologyFixture.OutItem> items = t.readItems();
            assertEquals(List.of("[{\"N\":\"1\"}]", "[{\"N\":\"2\"}]", "[{\"N\":\"3\"}]"), keys(items));
            assertEquals(List.of(0L, 1L, 2L), itemIndexes(items));
            assertEquals(
                    new AttrValue.S("Counting Stones"),
                    items.get(1).item().attributes().get("Title"));
            assertCleanObject(t, csv, 3, 3);
        }
    }

    @Test
    void shouldImportDynamoDbJson() {
        String json = Samples.books("books.json");
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON))) {
            t.sendObject("books/books.json", json);

            List<TopologyFixture.OutItem> items = t.readItems();
            // the blank line is not a record; Id 2.0 is key 2 again, later, so it is forwarded too
            assertEquals(
                    List.of(
                            "[{\"N\":\"1\"}]",
                            "[{\"N\":\"2\"}]",
                            "[{\"N\":\"3\"}]",
                            "[{\"N\":\"4\"}]",
                            "[{\"N\":\"2\"}]"),
                    keys(items));
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), itemIndexes(items));
            assertEquals(
                    new AttrValue.S("Counting Stones (revised)"),
                    items.get(4).item().attributes().get("Title"));
            assertCleanObject(t, json, 5, 4);
            assertEquals(1, t.totals().duplicatesSuperseded());
        }
    }

    @Test
    void shouldImportIon() {
        String ion = Samples.books("books.ion");
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.ION))) {
            t.sendObject("books/books.ion", ion);

            List<TopologyFixture.OutItem> items = t.readItems();
            assertEquals(List.of("[{\"N\":\"1\"}]", "[{\"N\":\"2\"}]", "[{\"N\":\"3\"}]"), keys(items));
            assertEquals(List.of(0L, 1L, 2L), itemIndexes(items));
            assertEquals(
                    new AttrValue.S("Mara Quill"),
                    items.get(2).item().attributes().get("Author"));
            assertCleanObject(t, ion, 3, 3);
        }
    }
}
