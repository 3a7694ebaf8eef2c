package dev.ddbimport.core.format;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Gives generated items the keys the fused-encoder tests use, valid mostly, broken sometimes. */
final class GeneratedKeys {
    private GeneratedKeys() {}

    private static final String[] NUMBERS = {
        "1",
        "-7",
        "42.5",
        "0",
        "-0",
        "0.001",
        "1E3",
        "+5",
        "007",
        "12345678901234567890123456789012345678",
        "123456789012345678901234567890123456789",
        "1e126",
        "x"
    };

    /** {@code item} with pk (S, sometimes B, N, empty or too long) and sk (N) first. */
    static Item withKeys(Random random, Item item) {
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        int pk = random.nextInt(20);
        if (pk > 0) {
            attributes.put(
                    "pk",
                    switch (pk) {
                        case 1 -> new AttrValue.S("");
                        case 2 -> new AttrValue.S("é".repeat(1024 + random.nextInt(2)));
                        case 3 -> new AttrValue.N("1");
                        case 4, 5 -> new AttrValue.B(new byte[random.nextInt(3)]);
                        default -> new AttrValue.S("user#" + random.nextInt(1000));
                    });
        }
        if (random.nextInt(10) > 0) {
            attributes.put("sk", new AttrValue.N(NUMBERS[random.nextInt(random.nextInt(4) == 0 ? NUMBERS.length : 4)]));
        }
        for (Map.Entry<String, AttrValue> e : item.attributes().entrySet()) {
            if (random.nextInt(4) > 0 || !attributes.containsKey(e.getKey())) {
                attributes.put(e.getKey(), e.getValue());
            }
        }
        return new Item(attributes);
    }

    /** {@code record} with a space or tab after some structural characters, as pretty printers write. */
    static byte[] spaced(Random random, byte[] record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(record.length * 2);
        boolean inString = false;
        for (int i = 0; i < record.length; i++) {
            byte b = record[i];
            out.write(b);
            if (b == '"' && (i == 0 || record[i - 1] != '\\')) {
                inString = !inString;
            }
            if (!inString && (b == ':' || b == ',' || b == '{' || b == '[') && random.nextBoolean()) {
                out.write(random.nextBoolean() ? ' ' : '\t');
            }
        }
        return out.toByteArray();
    }
}
