package dev.ddbimport.core.format;

import com.amazon.ion.IonType;
import com.amazon.ion.IonWriter;
import com.amazon.ion.system.IonTextWriterBuilder;
import com.amazon.ion.system.IonWriterBuilder;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Writes an item as one line of DynamoDB's Ion import format, {@code $ion_1_0 {Item:{...}}}, for
 * round-trip tests, benchmarks and demo data. The output is what AWS would accept too: N is an Ion
 * decimal (never an int), sets are lists annotated {@code $dynamodb_SS/NS/BS}, NULL is {@code
 * null}. Control characters in strings and names are escaped, so the line never holds a newline.
 *
 * <p>N text is written as the decimal it denotes, keeping its precision: {@link IonItemParser}
 * reads it back as the same text whenever that text is spelled as {@link BigDecimal#toString()}
 * spells it (which is how the parser spells every decimal), and as an equal number otherwise.
 */
public final class IonItemWriter {
    private static final IonTextWriterBuilder WRITERS = IonTextWriterBuilder.standard()
            .withCharset(IonTextWriterBuilder.UTF8)
            .withInitialIvmHandling(IonWriterBuilder.InitialIvmHandling.ENSURE)
            .immutable();

    private IonItemWriter() {}

    /**
     * The item as one line, without a line terminator.
     *
     * @throws IllegalArgumentException if an N or NS value is not a number (it cannot be an Ion
     *     decimal)
     */
    public static byte[] line(Item item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (IonWriter writer = WRITERS.build(out)) {
            writer.stepIn(IonType.STRUCT);
            writer.setFieldName("Item");
            writeAttributes(writer, item.attributes());
            writer.stepOut();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing Ion to memory failed", e);
        }
        return out.toByteArray();
    }

    private static void writeAttributes(IonWriter writer, Map<String, AttrValue> attributes) throws IOException {
        writer.stepIn(IonType.STRUCT);
        for (Map.Entry<String, AttrValue> attribute : attributes.entrySet()) {
            writer.setFieldName(attribute.getKey());
            writeValue(writer, attribute.getValue());
        }
        writer.stepOut();
    }

    private static void writeValue(IonWriter writer, AttrValue value) throws IOException {
        if (value instanceof AttrValue.S s) {
            writer.writeString(s.value());
        } else if (value instanceof AttrValue.N n) {
            writer.writeDecimal(decimal(n.value()));
        } else if (value instanceof AttrValue.B b) {
            writer.writeBlob(b.value());
        } else if (value instanceof AttrValue.Bool bool) {
            writer.writeBool(bool.value());
        } else if (value instanceof AttrValue.Null) {
            writer.writeNull();
        } else if (value instanceof AttrValue.L l) {
            writer.stepIn(IonType.LIST);
            for (AttrValue element : l.values()) {
                writeValue(writer, element);
            }
            writer.stepOut();
        } else if (value instanceof AttrValue.M m) {
            writeAttributes(writer, m.values());
        } else if (value instanceof AttrValue.SS ss) {
            writer.setTypeAnnotations("$dynamodb_SS");
            writer.stepIn(IonType.LIST);
            for (String element : ss.values()) {
                writer.writeString(element);
            }
            writer.stepOut();
        } else if (value instanceof AttrValue.NS ns) {
            writer.setTypeAnnotations("$dynamodb_NS");
            writer.stepIn(IonType.LIST);
            for (String element : ns.values()) {
                writer.writeDecimal(decimal(element));
            }
            writer.stepOut();
        } else if (value instanceof AttrValue.BS bs) {
            writer.setTypeAnnotations("$dynamodb_BS");
            writer.stepIn(IonType.LIST);
            for (byte[] element : bs.values()) {
                writer.writeBlob(element);
            }
            writer.stepOut();
        } else {
            throw new IllegalStateException("Unknown attribute value type " + value.type());
        }
    }

    private static BigDecimal decimal(String number) {
        try {
            return new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "N value '" + number + "' is not a number, so it cannot be written as an Ion decimal;"
                            + " validate items before writing them",
                    e);
        }
    }
}
