package dev.ddbimport.core;

import dev.ddbimport.core.format.CsvItemParser;
import dev.ddbimport.core.format.DynamoJsonItemParser;
import dev.ddbimport.core.format.IonItemParser;
import dev.ddbimport.core.format.ItemParser;
import java.util.List;

/** Picks the parser for a format. */
public final class ItemParsers {
    private ItemParsers() {}

    /**
     * @param csvHeader the CSV columns (the HeaderList, or the object's header line); ignored for
     *     other formats
     */
    public static ItemParser create(FormatSpec spec, List<String> csvHeader) {
        return switch (spec.format()) {
            case CSV -> new CsvItemParser(csvHeader, spec.csvDelimiter(), spec.keys());
            case DYNAMODB_JSON -> new DynamoJsonItemParser();
            case ION -> new IonItemParser();
        };
    }
}
