package dev.ddbimport.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.item.RandomItems;
import dev.ddbimport.core.item.SdkAttributeValues;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Items of every type through the DynamoDB JSON writer and parser, the item codec and the SDK model, and back. */
class DynamoJsonRoundTripTest {

    private final DynamoJsonItemParser parser = new DynamoJsonItemParser();

    @Test
    void shouldParseEncodedItemsWrappedAsImportLinesBackToEqualItems() {
        RandomItems random = new RandomItems(42);
        for (int i = 0; i < 2_000; i++) {
            Item item = random.item();

            List<ParseOutcome> outcomes = parser.parse(importLine(item));

            assertEquals(1, outcomes.size());
            Item parsed = assertInstanceOf(ParseOutcome.Parsed.class, outcomes.get(0), outcomes::toString)
                    .item();
            assertEquals(item, parsed);
            assertEquals(item, ItemCodec.decode(ItemCodec.encode(parsed)));
            assertEquals(item, SdkAttributeValues.fromSdk(SdkAttributeValues.toSdk(parsed)));
        }
    }

    @Test
    void shouldParseManyEncodedItemsConcatenatedOnOneLine() {
        RandomItems random = new RandomItems(43);
        List<Item> items = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int i = 0; i < 50; i++) {
            Item item = random.item();
            items.add(item);
            line.writeBytes(importLine(item));
        }

        List<ParseOutcome> outcomes = parser.parse(line.toByteArray());

        assertEquals(items.size(), outcomes.size());
        for (int i = 0; i < items.size(); i++) {
            assertEquals(items.get(i), ((ParseOutcome.Parsed) outcomes.get(i)).item());
        }
    }

    private static byte[] importLine(Item item) {
        return DynamoJsonItemWriter.line(item);
    }
}
