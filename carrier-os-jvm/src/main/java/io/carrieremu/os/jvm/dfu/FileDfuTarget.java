package io.carrieremu.os.jvm.dfu;

import io.carrieremu.core.api.ModemInitResult;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.DfuHeader;
import io.carrieremu.core.os.DfuImageDetection;
import io.carrieremu.core.os.DfuImageRecognizer;
import io.carrieremu.core.os.DfuImageType;
import io.carrieremu.core.os.DfuTarget;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.jvm.file.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DfuTarget} with the image in a file of a directory ({@code image.bin}) and its state in
 * another ({@code state.properties}, replaced atomically): the state, image type, CRC option, the bytes
 * stored (the resume offset) and the last divided part's header. After a crash or restart an image that
 * was being received is paused at the last persisted offset (anything written past it is cut), so
 * {@link #start} resumes from there.
 *
 * <p>Each fragment is CRC-checked (when asked), written and forced to disk, then the offset is
 * persisted; {@link #done} checks the CRC of the whole stored image. Application and modem images have
 * their own size limit ({@code EFBIG} at start, {@code E2BIG} when a fragment would exceed it). Image
 * types follow the core's {@link DfuImageRecognizer}.
 *
 * <p>{@link #scheduleUpdate()} marks the complete image pending; the embedder applies it through its
 * {@link UpdateInstaller}: {@link #applyAtBoot()} for application images (the image then runs
 * unconfirmed until {@link #validateApplicationUpdate()}), {@link #applyAtModemInit()} for modem deltas.
 * Thread-safe.
 */
public final class FileDfuTarget implements DfuTarget {

    private static final Logger LOG = LoggerFactory.getLogger(FileDfuTarget.class);
    private static final String IMAGE = "image.bin";
    private static final String STATE = "state.properties";

    /** The target's states; one place moves between them. */
    private enum State { IDLE, ACTIVE, PAUSED, COMPLETE, SCHEDULED }

    private final Path directory;
    private final long applicationCapacity;
    private final long modemCapacity;
    private final UpdateInstaller installer;
    private final DfuImageRecognizer recognizer;
    private State state = State.IDLE;
    private DfuImageType type = DfuImageType.NONE;
    private boolean crcValidate;
    private long offset;
    private boolean runningUnconfirmed;

    private FileDfuTarget(Path directory, long applicationCapacity, long modemCapacity, UpdateInstaller installer,
            Properties saved) {
        this.directory = directory;
        this.applicationCapacity = applicationCapacity;
        this.modemCapacity = modemCapacity;
        this.installer = installer;
        this.state = State.valueOf(saved.getProperty("state", "IDLE"));
        this.type = DfuImageType.valueOf(saved.getProperty("type", "NONE"));
        this.crcValidate = Boolean.parseBoolean(saved.getProperty("crcValidate", "false"));
        this.offset = Long.parseLong(saved.getProperty("offset", "0"));
        this.runningUnconfirmed = Boolean.parseBoolean(saved.getProperty("runningUnconfirmed", "false"));
        Optional<DfuHeader> last = Optional.empty();
        if (saved.containsKey("part.number")) {
            last = Optional.of(new DfuHeader(Integer.parseInt(saved.getProperty("part.number")),
                    Boolean.parseBoolean(saved.getProperty("part.isLast")), Long.parseLong(saved.getProperty("part.offset")),
                    saved.getProperty("part.version")));
        }
        this.recognizer = new DfuImageRecognizer(last);
    }

    /**
     * Opens (creating if needed) the target in {@code directory}. An image that was being received when
     * the process stopped is paused at its last persisted offset.
     *
     * @param applicationCapacity the largest application image, in bytes
     * @param modemCapacity the largest modem delta image, in bytes
     * @param installer applies scheduled images
     * @throws IOException if the directory or the state cannot be read or written
     */
    public static FileDfuTarget open(Path directory, long applicationCapacity, long modemCapacity, UpdateInstaller installer)
            throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(installer, "installer");
        AtomicFiles.ensureDirectory(directory, false);
        AtomicFiles.removeLeftovers(directory);
        Properties saved = new Properties();
        Path state = directory.resolve(STATE);
        if (Files.exists(state)) {
            try {
                saved.load(new StringReader(Files.readString(state, StandardCharsets.ISO_8859_1)));
            } catch (IllegalArgumentException e) {
                LOG.warn("DFU state {} is unreadable; starting idle", state);
                saved.clear();
            }
        }
        FileDfuTarget target;
        try {
            target = new FileDfuTarget(directory, applicationCapacity, modemCapacity, installer, saved);
        } catch (IllegalArgumentException e) {
            LOG.warn("DFU state {} is invalid ({}); starting idle", state, e.getMessage());
            target = new FileDfuTarget(directory, applicationCapacity, modemCapacity, installer, new Properties());
        }
        target.recover();
        return target;
    }

    private void recover() throws IOException {
        Path image = directory.resolve(IMAGE);
        long stored = Files.exists(image) ? Files.size(image) : 0;
        if (state == State.ACTIVE) {
            state = State.PAUSED;
            LOG.info("DFU {} image interrupted at {} bytes; paused for resumption", type, offset);
        }
        if (state == State.IDLE) {
            Files.deleteIfExists(image);
            offset = 0;
        } else if (stored < offset) {
            LOG.warn("DFU image holds {} bytes but {} were recorded; the image is discarded", stored, offset);
            clearLocked();
        } else if (stored > offset) {
            truncate(offset);
        }
        persist();
    }

    /** The directory of the image and its state. */
    public Path directory() {
        return directory;
    }

    @Override
    public synchronized DfuImageDetection detect(byte[] firstBytes) {
        DfuImageDetection detection = recognizer.detect(firstBytes, state == State.ACTIVE, state == State.PAUSED);
        if (detection.header().isPresent()) {
            persistQuietly();
        }
        return detection;
    }

    @Override
    public synchronized long start(DfuImageType imageType, long maxFileSize, boolean validateCrc) throws OsException {
        DfuImageRecognizer.checkStart(state == State.ACTIVE ? type : null, imageType, maxFileSize, capacity(imageType));
        try {
            crcValidate = validateCrc;
            if (state == State.PAUSED && type == imageType) {
                state = State.ACTIVE;
                persist();
                LOG.info("DFU {} resumed at {} bytes", imageType, offset);
                return offset;
            }
            truncate(0);
            type = imageType;
            offset = 0;
            state = State.ACTIVE;
            persist();
            return 0;
        } catch (IOException e) {
            state = State.ACTIVE;
            throw new OsException(Errno.EIO, "the DFU target could not start: " + e.getMessage());
        }
    }

    private long capacity(DfuImageType imageType) {
        return imageType == DfuImageType.MODEM_DELTA ? modemCapacity : applicationCapacity;
    }

    @Override
    public synchronized void fragment(byte[] data, long crc32) throws OsException {
        DfuImageRecognizer.checkFragment(state == State.ACTIVE, crcValidate, data, crc32, offset, capacity(type));
        try (FileChannel channel = FileChannel.open(directory.resolve(IMAGE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(data);
            long position = offset;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            channel.force(false);
        } catch (IOException e) {
            try {
                truncate(offset);
            } catch (IOException ignored) {
                // recover() cuts the tail at the next open
            }
            throw new OsException(Errno.EIO, "writing the image failed at offset " + offset + ": " + e.getMessage());
        }
        long before = offset;
        offset += data.length;
        try {
            persist();
        } catch (IOException e) {
            offset = before;
            throw new OsException(Errno.EIO, "recording the image offset failed: " + e.getMessage());
        }
    }

    @Override
    public synchronized void done(boolean successful, long crc32) throws OsException {
        if (state != State.ACTIVE) {
            throw new OsException(Errno.EACCES, "no image is being received");
        }
        try {
            if (!successful) {
                LOG.info("DFU {} finished as failed; image discarded", type);
                clearLocked();
                persist();
                return;
            }
            if (crcValidate && imageCrc() != crc32) {
                throw new OsException(Errno.EINVAL, "image CRC mismatch over " + offset + " bytes");
            }
            state = State.COMPLETE;
            persist();
        } catch (IOException e) {
            throw new OsException(Errno.EIO, "the image could not be finalised: " + e.getMessage());
        }
    }

    @Override
    public synchronized long pause() throws OsException {
        if (state != State.ACTIVE) {
            throw new OsException(Errno.EACCES, "no image is being received");
        }
        state = State.PAUSED;
        persistQuietly();
        return offset;
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
        try {
            persist();
        } catch (IOException e) {
            state = State.COMPLETE;
            throw new OsException(Errno.EIO, "the update could not be scheduled: " + e.getMessage());
        }
    }

    @Override
    public synchronized void reset() {
        clearLocked();
        recognizer.reset();
        persistQuietly();
    }

    @Override
    public synchronized boolean validateApplicationUpdate() {
        if (!runningUnconfirmed) {
            return false;
        }
        runningUnconfirmed = false;
        persistQuietly();
        LOG.info("running application image confirmed");
        return true;
    }

    // ------------------------------------------------------------------ the embedder's side

    /** The image type scheduled for update, if any. */
    public synchronized Optional<DfuImageType> scheduledUpdate() {
        return state == State.SCHEDULED ? Optional.of(type) : Optional.empty();
    }

    /** Bytes of the image stored so far (the resume offset). */
    public synchronized long storedBytes() {
        return offset;
    }

    /**
     * At boot: applies a scheduled application image through the installer; it then runs unconfirmed
     * until {@link #validateApplicationUpdate()}.
     *
     * @return true if an image was applied; false if none was scheduled or the installer failed (the
     *     image is discarded either way once tried)
     */
    public synchronized boolean applyAtBoot() {
        if (state != State.SCHEDULED || (type != DfuImageType.APPLICATION && type != DfuImageType.APPLICATION_FILE)) {
            return false;
        }
        boolean installed = install();
        if (installed) {
            runningUnconfirmed = true;
        }
        recognizer.reset();
        clearLocked();
        persistQuietly();
        return installed;
    }

    /**
     * At modem initialisation: applies a scheduled modem delta through the installer.
     *
     * @return {@code UPDATED} when applied, {@code UPDATE_FAILED} when the installer failed,
     *     {@code SUCCESS} when none was scheduled — what to report with {@code onModemInit}
     */
    public synchronized ModemInitResult applyAtModemInit() {
        if (state != State.SCHEDULED || type != DfuImageType.MODEM_DELTA) {
            return ModemInitResult.SUCCESS;
        }
        boolean installed = install();
        clearLocked();
        persistQuietly();
        return installed ? ModemInitResult.UPDATED : ModemInitResult.UPDATE_FAILED;
    }

    private boolean install() {
        try {
            installer.install(type, directory.resolve(IMAGE));
            LOG.info("{} image of {} bytes applied", type, offset);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("applying the {} image failed: {}", type, e.toString());
            return false;
        }
    }

    // ------------------------------------------------------------------ files

    private long imageCrc() throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(directory.resolve(IMAGE))) {
            byte[] buffer = new byte[8192];
            long left = offset;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                crc.update(buffer, 0, n);
                left -= n;
            }
        }
        return crc.getValue();
    }

    private void truncate(long size) throws IOException {
        Path image = directory.resolve(IMAGE);
        try (FileChannel channel = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            channel.truncate(size);
            channel.force(true);
        }
    }

    private void clearLocked() {
        state = State.IDLE;
        type = DfuImageType.NONE;
        offset = 0;
        try {
            Files.deleteIfExists(directory.resolve(IMAGE));
        } catch (IOException e) {
            LOG.warn("could not delete the DFU image: {}", e.getMessage());
        }
    }

    private void persist() throws IOException {
        Properties properties = new Properties();
        properties.setProperty("state", state.name());
        properties.setProperty("type", type.name());
        properties.setProperty("crcValidate", Boolean.toString(crcValidate));
        properties.setProperty("offset", Long.toString(offset));
        properties.setProperty("runningUnconfirmed", Boolean.toString(runningUnconfirmed));
        recognizer.lastPart().ifPresent(part -> {
            properties.setProperty("part.number", Integer.toString(part.number()));
            properties.setProperty("part.isLast", Boolean.toString(part.isLast()));
            properties.setProperty("part.offset", Long.toString(part.offset()));
            properties.setProperty("part.version", part.version());
        });
        StringWriter text = new StringWriter();
        properties.store(text, "DFU target state");
        AtomicFiles.replace(directory.resolve(STATE), text.toString().getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private void persistQuietly() {
        try {
            persist();
        } catch (IOException e) {
            LOG.warn("could not record the DFU state: {}", e.getMessage());
        }
    }

    @Override
    public synchronized String toString() {
        return "FileDfuTarget[" + directory + ", " + state + " " + type + " at " + offset + "]";
    }
}
