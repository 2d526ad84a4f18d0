package io.carrieremu.core.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The header in front of each part of a divided application image ({@code struct lwm2m_os_dfu_header}):
 * a 4-byte little-endian magic {@code 0x424ad2dc}, then number (1-based), is-last flag, the part's
 * offset in the whole image (little-endian uint32) and a NUL-terminated version of up to 31
 * characters — {@value #LENGTH} bytes in all.
 *
 * @param number the part's 1-based index, 1..255
 * @param isLast true for the final part
 * @param offset where the part's payload goes in the whole image, 0..2^32-1
 * @param version the image version, 1..31 ASCII characters
 */
public record DfuHeader(int number, boolean isLast, long offset, String version) {

    /** {@code LWM2M_OS_DFU_HEADER_MAGIC}. */
    public static final int MAGIC = 0x424ad2dc;

    /** {@code LWM2M_OS_DFU_HEADER_LEN}: magic plus the packed header. */
    public static final int LENGTH = 42;

    private static final int VERSION_FIELD = 32;

    /** Checks the components and copies mutable ones. */
    public DfuHeader {
        if (number < 1 || number > 255) {
            throw new IllegalArgumentException("part number must be 1..255, got " + number);
        }
        if (offset < 0 || offset > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("offset must fit in a uint32, got " + offset);
        }
        Objects.requireNonNull(version, "version");
        int length = version.getBytes(StandardCharsets.US_ASCII).length;
        if (version.isEmpty() || length >= VERSION_FIELD || version.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("version must be 1..31 characters without NUL");
        }
    }

    /**
     * Reads a header from the first bytes of a part; empty if they are fewer than {@value #LENGTH}, the
     * magic does not match, or a field is invalid (zero part number, version not NUL-terminated or empty).
     */
    public static Optional<DfuHeader> parse(byte[] bytes) {
        if (bytes.length < LENGTH) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt() != MAGIC) {
            return Optional.empty();
        }
        int number = Byte.toUnsignedInt(buffer.get());
        boolean isLast = buffer.get() != 0;
        long offset = Integer.toUnsignedLong(buffer.getInt());
        byte[] field = new byte[VERSION_FIELD];
        buffer.get(field);
        int end = 0;
        while (end < VERSION_FIELD && field[end] != 0) {
            end++;
        }
        if (end == 0 || end == VERSION_FIELD || number == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DfuHeader(number, isLast, offset, new String(field, 0, end, StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The {@value #LENGTH} bytes of this header. */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(MAGIC).put((byte) number).put((byte) (isLast ? 1 : 0)).putInt((int) offset);
        buffer.put(version.getBytes(StandardCharsets.US_ASCII));
        return buffer.array();
    }
}
