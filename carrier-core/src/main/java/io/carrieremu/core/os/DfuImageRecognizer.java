package io.carrieremu.core.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The image-type rules of {@code lwm2m_os_dfu_img_type}, shared by every {@link DfuTarget}: what the
 * first bytes of an image are, and whether a divided image part may come next. Keeps the header of the
 * last accepted part (a target persists it with {@link #lastPart()} and restores it through the
 * constructor).
 *
 * <ul>
 *   <li>{@link DfuImageType#APPLICATION}: an MCUboot image, whose header starts with the magic
 *       {@value #MCUBOOT_MAGIC_TEXT} (little-endian: {@code 3D B8 F3 96});
 *   <li>{@link DfuImageType#MODEM_DELTA}: this project's modem delta format — the 8 ASCII bytes
 *       {@code MFWDELTA}, then the firmware version the delta produces in a 32-byte NUL-padded field,
 *       then the payload;
 *   <li>{@link DfuImageType#APPLICATION_FILE}: a {@link DfuHeader} followed (for part 1) by an MCUboot
 *       image; accepted as the next part (no image active and number = previous + 1) or a retry of the
 *       current part (not paused and number = previous), with the version of the parts before it.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class DfuImageRecognizer {

    /** Magic of an MCUboot image header, read as a little-endian uint32. */
    public static final int MCUBOOT_MAGIC = 0x96f3b83d;
    /** {@link #MCUBOOT_MAGIC} as text, for documentation. */
    public static final String MCUBOOT_MAGIC_TEXT = "0x96f3b83d";
    /** Length of the modem delta header: magic and version field. */
    public static final int MODEM_DELTA_HEADER = 8 + 32;

    private static final byte[] MODEM_DELTA_MAGIC = "MFWDELTA".getBytes(StandardCharsets.US_ASCII);

    private DfuHeader lastPart;

    /** A recognizer that has accepted no divided part yet. */
    public DfuImageRecognizer() {
        this(Optional.empty());
    }

    /** A recognizer that continues after {@code lastPart} (restored from a target's persisted state). */
    public DfuImageRecognizer(Optional<DfuHeader> lastPart) {
        this.lastPart = Objects.requireNonNull(lastPart, "lastPart").orElse(null);
    }

    /** The first bytes of a modem delta image ({@code MFWDELTA}). */
    public static byte[] modemDeltaMagic() {
        return MODEM_DELTA_MAGIC.clone();
    }

    /**
     * Recognises an image from its first bytes.
     *
     * @param active whether the target is receiving an image now
     * @param paused whether the target holds a paused image
     * @return the type, with the header for a divided part; {@code NONE} when unrecognised, out of
     *     sequence, or when more bytes are needed
     */
    public synchronized DfuImageDetection detect(byte[] firstBytes, boolean active, boolean paused) {
        Optional<DfuHeader> header = DfuHeader.parse(firstBytes);
        if (header.isPresent()) {
            DfuHeader part = header.get();
            boolean firstPartOk = part.number() != 1 || isMcuboot(Arrays.copyOfRange(firstBytes, DfuHeader.LENGTH, firstBytes.length));
            int previous = lastPart == null ? 0 : lastPart.number();
            boolean next = !active && part.number() == previous + 1;
            boolean retry = !paused && part.number() == previous && previous != 0;
            boolean sameVersion = part.number() == 1 || (lastPart != null && lastPart.version().equals(part.version()));
            if (firstPartOk && (next || retry) && sameVersion) {
                lastPart = part;
                return new DfuImageDetection(DfuImageType.APPLICATION_FILE, header);
            }
            return DfuImageDetection.none();
        }
        if (isMcuboot(firstBytes)) {
            return DfuImageDetection.of(DfuImageType.APPLICATION);
        }
        if (isModemDelta(firstBytes)) {
            return DfuImageDetection.of(DfuImageType.MODEM_DELTA);
        }
        return DfuImageDetection.none();
    }

    /** The header of the last divided part accepted, if any. */
    public synchronized Optional<DfuHeader> lastPart() {
        return Optional.ofNullable(lastPart);
    }

    /** Forgets the divided-image sequence (a DFU reset). */
    public synchronized void reset() {
        lastPart = null;
    }

    /** True if the bytes start with an MCUboot image header magic. */
    public static boolean isMcuboot(byte[] bytes) {
        return bytes.length >= 4 && ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0) == MCUBOOT_MAGIC;
    }

    /** True if the bytes hold a whole modem delta header. */
    public static boolean isModemDelta(byte[] bytes) {
        return bytes.length >= MODEM_DELTA_HEADER && Arrays.equals(Arrays.copyOf(bytes, 8), MODEM_DELTA_MAGIC);
    }

    /** The firmware version a modem delta image produces, or empty if the bytes are not one. */
    public static Optional<String> modemDeltaVersion(byte[] image) {
        if (!isModemDelta(image)) {
            return Optional.empty();
        }
        return Optional.of(new String(image, 8, 32, StandardCharsets.US_ASCII).replace("\0", ""));
    }

    /**
     * The checks every DFU target makes before {@code start}: one image at a time, a known type, a size
     * that fits the type's area.
     *
     * @param receiving the type being received now, or null
     * @throws OsException {@code EBUSY} an image is being received, {@code ENOTSUP} type NONE,
     *     {@code EFBIG} larger than {@code capacity}
     */
    public static void checkStart(DfuImageType receiving, DfuImageType imageType, long maxFileSize, long capacity)
            throws OsException {
        if (receiving != null) {
            throw new OsException(io.carrieremu.core.base.Errno.EBUSY, "a " + receiving + " image is being received");
        }
        if (imageType == DfuImageType.NONE) {
            throw new OsException(io.carrieremu.core.base.Errno.ENOTSUP, "unsupported image type " + imageType);
        }
        if (maxFileSize > capacity) {
            throw new OsException(io.carrieremu.core.base.Errno.EFBIG, "image of " + maxFileSize + " bytes exceeds the "
                    + capacity + " byte area");
        }
    }

    /**
     * The checks every DFU target makes on a fragment: an image is being received, the fragment's CRC
     * matches (when asked to check), the image stays within its area.
     *
     * @param offset the bytes received so far
     * @throws OsException {@code EACCES} no image is being received, {@code EINVAL} CRC mismatch,
     *     {@code E2BIG} the image would grow past {@code capacity}
     */
    public static void checkFragment(boolean receiving, boolean validateCrc, byte[] data, long crc32, long offset,
            long capacity) throws OsException {
        if (!receiving) {
            throw new OsException(io.carrieremu.core.base.Errno.EACCES, "no image is being received");
        }
        if (validateCrc && crc32(data) != crc32) {
            throw new OsException(io.carrieremu.core.base.Errno.EINVAL, "fragment CRC mismatch at offset " + offset);
        }
        if (offset + data.length > capacity) {
            throw new OsException(io.carrieremu.core.base.Errno.E2BIG, "image grows past the " + capacity + " byte area");
        }
    }

    /** The CRC-32 of {@code data}, as the DFU fragments carry it. */
    public static long crc32(byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data);
        return crc.getValue();
    }
}
