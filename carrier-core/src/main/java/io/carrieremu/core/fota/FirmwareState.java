package io.carrieremu.core.fota;

import java.util.Optional;

/** The State of the Firmware Update object, {@code /5/0/3} (OMA LwM2M object 5). */
public enum FirmwareState {
    /** No image, or the last attempt is over (its Update Result tells how it went). */
    IDLE(0),
    /** An image is being delivered: pulled from the Package URI or pushed to Package. */
    DOWNLOADING(1),
    /** A complete image waits for Update ({@code /5/0/2}). */
    DOWNLOADED(2),
    /** The image is being applied. */
    UPDATING(3);

    private final int code;

    FirmwareState(int code) {
        this.code = code;
    }

    /** The value of {@code /5/0/3}. */
    public int code() {
        return code;
    }

    /** The state with value {@code code}, or empty. */
    public static Optional<FirmwareState> fromCode(int code) {
        for (FirmwareState state : values()) {
            if (state.code == code) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
