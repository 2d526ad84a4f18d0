package io.carrieremu.core.fota;

/**
 * CRC-32/IEEE (the value {@link java.util.zip.CRC32} gives) that can continue from a stored value, which
 * the JDK's cannot: a download resumed after a reboot goes on from the CRC of the bytes already stored.
 */
final class RunningCrc {

    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private RunningCrc() {
    }

    /** The CRC of the bytes behind {@code crc} followed by {@code data}; {@code crc} 0 for no bytes. */
    static long update(long crc, byte[] data) {
        int c = ~(int) crc;
        for (byte b : data) {
            c = TABLE[(c ^ b) & 0xFF] ^ (c >>> 8);
        }
        return Integer.toUnsignedLong(~c);
    }
}
