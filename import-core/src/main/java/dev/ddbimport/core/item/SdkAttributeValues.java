package dev.ddbimport.core.item;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Converts between our {@link AttrValue} model and the AWS SDK v2 {@link AttributeValue}, both ways,
 * for every type. Binary is shared, not copied ({@code SdkBytes.fromByteArrayUnsafe} / {@code
 * asByteArrayUnsafe}): neither side ever mutates the arrays, and items can be large. Maps keep their
 * iteration order.
 */
public final class SdkAttributeValues {

    private SdkAttributeValues() {}

    public static Map<String, AttributeValue> toSdk(Item item) {
        return toSdk(item.attributes());
    }

    public static Map<String, AttributeValue> toSdk(Map<String, AttrValue> attributes) {
        Map<String, AttributeValue> out = new LinkedHashMap<>(capacityFor(attributes.size()));
        for (Map.Entry<String, AttrValue> e : attributes.entrySet()) {
            out.put(e.getKey(), toSdk(e.getValue()));
        }
        return out;
    }

    public static AttributeValue toSdk(AttrValue value) {
        if (value instanceof AttrValue.S s) {
            return AttributeValue.fromS(s.value());
        } else if (value instanceof AttrValue.N n) {
            return AttributeValue.fromN(n.value());
        } else if (value instanceof AttrValue.B b) {
            return AttributeValue.fromB(SdkBytes.fromByteArrayUnsafe(b.value()));
        } else if (value instanceof AttrValue.Bool b) {
            return AttributeValue.fromBool(b.value());
        } else if (value instanceof AttrValue.Null) {
            return AttributeValue.fromNul(true);
        } else if (value instanceof AttrValue.L l) {
            List<AttributeValue> out = new ArrayList<>(l.values().size());
            for (AttrValue element : l.values()) {
                out.add(toSdk(element));
            }
            return AttributeValue.fromL(out);
        } else if (value instanceof AttrValue.M m) {
            return AttributeValue.fromM(toSdk(m.values()));
        } else if (value instanceof AttrValue.SS ss) {
            return AttributeValue.fromSs(ss.values());
        } else if (value instanceof AttrValue.NS ns) {
            return AttributeValue.fromNs(ns.values());
        } else if (value instanceof AttrValue.BS bs) {
            List<SdkBytes> out = new ArrayList<>(bs.values().size());
            for (byte[] element : bs.values()) {
                out.add(SdkBytes.fromByteArrayUnsafe(element));
            }
            return AttributeValue.fromBs(out);
        }
        throw new IllegalArgumentException("Unknown attribute value type " + value.type());
    }

    public static Item fromSdk(Map<String, AttributeValue> attributes) {
        return new Item(fromSdkMap(attributes));
    }

    /**
     * @throws IllegalArgumentException for a value with no type set, a type this SDK version does not
     *     know, or NULL set to false: DynamoDB never returns those
     */
    public static AttrValue fromSdk(AttributeValue value) {
        return switch (value.type()) {
            case S -> new AttrValue.S(value.s());
            case N -> new AttrValue.N(value.n());
            case B -> new AttrValue.B(value.b().asByteArrayUnsafe());
            case BOOL -> AttrValue.Bool.of(value.bool());
            case NUL -> {
                if (!value.nul()) {
                    throw new IllegalArgumentException("NULL attribute value set to false; NULL must be true");
                }
                yield AttrValue.Null.INSTANCE;
            }
            case L -> {
                List<AttrValue> out = new ArrayList<>(value.l().size());
                for (AttributeValue element : value.l()) {
                    out.add(fromSdk(element));
                }
                yield new AttrValue.L(out);
            }
            case M -> new AttrValue.M(fromSdkMap(value.m()));
            case SS -> new AttrValue.SS(new ArrayList<>(value.ss()));
            case NS -> new AttrValue.NS(new ArrayList<>(value.ns()));
            case BS -> {
                List<byte[]> out = new ArrayList<>(value.bs().size());
                for (SdkBytes element : value.bs()) {
                    out.add(element.asByteArrayUnsafe());
                }
                yield new AttrValue.BS(out);
            }
            case UNKNOWN_TO_SDK_VERSION ->
                throw new IllegalArgumentException(
                        "AttributeValue has no type set, or one this SDK version does not know: " + value);
        };
    }

    private static Map<String, AttrValue> fromSdkMap(Map<String, AttributeValue> attributes) {
        Map<String, AttrValue> out = new LinkedHashMap<>(capacityFor(attributes.size()));
        for (Map.Entry<String, AttributeValue> e : attributes.entrySet()) {
            out.put(e.getKey(), fromSdk(e.getValue()));
        }
        return out;
    }

    /** A HashMap capacity that holds {@code size} entries without rehashing. */
    private static int capacityFor(int size) {
        return size < 3 ? size + 1 : (int) (size / 0.75f) + 1;
    }
}
