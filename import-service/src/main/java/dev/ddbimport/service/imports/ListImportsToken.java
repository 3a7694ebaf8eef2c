package dev.ddbimport.service.imports;

import dev.ddbimport.core.model.ValidationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * ListImports' NextToken: the position after the last import of a page (its StartTime and id, the
 * listing's order), as lower-case hex in whole 16-digit groups, at least 112 digits, as DynamoDB's
 * tokens are. A version byte and a CRC32 make a token we did not issue (or a damaged one) a
 * ValidationException instead of a silently wrong page.
 *
 * @param startTime the last listed import's StartTime (epoch millis)
 * @param importId the last listed import's id
 */
record ListImportsToken(long startTime, String importId) {

    private static final byte VERSION = 1;
    private static final int MIN_BYTES = 56; // 112 hex digits
    private static final int HEADER = 1 + 1 + 8; // version, id length, start time
    private static final int CRC = 4;

    String encode() {
        byte[] id = importId.getBytes(StandardCharsets.UTF_8);
        int length = Math.max(MIN_BYTES, roundUpTo8(HEADER + id.length + CRC));
        ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.put(VERSION).put((byte) id.length).putLong(startTime).put(id);
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, length - CRC);
        buffer.putInt(length - CRC, (int) crc.getValue());
        return HexFormat.of().formatHex(buffer.array());
    }

    /** Reads a token that already satisfies the member constraints (length, hex pattern). */
    static ListImportsToken decode(String token) {
        byte[] bytes = HexFormat.of().parseHex(token);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - CRC);
        int idLength = Byte.toUnsignedInt(bytes[1]);
        if (bytes[0] != VERSION
                || (int) crc.getValue() != buffer.getInt(bytes.length - CRC)
                || HEADER + idLength + CRC > bytes.length) {
            throw new ValidationException("Invalid NextToken: pass the NextToken of an earlier ListImports response");
        }
        long start = buffer.getLong(2);
        String id = new String(bytes, HEADER, idLength, StandardCharsets.UTF_8);
        return new ListImportsToken(start, id);
    }

    private static int roundUpTo8(int n) {
        return (n + 7) & ~7;
    }
}
