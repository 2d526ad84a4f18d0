package io.carrieremu.core.fota;

import java.util.Optional;

/** The Update Result of the Firmware Update object, {@code /5/0/5} (OMA LwM2M object 5, values 0..9). */
public enum UpdateResult {
    /** Nothing to report: set whenever a download or an update starts. */
    INITIAL(0, "Initial value"),
    /** The firmware was updated. */
    SUCCESS(1, "Firmware updated successfully"),
    /** The image is larger than the device can store. */
    NOT_ENOUGH_FLASH(2, "Not enough flash memory for the new firmware package"),
    /** The device ran out of RAM during the download. */
    OUT_OF_RAM(3, "Out of RAM during downloading process"),
    /** The connection was lost (or could not be made) and the retries ran out. */
    CONNECTION_LOST(4, "Connection lost during downloading process"),
    /** The image failed its integrity check. */
    INTEGRITY_FAILURE(5, "Integrity check failure for new downloaded package"),
    /** The image is of no type the device supports. */
    UNSUPPORTED_PACKAGE(6, "Unsupported package type"),
    /** The URI is malformed, or the server kept answering against the protocol. */
    INVALID_URI(7, "Invalid URI"),
    /** Applying the image failed. */
    UPDATE_FAILED(8, "Firmware update failed"),
    /** The URI's scheme is no protocol the device supports. */
    UNSUPPORTED_PROTOCOL(9, "Unsupported protocol");

    private final int code;
    private final String text;

    UpdateResult(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The value of {@code /5/0/5}. */
    public int code() {
        return code;
    }

    /** The object definition's text for the value. */
    public String text() {
        return text;
    }

    /** The result with value {@code code}, or empty. */
    public static Optional<UpdateResult> fromCode(int code) {
        for (UpdateResult result : values()) {
            if (result.code == code) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }
}
