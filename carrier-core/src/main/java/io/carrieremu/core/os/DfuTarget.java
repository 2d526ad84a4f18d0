package io.carrieremu.core.os;

/**
 * Where firmware images go ({@code lwm2m_os_dfu_*}): an MCUboot secondary slot for application images,
 * the modem's scratch area for modem deltas. One image at a time; states: idle, active, paused.
 *
 * <p>CRC values are CRC-32/IEEE (as {@link java.util.zip.CRC32}) held in the low 32 bits of a long.
 */
public interface DfuTarget {

    /**
     * Recognises an image from its first bytes ({@code lwm2m_os_dfu_img_type}). For a divided image part
     * it also checks the sequence (next part, or a retry of the current one, with the same version).
     *
     * @return the type and, for {@code APPLICATION_FILE}, the header; {@code NONE} when unrecognised or
     *     when more bytes are needed
     */
    DfuImageDetection detect(byte[] firstBytes);

    /**
     * Starts (or resumes) receiving an image ({@code lwm2m_os_dfu_start}).
     *
     * @param maxFileSize the image size announced by the server, 0 if unknown
     * @param crcValidate whether {@link #fragment} and {@link #done} check CRCs
     * @return the offset to continue from: 0 for a fresh image, the bytes already stored when resuming
     * @throws OsException {@code EBUSY} an image is active, {@code ENOTSUP} the type is not supported,
     *     {@code EFBIG} the image is larger than the target, {@code EIO} the target failed to start (the
     *     caller must {@link #reset()})
     */
    long start(DfuImageType type, long maxFileSize, boolean crcValidate) throws OsException;

    /**
     * Stores the next bytes ({@code lwm2m_os_dfu_fragment}).
     *
     * @param crc32 the CRC of {@code data}, checked when started with {@code crcValidate}
     * @throws OsException {@code EACCES} not started, {@code EINVAL} CRC mismatch or integrity failure,
     *     {@code E2BIG} beyond the target's size, {@code ENOMEM} out of buffers, {@code EIO} write
     *     failure; the fragment was not stored and the offset is unchanged
     */
    void fragment(byte[] data, long crc32) throws OsException;

    /**
     * Finishes the image ({@code lwm2m_os_dfu_done}).
     *
     * @param successful false to finish as failed (the image is not used)
     * @param crc32 the CRC of the whole image, checked when started with {@code crcValidate}
     * @throws OsException {@code EACCES} not started, {@code EINVAL} whole-image CRC mismatch,
     *     {@code EIO} the target could not be finalised
     */
    void done(boolean successful, long crc32) throws OsException;

    /**
     * Pauses an active image, keeping what was stored for a later {@link #start} ({@code lwm2m_os_dfu_pause}).
     *
     * @return the bytes stored so far
     * @throws OsException {@code EACCES} no image is active
     */
    long pause() throws OsException;

    /**
     * Marks the complete image to be applied: a modem delta at the next modem initialisation, an
     * application image at the next reboot ({@code lwm2m_os_dfu_schedule_update}).
     *
     * @throws OsException {@code EACCES} no image is active, {@code EINVAL} the image is incomplete,
     *     {@code EIO} the target refused
     */
    void scheduleUpdate() throws OsException;

    /** Discards any image, active or paused, and its state ({@code lwm2m_os_dfu_reset}). */
    void reset();

    /**
     * After a reboot into a new application image: confirms it so the bootloader keeps it
     * ({@code lwm2m_os_dfu_application_update_validate}).
     *
     * @return true if an unconfirmed image was confirmed now, false if there was nothing to confirm
     */
    boolean validateApplicationUpdate();
}
