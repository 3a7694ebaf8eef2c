package dev.ddbimport.core.format;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random items of every attribute type for round-trip tests: values nested up to 32 levels, unicode
 * (including surrogate pairs, quotes, backslashes and control characters), binary, sets and
 * 38-digit numbers. Numbers are spelled as {@link BigDecimal#toString()} spells them, the form
 * the Ion parser produces, so round trips can compare text exactly.
 */
final class IonRandomItems {
    private static final String[] NAME_PIECES = {
        "pk",
        "sk",
        "a",
        "Item",
        "null",
        "true",
        "nan",
        "$1",
        "$ion_1_0",
        "$dynamodb_SS",
        "with space",
        "quo'te",
        "dq\"uote",
        "back\\slash",
        "é",
        "日本",
        "\uD83D\uDE00",
        "",
        "tab\t",
        "new\nline",
        "x_1",
        "Z"
    };
    private static final String[] TEXT_PIECES = {
        "",
        "a",
        "hello world",
        "\"",
        "'",
        "'''",
        "\\",
        "\n",
        "\r\n",
        "\t",
        "\u0000",
        "\u0007",
        "\u007F",
        "é",
        "日本語",
        "\uD83D\uDE00",
        "\uFFFD",
        "$ion_1_0",
        "{Item:{}}",
        "//",
        "/*",
        "null",
        "1.5"
    };

    /** Text that needs no escaping in Ion, so that lines stay in the parser's fast path. */
    private static final String[] PLAIN_NAME_PIECES = {"pk", "sk", "a", "Item", "with space", "é", "x_1", "$dynamodb_SS"
    };

    private static final String[] PLAIN_TEXT_PIECES = {"", "a", "hello world", "'", "é", "日本語", "\uD83D\uDE00", "1.5"};

    private final Random random;
    private final String[] namePieces;
    private final String[] textPieces;
    private final boolean plain;

    IonRandomItems(long seed) {
        this(seed, false);
    }

    /** With {@code plain}, names and text need no escaping in Ion text. */
    IonRandomItems(long seed, boolean plain) {
        this.random = new Random(seed);
        this.plain = plain;
        this.namePieces = plain ? PLAIN_NAME_PIECES : NAME_PIECES;
        this.textPieces = plain ? PLAIN_TEXT_PIECES : TEXT_PIECES;
    }

    Item item() {
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        int count = 1 + random.nextInt(12);
        for (int i = 0; i < count; i++) {
            attributes.put(name(), value(random.nextInt(32)));
        }
        return new Item(attributes);
    }

    /**
     * A value with at most {@code levels} L/M around its scalars; an attribute's value may have 31,
     * so its innermost scalars sit at level 32, the deepest DynamoDB allows.
     */
    AttrValue value(int levels) {
        int kind = random.nextInt(levels > 0 ? 10 : 8);
        return switch (kind) {
            case 0 -> new AttrValue.S(text());
            case 1 -> new AttrValue.N(number());
            case 2 -> new AttrValue.B(bytes());
            case 3 -> AttrValue.Bool.of(random.nextBoolean());
            case 4 -> AttrValue.Null.INSTANCE;
            case 5 -> new AttrValue.SS(repeat(() -> text()));
            case 6 -> new AttrValue.NS(repeat(() -> number()));
            case 7 -> new AttrValue.BS(repeat(() -> bytes()));
            case 8 -> {
                List<AttrValue> values = new ArrayList<>();
                // a chain down to the full depth now and then, so the limit itself is covered
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    values.add(value(levels - 1));
                }
                if (random.nextInt(3) == 0) {
                    values.add(chain(levels - 1));
                }
                yield new AttrValue.L(values);
            }
            default -> {
                Map<String, AttrValue> values = new LinkedHashMap<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    values.put(name(), value(levels - 1));
                }
                yield new AttrValue.M(values);
            }
        };
    }

    private AttrValue chain(int levels) {
        AttrValue value = new AttrValue.S("leaf");
        for (int i = 0; i < levels; i++) {
            value = random.nextBoolean() ? new AttrValue.L(List.of(value)) : new AttrValue.M(Map.of(name(), value));
        }
        return value;
    }

    private interface Maker<T> {
        T make();
    }

    private <T> List<T> repeat(Maker<T> maker) {
        List<T> values = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            values.add(maker.make());
        }
        return values;
    }

    String name() {
        StringBuilder sb = new StringBuilder();
        int pieces = 1 + random.nextInt(2);
        for (int i = 0; i < pieces; i++) {
            sb.append(namePieces[random.nextInt(namePieces.length)]);
        }
        return sb.toString();
    }

    String text() {
        StringBuilder sb = new StringBuilder();
        int pieces = random.nextInt(5);
        for (int i = 0; i < pieces; i++) {
            if (!plain && random.nextInt(4) == 0) {
                // any BMP character that is not half of a surrogate pair
                char c = (char) random.nextInt(0xD800);
                sb.append(c);
            } else {
                sb.append(textPieces[random.nextInt(textPieces.length)]);
            }
        }
        return sb.toString();
    }

    /** Up to 38 significant digits, scale anywhere in DynamoDB's range, spelled by BigDecimal. */
    String number() {
        int digits = 1 + random.nextInt(38);
        StringBuilder unscaled = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            unscaled.append((char) ('0' + random.nextInt(10)));
        }
        BigInteger value = new BigInteger(unscaled.toString());
        if (random.nextBoolean()) {
            value = value.negate();
        }
        int scale = random.nextInt(4) == 0 ? random.nextInt(200) - 100 : random.nextInt(6);
        return new BigDecimal(value, scale).toString();
    }

    byte[] bytes() {
        byte[] bytes = new byte[random.nextInt(20)];
        random.nextBytes(bytes);
        return bytes;
    }
}
