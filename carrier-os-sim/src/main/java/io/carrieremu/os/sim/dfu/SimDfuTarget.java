package io.carrieremu.os.sim.dfu;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.api.ModemInitResult;
import io.carrieremu.core.os.DfuImageRecognizer;
import io.carrieremu.core.os.DfuImageDetection;
import io.carrieremu.core.os.DfuImageType;
import io.carrieremu.core.os.DfuTarget;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.transcript.Transcript;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A simulated DFU target with one image area kept in (simulated) flash, so a partial image survives a
 * reboot or power cut and {@link #start} resumes it.
 *
 * <p>Image types are recognised by the core's {@link DfuImageRecognizer} (MCUboot application images,
 * this project's {@code MFWDELTA} modem deltas, divided application parts with their sequence rule).
 * A modem delta is applied at the next modem initialisation ({@link #applyAtModemInit}), after which
 * {@code AT+CGMR} reports the version it carries and the init result is UPDATED (or UPDATE_FAILED when
 * {@link #failNextModemUpdate()} was called); an application image is applied at the next reboot, then
 * unconfirmed until {@link #validateApplicationUpdate()}.
 *
 * <p>{@link #done} checks the image's own integrity data as the real target does ({@link FirmwareImages}:
 * an MCUboot image's SHA-256 TLV, a modem delta's digest trailer): a damaged image is refused with
 * {@code EINVAL}.
 */
public final class SimDfuTarget implements DfuTarget {

    /** Magic of an MCUboot image header ({@link DfuImageRecognizer#MCUBOOT_MAGIC}). */
    public static final int MCUBOOT_MAGIC = DfuImageRecognizer.MCUBOOT_MAGIC;
    /** Length of the modem delta header ({@link DfuImageRecognizer#MODEM_DELTA_HEADER}). */
    public static final int MODEM_DELTA_HEADER = DfuImageRecognizer.MODEM_DELTA_HEADER;

    private enum State { IDLE, ACTIVE, PAUSED, COMPLETE, SCHEDULED }

    private final Transcript transcript;
    private final long applicationCapacity;
    private final long modemCapacity;
    private State state = State.IDLE;
    private DfuImageType type = DfuImageType.NONE;
    private boolean crcValidate;
    private ByteArrayOutputStream image = new ByteArrayOutputStream();
    private final DfuImageRecognizer recognizer = new DfuImageRecognizer();
    private long powerCutAfterBytes = -1;
    private Runnable powerLoss = () -> { };
    private boolean failNextModemUpdate;
    private boolean runningUnconfirmed;
    private String runningApplication = "1.0.0";

    /**
     * A DFU target.
     *
     * @param applicationCapacity bytes of the MCUboot secondary slot
     * @param modemCapacity bytes of the modem's scratch area
     */
    public SimDfuTarget(Transcript transcript, long applicationCapacity, long modemCapacity) {
        this.transcript = transcript;
        this.applicationCapacity = applicationCapacity;
        this.modemCapacity = modemCapacity;
    }

    /** A 1 MiB application slot and a 2 MiB modem area. */
    public static SimDfuTarget withDefaultSizes(Transcript transcript) {
        return new SimDfuTarget(transcript, 1 << 20, 2 << 20);
    }

    /** An MCUboot image of {@code size} bytes (at least 32): the magic, then a deterministic pattern. */
    public static byte[] mcubootImage(int size) {
        byte[] image = new byte[Math.max(32, size)];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 31 + 7);
        }
        ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putInt(0, MCUBOOT_MAGIC);
        return image;
    }

    /** A modem delta image that upgrades the modem to {@code version}, with {@code payload} bytes after the header. */
    public static byte[] modemDeltaImage(String version, int payload) {
        byte[] versionBytes = version.getBytes(StandardCharsets.US_ASCII);
        if (versionBytes.length == 0 || versionBytes.length >= 32) {
            throw new IllegalArgumentException("version must be 1..31 characters");
        }
        byte[] image = new byte[MODEM_DELTA_HEADER + payload];
        System.arraycopy(DfuImageRecognizer.modemDeltaMagic(), 0, image, 0, 8);
        System.arraycopy(versionBytes, 0, image, 8, versionBytes.length);
        for (int i = MODEM_DELTA_HEADER; i < image.length; i++) {
            image[i] = (byte) (i * 13);
        }
        return image;
    }

    /** CRC-32/IEEE as the DFU target checks it. */
    public static long crc32(byte[] data) {
        return DfuImageRecognizer.crc32(data);
    }

    // ------------------------------------------------------------------ DfuTarget

    @Override
    public synchronized DfuImageDetection detect(byte[] firstBytes) {
        return recognizer.detect(firstBytes, state == State.ACTIVE, state == State.PAUSED);
    }

    @Override
    public synchronized long start(DfuImageType imageType, long maxFileSize, boolean validateCrc) throws OsException {
        DfuImageRecognizer.checkStart(state == State.ACTIVE ? type : null, imageType, maxFileSize, capacity(imageType));
        crcValidate = validateCrc;
        if (state == State.PAUSED && type == imageType) {
            state = State.ACTIVE;
            transcript.record(Transcript.Kind.DEVICE, "DFU " + imageType + " resumed at " + image.size());
            return image.size();
        }
        type = imageType;
        image = new ByteArrayOutputStream();
        state = State.ACTIVE;
        transcript.record(Transcript.Kind.DEVICE, "DFU " + imageType + " started");
        return 0;
    }

    private long capacity(DfuImageType imageType) {
        return imageType == DfuImageType.MODEM_DELTA ? modemCapacity : applicationCapacity;
    }

    @Override
    public synchronized void fragment(byte[] data, long crc32) throws OsException {
        DfuImageRecognizer.checkFragment(state == State.ACTIVE, crcValidate, data, crc32, image.size(), capacity(type));
        if (powerCutAfterBytes >= 0 && image.size() + (long) data.length > powerCutAfterBytes) {
            int kept = (int) Math.max(0, powerCutAfterBytes - image.size());
            image.write(data, 0, kept);
            powerCutAfterBytes = -1;
            state = State.PAUSED;
            transcript.record(Transcript.Kind.DEVICE, "power cut during DFU at " + image.size() + " bytes");
            powerLoss.run();
            throw new OsException(Errno.EIO, "power cut while writing the image");
        }
        image.writeBytes(data);
    }

    @Override
    public synchronized void done(boolean successful, long crc32) throws OsException {
        if (state != State.ACTIVE) {
            throw new OsException(Errno.EACCES, "no image is being received");
        }
        if (!successful) {
            transcript.record(Transcript.Kind.DEVICE, "DFU " + type + " finished as failed");
            clear();
            return;
        }
        if (crcValidate && crc32(image.toByteArray()) != crc32) {
            throw new OsException(Errno.EINVAL, "image CRC mismatch over " + image.size() + " bytes");
        }
        java.util.Optional<String> damaged = FirmwareImages.integrityProblem(image.toByteArray());
        if (damaged.isPresent()) {
            transcript.record(Transcript.Kind.DEVICE, "DFU " + type + " refused: " + damaged.get());
            throw new OsException(Errno.EINVAL, "image integrity check failed: " + damaged.get());
        }
        state = State.COMPLETE;
        transcript.record(Transcript.Kind.DEVICE, "DFU " + type + " complete, " + image.size() + " bytes");
    }

    @Override
    public synchronized long pause() throws OsException {
        if (state != State.ACTIVE) {
            throw new OsException(Errno.EACCES, "no image is being received");
        }
        state = State.PAUSED;
        transcript.record(Transcript.Kind.DEVICE, "DFU " + type + " paused at " + image.size());
        return image.size();
    }

    @Override
    public synchronized void scheduleUpdate() throws OsException {
        if (state == State.ACTIVE) {
            throw new OsException(Errno.EINVAL, "the image is incomplete");
        }
        if (state != State.COMPLETE) {
            throw new OsException(Errno.EACCES, "no complete image");
        }
        state = State.SCHEDULED;
        transcript.record(Transcript.Kind.DEVICE, "DFU " + type + " scheduled");
    }

    @Override
    public synchronized void reset() {
        if (state != State.IDLE) {
            transcript.record(Transcript.Kind.DEVICE, "DFU reset");
        }
        clear();
        recognizer.reset();
    }

    private void clear() {
        state = State.IDLE;
        type = DfuImageType.NONE;
        image = new ByteArrayOutputStream();
    }

    @Override
    public synchronized boolean validateApplicationUpdate() {
        if (!runningUnconfirmed) {
            return false;
        }
        runningUnconfirmed = false;
        transcript.record(Transcript.Kind.DEVICE, "application image " + runningApplication + " confirmed");
        return true;
    }

    // ------------------------------------------------------------------ device side

    /** The next fragment that would take the stored image past {@code bytes} is cut there, as by a power loss. */
    public synchronized void injectPowerCutAfter(long bytes) {
        this.powerCutAfterBytes = bytes;
    }

    /** What else a power cut of {@link #injectPowerCutAfter} takes down (the device: its NVS and a reboot). */
    public synchronized void onPowerLoss(Runnable action) {
        this.powerLoss = java.util.Objects.requireNonNull(action, "action");
    }

    /** The next modem delta applied at modem initialisation fails (the modem keeps its firmware). */
    public synchronized void failNextModemUpdate() {
        this.failNextModemUpdate = true;
    }

    /** CRC-32 of the image bytes stored so far (to compare with what was published). */
    public synchronized long storedCrc32() {
        return crc32(image.toByteArray());
    }

    /** Bytes of the image stored so far. */
    public synchronized long storedBytes() {
        return image.size();
    }

    /**
     * Modem initialisation: applies a scheduled modem delta to {@code modem}.
     *
     * @return UPDATED when applied, UPDATE_FAILED when a fault was injected, SUCCESS when none was scheduled
     */
    public synchronized ModemInitResult applyAtModemInit(SimModem modem) {
        if (state != State.SCHEDULED || type != DfuImageType.MODEM_DELTA) {
            return ModemInitResult.SUCCESS;
        }
        byte[] delta = image.toByteArray();
        clear();
        if (failNextModemUpdate) {
            failNextModemUpdate = false;
            transcript.record(Transcript.Kind.DEVICE, "modem delta failed to apply");
            return ModemInitResult.UPDATE_FAILED;
        }
        modem.firmwareVersion(DfuImageRecognizer.modemDeltaVersion(delta).orElse(modem.firmwareVersion()));
        return ModemInitResult.UPDATED;
    }

    /** Device reboot: a scheduled application image becomes the running, unconfirmed one. */
    public synchronized boolean applyAtReboot() {
        if (state != State.SCHEDULED || (type != DfuImageType.APPLICATION && type != DfuImageType.APPLICATION_FILE)) {
            if (state == State.ACTIVE) {
                state = State.PAUSED;
            }
            return false;
        }
        runningApplication = "image-" + Long.toHexString(crc32(image.toByteArray()));
        runningUnconfirmed = true;
        clear();
        recognizer.reset();
        transcript.record(Transcript.Kind.DEVICE, "booted new application image " + runningApplication + " (unconfirmed)");
        return true;
    }

    /** The running application image's name. */
    public synchronized String runningApplication() {
        return runningApplication;
    }
}
