package io.carrieremu.core.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The frame every library NVS record has: a 4-byte magic naming the record kind, a format version
 * byte, the payload length (2 bytes, big-endian), the payload, and a CRC-32 (4 bytes) over everything
 * before it. A frame that fails any check is refused whole, so a torn or foreign record is never
 * half-read.
 */
public final class RecordFrame {

    /** Magic, version and length. */
    static final int HEADER = 4 + 1 + 2;
    /** The largest payload a frame holds. */
    public static final int MAX_PAYLOAD = 0xFFFF;

    private RecordFrame() {
    }

    /**
     * Frames {@code payload}.
     *
     * @throws IllegalArgumentException if the magic is not 4 bytes or the payload is longer than
     *     {@value #MAX_PAYLOAD} bytes
     */
    public static byte[] wrap(byte[] magic, int version, byte[] payload) {
        if (magic.length != 4) {
            throw new IllegalArgumentException("magic of " + magic.length + " bytes");
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes");
        }
        ByteBuffer record = ByteBuffer.allocate(HEADER + payload.length + 4);
        record.put(magic).put((byte) version).putShort((short) payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(record.array(), 0, HEADER + payload.length);
        record.putInt((int) crc.getValue());
        return record.array();
    }

    /**
     * The payload of a frame.
     *
     * @throws CorruptRecordException if the record is short, has another magic or version, a length
     *     that does not match, or a wrong CRC
     */
    public static byte[] unwrap(byte[] magic, int version, byte[] record) throws CorruptRecordException {
        if (record.length < HEADER + 4) {
            throw new CorruptRecordException("record of " + record.length + " bytes is too short");
        }
        if (!Arrays.equals(Arrays.copyOf(record, 4), magic)) {
            throw new CorruptRecordException("wrong magic");
        }
        int found = record[4] & 0xFF;
        if (found != version) {
            throw new CorruptRecordException("format version " + found + ", this library reads " + version);
        }
        int length = ((record[5] & 0xFF) << 8) | (record[6] & 0xFF);
        if (record.length != HEADER + length + 4) {
            throw new CorruptRecordException("record is " + record.length + " bytes, its header says " + (HEADER + length + 4));
        }
        CRC32 crc = new CRC32();
        crc.update(record, 0, HEADER + length);
        if ((int) crc.getValue() != ByteBuffer.wrap(record, HEADER + length, 4).getInt()) {
            throw new CorruptRecordException("CRC mismatch");
        }
        return Arrays.copyOfRange(record, HEADER, HEADER + length);
    }
}
