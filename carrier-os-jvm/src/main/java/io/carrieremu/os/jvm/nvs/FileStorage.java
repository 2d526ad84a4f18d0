package io.carrieremu.os.jvm.nvs;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Storage;
import io.carrieremu.os.jvm.file.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Storage} in a directory: one file per record id ({@code ca00.nvs} … {@code caff.nvs}), each
 * replaced atomically ({@link AtomicFiles}: temporary file, fsync, rename, fsync of the directory), so
 * after a crash or power loss a read returns the whole old record or the whole new one.
 *
 * <p>File format (big-endian): magic {@code "CEN1"}, the id (2 bytes), the data length (4 bytes), the
 * data, and a CRC-32 over everything before it. A file that is short, has another magic, id or length,
 * or fails its CRC is reported (a WARN naming the id and the defect, never the data) and treated as
 * absent; the next write replaces it. Files are owner-only where POSIX permissions exist: records hold
 * bootstrap state. Thread-safe.
 */
public final class FileStorage implements Storage {

    /** The default largest record. */
    public static final int DEFAULT_MAX_RECORD = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FileStorage.class);
    private static final byte[] MAGIC = {'C', 'E', 'N', '1'};
    private static final int HEADER = 4 + 2 + 4;
    private static final int TRAILER = 4;

    private final Path directory;
    private final int maxRecord;

    private FileStorage(Path directory, int maxRecord) {
        this.directory = directory;
        this.maxRecord = maxRecord;
    }

    /**
     * Opens (creating if needed) storage in {@code directory} and removes temporary files an interrupted
     * write left.
     *
     * @param maxRecord the largest record {@link #write} accepts, at least {@link Storage#MIN_RECORD_CAPACITY}
     * @throws IOException if the directory cannot be created or listed
     */
    public static FileStorage open(Path directory, int maxRecord) throws IOException {
        Objects.requireNonNull(directory, "directory");
        if (maxRecord < MIN_RECORD_CAPACITY) {
            throw new IllegalArgumentException("records of at least " + MIN_RECORD_CAPACITY + " bytes, got " + maxRecord);
        }
        AtomicFiles.ensureDirectory(directory, true);
        int leftovers = AtomicFiles.removeLeftovers(directory);
        if (leftovers > 0) {
            LOG.info("storage {}: removed {} temporary file(s) left by an interrupted write", directory, leftovers);
        }
        return new FileStorage(directory, maxRecord);
    }

    /** {@link #open(Path, int)} with {@link #DEFAULT_MAX_RECORD}. */
    public static FileStorage open(Path directory) throws IOException {
        return open(directory, DEFAULT_MAX_RECORD);
    }

    /** The directory of the records. */
    public Path directory() {
        return directory;
    }

    /** The file that holds record {@code id}. */
    public Path fileOf(int id) {
        check(id);
        return directory.resolve(String.format(Locale.ROOT, "%04x.nvs", id));
    }

    private static void check(int id) {
        if (id < FIRST_ID || id > LAST_ID) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "record id 0x%X outside 0xCA00..0xCAFF", id));
        }
    }

    /**
     * The record under {@code id}; empty if there is none or its file is corrupt (logged at WARN).
     *
     * @throws OsException {@code EIO} if the file exists but cannot be read
     */
    @Override
    public synchronized Optional<byte[]> read(int id) throws OsException {
        Path file = fileOf(id);
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new OsException(Errno.EIO, String.format(Locale.ROOT, "reading record 0x%X failed: %s", id, e.getMessage()));
        }
        String defect = defect(id, raw);
        if (defect != null) {
            LOG.warn("storage {}: record 0x{} is corrupt ({}); treated as absent", directory,
                    Integer.toHexString(id).toUpperCase(Locale.ROOT), defect);
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(raw, HEADER, raw.length - TRAILER));
    }

    /** Why {@code raw} is not a valid record {@code id}, or null if it is. */
    private static String defect(int id, byte[] raw) {
        if (raw.length < HEADER + TRAILER) {
            return raw.length + " bytes, shorter than a record's frame";
        }
        ByteBuffer buffer = ByteBuffer.wrap(raw);
        byte[] magic = new byte[4];
        buffer.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            return "no record magic";
        }
        int storedId = Short.toUnsignedInt(buffer.getShort());
        if (storedId != id) {
            return String.format(Locale.ROOT, "holds id 0x%X", storedId);
        }
        int length = buffer.getInt();
        if (length < 0 || length != raw.length - HEADER - TRAILER) {
            return "length field " + length + " does not match the file's " + raw.length + " bytes";
        }
        CRC32 crc = new CRC32();
        crc.update(raw, 0, raw.length - TRAILER);
        long stored = Integer.toUnsignedLong(ByteBuffer.wrap(raw, raw.length - TRAILER, TRAILER).getInt());
        if (crc.getValue() != stored) {
            return "CRC mismatch";
        }
        return null;
    }

    /**
     * Replaces the record atomically.
     *
     * @throws OsException {@code E2BIG} larger than the limit, {@code ENOMEM} the disk is full,
     *     {@code EIO} the write failed; the previous record is intact in each case
     */
    @Override
    public synchronized void write(int id, byte[] data) throws OsException {
        check(id);
        Objects.requireNonNull(data, "data");
        if (data.length == 0) {
            throw new IllegalArgumentException("a record has at least one byte");
        }
        if (data.length > maxRecord) {
            throw new OsException(Errno.E2BIG, "record of " + data.length + " bytes exceeds " + maxRecord);
        }
        ByteBuffer frame = ByteBuffer.allocate(HEADER + data.length + TRAILER);
        frame.put(MAGIC).putShort((short) id).putInt(data.length).put(data);
        CRC32 crc = new CRC32();
        crc.update(frame.array(), 0, HEADER + data.length);
        frame.putInt((int) crc.getValue());
        try {
            AtomicFiles.replace(fileOf(id), frame.array(), true);
        } catch (IOException e) {
            boolean full = e.getMessage() != null && e.getMessage().contains("No space left");
            throw new OsException(full ? Errno.ENOMEM : Errno.EIO,
                    String.format(Locale.ROOT, "writing record 0x%X failed: %s", id, e.getClass().getSimpleName()));
        }
    }

    /**
     * Removes the record; removing an absent one is not an error.
     *
     * @throws OsException {@code EIO} if the file could not be deleted
     */
    @Override
    public synchronized void delete(int id) throws OsException {
        try {
            AtomicFiles.delete(fileOf(id));
        } catch (IOException e) {
            throw new OsException(Errno.EIO, String.format(Locale.ROOT, "deleting record 0x%X failed: %s", id, e.getMessage()));
        }
    }

    @Override
    public String toString() {
        return "FileStorage[" + directory + "]";
    }
}
