package io.carrieremu.core.fota;

import io.carrieremu.core.os.DfuImageType;
import java.util.Objects;

/**
 * What the firmware update keeps across reboots and power loss: the object's state and result, how the
 * image comes, from where, what it is. The bytes received so far are a {@link FotaProgress} of their own
 * (written after every fragment, so a small record).
 *
 * @param state the State
 * @param result the Update Result
 * @param delivery pull or push, {@code NONE} when idle
 * @param uri the Package URI of a pull, empty otherwise
 * @param imageType the image's type once its first bytes were recognised, {@code NONE} before
 * @param fileSize the image size the server announced, -1 when unknown
 * @param packageVersion the version the image carries (a modem delta's firmware, a divided part's), or empty
 * @param lastPart for a divided application file: whether it is the last part
 */
public record FotaRecord(FirmwareState state, UpdateResult result, Delivery delivery, String uri, DfuImageType imageType,
        long fileSize, String packageVersion, boolean lastPart) {

    /** Nothing happened yet. */
    public static final FotaRecord INITIAL = new FotaRecord(FirmwareState.IDLE, UpdateResult.INITIAL, Delivery.NONE, "",
            DfuImageType.NONE, -1, "", false);

    /** Validates. */
    public FotaRecord {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(imageType, "imageType");
        Objects.requireNonNull(packageVersion, "packageVersion");
        if (fileSize < -1) {
            throw new IllegalArgumentException("file size -1 (unknown) or more, got " + fileSize);
        }
    }

    /** This record with another state and result. */
    public FotaRecord with(FirmwareState newState, UpdateResult newResult) {
        return new FotaRecord(newState, newResult, delivery, uri, imageType, fileSize, packageVersion, lastPart);
    }

    /** A new delivery: no image known yet. */
    public FotaRecord delivering(Delivery how, String from) {
        return new FotaRecord(state, result, how, from, DfuImageType.NONE, -1, "", false);
    }

    /** The image was recognised. */
    public FotaRecord image(DfuImageType type, long size, String version, boolean last) {
        return new FotaRecord(state, result, delivery, uri, type, size, version, last);
    }

    /** Idle: the delivery is forgotten, the result kept. */
    public FotaRecord idle(UpdateResult newResult) {
        return new FotaRecord(FirmwareState.IDLE, newResult, Delivery.NONE, "", DfuImageType.NONE, -1, "", false);
    }
}
