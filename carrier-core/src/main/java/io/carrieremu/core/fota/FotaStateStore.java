package io.carrieremu.core.fota;

import io.carrieremu.core.os.DfuImageType;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Storage;
import io.carrieremu.core.storage.CorruptRecordException;
import io.carrieremu.core.storage.RecordFrame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the firmware update's {@link FotaRecord} in NVS record {@value #RECORD_ID} (hex 0xCA01) and its
 * {@link FotaProgress} in {@value #PROGRESS_ID} (0xCA02), with the discipline of the bootstrap state: a
 * {@link RecordFrame} (magic {@code CEFW} / {@code CEFP}, format version, length, CRC-32), replaced
 * atomically by NVS, so a power cut leaves the old record or the new one. A record that fails any check
 * is logged, deleted and treated as absent — the update then starts from Idle, never from half a record.
 */
public final class FotaStateStore {

    /** The NVS id of the state record. */
    public static final int RECORD_ID = 0xCA01;
    /** The NVS id of the progress record. */
    public static final int PROGRESS_ID = 0xCA02;
    /** The current format version of both. */
    public static final int FORMAT_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(FotaStateStore.class);
    private static final byte[] MAGIC = {'C', 'E', 'F', 'W'};
    private static final byte[] PROGRESS_MAGIC = {'C', 'E', 'F', 'P'};

    private final Storage storage;

    public FotaStateStore(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * The stored record, or empty when there is none or it was corrupt (then logged and removed).
     *
     * @throws OsException {@code EIO} the storage could not be read
     */
    public Optional<FotaRecord> load() throws OsException {
        Optional<byte[]> bytes = storage.read(RECORD_ID);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(decode(bytes.get()));
        } catch (CorruptRecordException e) {
            LOG.warn("Stored firmware update state is corrupt ({}); starting from Idle", e.getMessage());
            storage.delete(RECORD_ID);
            storage.delete(PROGRESS_ID);
            return Optional.empty();
        }
    }

    /**
     * Replaces the record.
     *
     * @throws OsException from the storage; the previous record is intact
     */
    public void save(FotaRecord record) throws OsException {
        storage.write(RECORD_ID, encode(record));
    }

    /** The stored progress, or {@link FotaProgress#NONE} when there is none or it was corrupt. */
    public FotaProgress progress() throws OsException {
        Optional<byte[]> bytes = storage.read(PROGRESS_ID);
        if (bytes.isEmpty()) {
            return FotaProgress.NONE;
        }
        try {
            byte[] body = RecordFrame.unwrap(PROGRESS_MAGIC, FORMAT_VERSION, bytes.get());
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
            FotaProgress progress = new FotaProgress(in.readLong(), Integer.toUnsignedLong(in.readInt()));
            if (in.available() != 0) {
                throw new CorruptRecordException("unexpected bytes after the progress");
            }
            return progress;
        } catch (CorruptRecordException | IOException | IllegalArgumentException e) {
            LOG.warn("Stored firmware download progress is corrupt ({}); resuming from what the DFU target holds",
                    e.getMessage());
            storage.delete(PROGRESS_ID);
            return FotaProgress.NONE;
        }
    }

    /** Replaces the progress record. */
    public void saveProgress(FotaProgress progress) throws OsException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.writeLong(progress.offset());
            out.writeInt((int) progress.crc32());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        storage.write(PROGRESS_ID, RecordFrame.wrap(PROGRESS_MAGIC, FORMAT_VERSION, body.toByteArray()));
    }

    /** Forgets the progress (a new image, or none). */
    public void clearProgress() throws OsException {
        storage.delete(PROGRESS_ID);
    }

    /** The record bytes of {@code record}. */
    public static byte[] encode(FotaRecord record) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(body)) {
            out.writeByte(record.state().code());
            out.writeByte(record.result().code());
            out.writeByte(record.delivery().ordinal());
            out.writeUTF(record.uri());
            out.writeByte(record.imageType().code());
            out.writeLong(record.fileSize());
            out.writeUTF(record.packageVersion());
            out.writeBoolean(record.lastPart());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RecordFrame.wrap(MAGIC, FORMAT_VERSION, body.toByteArray());
    }

    /** The record in {@code bytes}. */
    public static FotaRecord decode(byte[] bytes) throws CorruptRecordException {
        byte[] body = RecordFrame.unwrap(MAGIC, FORMAT_VERSION, bytes);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            FirmwareState state = FirmwareState.fromCode(in.readUnsignedByte())
                    .orElseThrow(() -> new CorruptRecordException("unknown state"));
            UpdateResult result = UpdateResult.fromCode(in.readUnsignedByte())
                    .orElseThrow(() -> new CorruptRecordException("unknown result"));
            int delivery = in.readUnsignedByte();
            if (delivery >= Delivery.values().length) {
                throw new CorruptRecordException("unknown delivery");
            }
            String uri = in.readUTF();
            int type = in.readUnsignedByte();
            DfuImageType imageType = io.carrieremu.core.base.VendorCode.byCode(DfuImageType.class, type)
                    .orElseThrow(() -> new CorruptRecordException("unknown image type"));
            long fileSize = in.readLong();
            String version = in.readUTF();
            boolean last = in.readBoolean();
            if (in.available() != 0) {
                throw new CorruptRecordException(in.available() + " unexpected bytes at the end of the payload");
            }
            return new FotaRecord(state, result, Delivery.values()[delivery], uri, imageType, fileSize, version, last);
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptRecordException("undecodable payload: " + e.getClass().getSimpleName());
        }
    }
}
