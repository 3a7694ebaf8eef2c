package dev.ddbimport.core.item;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class SdkAttributeValuesTest {

    @Test
    void shouldConvertEveryTypeToTheSdkModel() {
        Item item = ItemCodecTest.item(
                "s", new AttrValue.S("x"),
                "n", new AttrValue.N("1.50"),
                "b", new AttrValue.B(new byte[] {1, 2}),
                "t", AttrValue.Bool.FALSE,
                "z", AttrValue.Null.INSTANCE,
                "l", new AttrValue.L(List.of()),
                "m", new AttrValue.M(Map.of()),
                "ss", new AttrValue.SS(List.of("a")),
                "ns", new AttrValue.NS(List.of("1", "2")),
                "bs", new AttrValue.BS(List.of(new byte[] {3})));

        Map<String, AttributeValue> sdk = SdkAttributeValues.toSdk(item);

        assertEquals(List.of("s", "n", "b", "t", "z", "l", "m", "ss", "ns", "bs"), List.copyOf(sdk.keySet()));
        assertEquals(AttributeValue.fromS("x"), sdk.get("s"));
        assertEquals(AttributeValue.fromN("1.50"), sdk.get("n"));
        assertEquals(AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2})), sdk.get("b"));
        assertEquals(AttributeValue.fromBool(false), sdk.get("t"));
        assertEquals(AttributeValue.fromNul(true), sdk.get("z"));
        assertEquals(AttributeValue.fromL(List.of()), sdk.get("l"));
        assertTrue(sdk.get("l").hasL());
        assertEquals(AttributeValue.fromM(Map.of()), sdk.get("m"));
        assertTrue(sdk.get("m").hasM());
        assertEquals(AttributeValue.fromSs(List.of("a")), sdk.get("ss"));
        assertEquals(AttributeValue.fromNs(List.of("1", "2")), sdk.get("ns"));
        assertEquals(AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {3}))), sdk.get("bs"));
        assertEquals(item, SdkAttributeValues.fromSdk(sdk));
    }

    @Test
    void shouldConvertNestedValuesBothWays() {
        AttrValue value = new AttrValue.M(Map.of(
                "l",
                new AttrValue.L(List.of(
                        new AttrValue.S("a"),
                        new AttrValue.M(Map.of("b", new AttrValue.B("hi".getBytes(UTF_8)))),
                        AttrValue.Null.INSTANCE))));

        AttributeValue sdk = SdkAttributeValues.toSdk(value);

        assertEquals(
                AttributeValue.fromM(Map.of(
                        "l",
                        AttributeValue.fromL(List.of(
                                AttributeValue.fromS("a"),
                                AttributeValue.fromM(Map.of("b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")))),
                                AttributeValue.fromNul(true))))),
                sdk);
        assertEquals(value, SdkAttributeValues.fromSdk(sdk));
    }

    @Test
    void shouldRoundTripRandomItemsOfEveryType() {
        RandomItems random = new RandomItems(11);
        for (int i = 0; i < 2_000; i++) {
            Item item = random.item();

            Item back = SdkAttributeValues.fromSdk(SdkAttributeValues.toSdk(item));

            assertEquals(item, back);
            assertEquals(
                    List.copyOf(item.attributes().keySet()),
                    List.copyOf(back.attributes().keySet()));
        }
    }

    @Test
    void shouldRoundTripTheDeepestAllowedNesting() {
        for (boolean lists : new boolean[] {true, false}) {
            AttrValue deep = RandomItems.deepest(lists);

            assertEquals(deep, SdkAttributeValues.fromSdk(SdkAttributeValues.toSdk(deep)));
        }
    }

    @Test
    void shouldRefuseAnSdkValueWithNoTypeOrANullOfFalse() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> SdkAttributeValues.fromSdk(
                                AttributeValue.builder().build()))
                .getMessage()
                .startsWith("AttributeValue has no type set, or one this SDK version does not know"));
        assertEquals(
                "NULL attribute value set to false; NULL must be true",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> SdkAttributeValues.fromSdk(AttributeValue.fromNul(false)))
                        .getMessage());
    }
}
