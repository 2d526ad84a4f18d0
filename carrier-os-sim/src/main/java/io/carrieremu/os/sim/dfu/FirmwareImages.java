package io.carrieremu.os.sim.dfu;

import io.carrieremu.core.os.DfuHeader;
import io.carrieremu.core.os.DfuImageRecognizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Firmware images a test publishes in the simulated firmware repository, with the integrity data the
 * simulated DFU target checks when an image is finished ({@link #integrityProblem(byte[])}), so an
 * image damaged on the way is refused as a real target refuses it:
 *
 * <ul>
 *   <li>application: an MCUboot image — the 32-byte header ({@code ih_magic 0x96f3b83d}, header and
 *       image size, version), the payload, then the TLV area ({@code 0x6907}) with the SHA-256 of header
 *       and payload ({@code IMAGE_TLV_SHA256}, type 0x10), as MCUboot validates it at boot;
 *   <li>modem delta: this project's {@code MFWDELTA} format ({@link DfuImageRecognizer}) followed by a
 *       40-byte trailer, {@code MFWDSHA2} and the SHA-256 of everything before it;
 *   <li>divided application files: an application image cut into parts, each behind a {@link DfuHeader}.
 * </ul>
 *
 * <p>Payloads are a deterministic pattern of a seed. Images without integrity data (the plain patterns of
 * {@link SimDfuTarget#mcubootImage} and {@link SimDfuTarget#modemDeltaImage}) are taken as they are.
 */
public final class FirmwareImages {

    /** MCUboot's image header size. */
    public static final int MCUBOOT_HEADER = 32;
    /** MCUboot's TLV info magic ({@code IMAGE_TLV_INFO_MAGIC}). */
    public static final int TLV_INFO_MAGIC = 0x6907;
    /** MCUboot's SHA-256 TLV type ({@code IMAGE_TLV_SHA256}). */
    public static final int TLV_SHA256 = 0x10;
    /** Length of the modem delta's digest trailer. */
    public static final int DELTA_TRAILER = 8 + 32;

    private static final byte[] DELTA_TRAILER_MAGIC = "MFWDSHA2".getBytes(StandardCharsets.US_ASCII);

    private FirmwareImages() {
    }

    /**
     * An MCUboot application image.
     *
     * @param payload bytes of the image body
     * @param version major.minor.revision, e.g. {@code 2.1.0}
     * @param seed seed of the payload pattern
     */
    public static byte[] application(int payload, String version, long seed) {
        if (payload < 0) {
            throw new IllegalArgumentException("negative payload");
        }
        int[] parts = Arrays.stream(version.split("\\.")).mapToInt(Integer::parseInt).toArray();
        if (parts.length != 3) {
            throw new IllegalArgumentException("version is major.minor.revision");
        }
        ByteBuffer image = ByteBuffer.allocate(MCUBOOT_HEADER + payload + 4 + 4 + 32).order(ByteOrder.LITTLE_ENDIAN);
        image.putInt(DfuImageRecognizer.MCUBOOT_MAGIC).putInt(0).putShort((short) MCUBOOT_HEADER).putShort((short) 0)
                .putInt(payload).putInt(0).put((byte) parts[0]).put((byte) parts[1]).putShort((short) parts[2]).putInt(0).putInt(0);
        image.put(pattern(payload, seed));
        byte[] digest = sha256(image.array(), 0, MCUBOOT_HEADER + payload);
        image.putShort((short) TLV_INFO_MAGIC).putShort((short) (4 + 4 + 32));
        image.putShort((short) TLV_SHA256).putShort((short) 32).put(digest);
        return image.array();
    }

    /**
     * A modem delta that upgrades the modem to {@code version}, with its digest trailer.
     *
     * @param payload bytes of delta payload
     * @param seed seed of the payload pattern
     */
    public static byte[] modemDelta(String version, int payload, long seed) {
        byte[] versionBytes = version.getBytes(StandardCharsets.US_ASCII);
        if (versionBytes.length == 0 || versionBytes.length >= 32) {
            throw new IllegalArgumentException("version must be 1..31 characters");
        }
        int header = DfuImageRecognizer.MODEM_DELTA_HEADER;
        byte[] image = new byte[header + payload + DELTA_TRAILER];
        System.arraycopy(DfuImageRecognizer.modemDeltaMagic(), 0, image, 0, 8);
        System.arraycopy(versionBytes, 0, image, 8, versionBytes.length);
        System.arraycopy(pattern(payload, seed), 0, image, header, payload);
        int body = header + payload;
        System.arraycopy(DELTA_TRAILER_MAGIC, 0, image, body, 8);
        System.arraycopy(sha256(image, 0, body), 0, image, body + 8, 32);
        return image;
    }

    /**
     * Cuts {@code application} into {@code count} divided files, each a {@link DfuHeader} (number 1..count,
     * the last flagged, the part's offset in the image, {@code version}) followed by its slice.
     */
    public static List<byte[]> divided(byte[] application, int count, String version) {
        if (count < 1 || count > 255 || count > application.length) {
            throw new IllegalArgumentException("1..255 parts, at most one per byte");
        }
        List<byte[]> files = new ArrayList<>();
        int size = (application.length + count - 1) / count;
        for (int i = 0; i < count; i++) {
            int from = i * size;
            int to = Math.min(application.length, from + size);
            byte[] header = new DfuHeader(i + 1, i == count - 1, from, version).toBytes();
            byte[] file = Arrays.copyOf(header, header.length + to - from);
            System.arraycopy(application, from, file, header.length, to - from);
            files.add(file);
        }
        return files;
    }

    /**
     * What is wrong with a complete image's integrity data, or empty if it checks out or carries none.
     */
    public static Optional<String> integrityProblem(byte[] image) {
        if (DfuImageRecognizer.isMcuboot(image)) {
            return mcubootProblem(image);
        }
        if (DfuImageRecognizer.isModemDelta(image) && image.length >= DfuImageRecognizer.MODEM_DELTA_HEADER + DELTA_TRAILER) {
            int body = image.length - DELTA_TRAILER;
            if (!Arrays.equals(Arrays.copyOfRange(image, body, body + 8), DELTA_TRAILER_MAGIC)) {
                return Optional.empty();
            }
            return Arrays.equals(Arrays.copyOfRange(image, body + 8, image.length), sha256(image, 0, body))
                    ? Optional.empty() : Optional.of("modem delta digest mismatch");
        }
        return Optional.empty();
    }

    private static Optional<String> mcubootProblem(byte[] image) {
        if (image.length < MCUBOOT_HEADER) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int headerSize = Short.toUnsignedInt(buffer.getShort(8));
        long imageSize = Integer.toUnsignedLong(buffer.getInt(12));
        long tlv = headerSize + imageSize;
        if (headerSize < MCUBOOT_HEADER || tlv + 4 > image.length
                || Short.toUnsignedInt(buffer.getShort((int) tlv)) != TLV_INFO_MAGIC) {
            return Optional.empty();
        }
        int end = (int) Math.min(image.length, tlv + Short.toUnsignedInt(buffer.getShort((int) tlv + 2)));
        for (int at = (int) tlv + 4; at + 4 <= end; ) {
            int type = Short.toUnsignedInt(buffer.getShort(at));
            int length = Short.toUnsignedInt(buffer.getShort(at + 2));
            if (type == TLV_SHA256 && length == 32 && at + 4 + 32 <= end) {
                return Arrays.equals(Arrays.copyOfRange(image, at + 4, at + 36), sha256(image, 0, (int) tlv))
                        ? Optional.empty() : Optional.of("MCUboot image SHA-256 mismatch");
            }
            at += 4 + length;
        }
        return Optional.of("MCUboot image without a SHA-256 TLV");
    }

    private static byte[] pattern(int length, long seed) {
        byte[] bytes = new byte[length];
        long state = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < length; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            bytes[i] = (byte) (state >>> 56);
        }
        return bytes;
    }

    private static byte[] sha256(byte[] data, int from, int to) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(data, from, to - from);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
