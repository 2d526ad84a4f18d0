package io.carrieremu.core.fota;

/**
 * How far a download got: the bytes the DFU target accepted and the CRC-32 of them, to resume from.
 *
 * @param offset bytes stored
 * @param crc32 CRC-32/IEEE of those bytes (the low 32 bits)
 */
public record FotaProgress(long offset, long crc32) {

    /** Nothing stored. */
    public static final FotaProgress NONE = new FotaProgress(0, 0);

    /** Validates. */
    public FotaProgress {
        if (offset < 0 || crc32 < 0 || crc32 > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("offset >= 0 and a 32-bit CRC");
        }
    }
}
