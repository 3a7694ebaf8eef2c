package dev.ddbimport.core.item;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates items holding every attribute type for round-trip tests: unicode (outside the BMP too),
 * empty strings and binaries, sets, 38-digit and exponent numbers, and values nested as deep as
 * {@link AttrValueJsonReader#MAX_LEVELS} allows. Seeded, so a failure reproduces.
 */
public final class RandomItems {
    private static final String[] ALPHABETS = {
        "abcxyz019_-.", "ÄéßøñçÅ", "日本語中文한국어", "😀🚀𝄞", " \"\\/\t\n\r\b\f\u0001\u001f<>&'", "ab"
    };

    private final Random random;

    public RandomItems(long seed) {
        this.random = new Random(seed);
    }

    public Item item() {
        Map<String, AttrValue> attributes = new LinkedHashMap<>();
        attributes.put("pk", new AttrValue.S("id-" + random.nextInt(1000)));
        int count = 1 + random.nextInt(12);
        while (attributes.size() < count) {
            attributes.put(name(), value(1));
        }
        if (random.nextInt(4) == 0) {
            attributes.put("deep", deepest(random.nextBoolean()));
        }
        return new Item(attributes);
    }

    /** A value {@code level} deep; containers stop where the nesting limit would be crossed. */
    public AttrValue value(int level) {
        int kinds = level < AttrValueJsonReader.MAX_LEVELS && level < 4 ? 10 : 8;
        return switch (random.nextInt(kinds)) {
            case 0 -> new AttrValue.S(text());
            case 1 -> new AttrValue.N(number());
            case 2 -> new AttrValue.B(bytes());
            case 3 -> AttrValue.Bool.of(random.nextBoolean());
            case 4 -> AttrValue.Null.INSTANCE;
            case 5 -> new AttrValue.SS(strings(this::text));
            case 6 -> new AttrValue.NS(strings(this::number));
            case 7 -> new AttrValue.BS(binaries());
            case 8 -> list(level);
            default -> map(level);
        };
    }

    /** A chain of containers as deep as allowed: its leaf sits at level MAX_LEVELS. */
    public static AttrValue deepest(boolean lists) {
        return nested(AttrValueJsonReader.MAX_LEVELS - 1, lists, new AttrValue.S("leaf"));
    }

    /** {@code containers} L (or M) containers around {@code leaf}. */
    public static AttrValue nested(int containers, boolean lists, AttrValue leaf) {
        AttrValue v = leaf;
        for (int i = 0; i < containers; i++) {
            v = lists ? new AttrValue.L(List.of(v)) : new AttrValue.M(Map.of("n", v));
        }
        return v;
    }

    private AttrValue list(int level) {
        int size = random.nextInt(4);
        List<AttrValue> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(value(level + 1));
        }
        return new AttrValue.L(values);
    }

    private AttrValue map(int level) {
        int size = random.nextInt(4);
        Map<String, AttrValue> values = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            values.put(name(), value(level + 1));
        }
        return new AttrValue.M(values);
    }

    private String name() {
        String name = text();
        return name.isEmpty() ? "n" + random.nextInt(100) : name;
    }

    private String text() {
        String alphabet = ALPHABETS[random.nextInt(ALPHABETS.length)];
        int length = random.nextInt(12);
        StringBuilder sb = new StringBuilder();
        int[] codePoints = alphabet.codePoints().toArray();
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return sb.toString();
    }

    private String number() {
        return switch (random.nextInt(5)) {
            case 0 -> Integer.toString(random.nextInt());
            case 1 -> digits(38);
            case 2 -> "-" + digits(1 + random.nextInt(20)) + "." + digits(1 + random.nextInt(17));
            case 3 -> digits(1 + random.nextInt(5)) + "E" + (random.nextInt(250) - 125);
            default -> "0.000" + digits(3);
        };
    }

    private String digits(int count) {
        StringBuilder sb = new StringBuilder(count);
        sb.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < count; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private byte[] bytes() {
        byte[] b = new byte[random.nextInt(20)];
        random.nextBytes(b);
        return b;
    }

    private List<String> strings(java.util.function.Supplier<String> element) {
        int size = 1 + random.nextInt(4);
        List<String> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(element.get());
        }
        return values;
    }

    private List<byte[]> binaries() {
        int size = 1 + random.nextInt(4);
        List<byte[]> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(bytes());
        }
        return values;
    }
}
