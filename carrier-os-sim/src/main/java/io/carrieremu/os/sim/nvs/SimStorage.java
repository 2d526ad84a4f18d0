package io.carrieremu.os.sim.nvs;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Simulated NVS with Zephyr semantics: records are appended to a flash log as
 * {@code id(2) length(2) data crc32(4)} (big-endian); a read returns the newest intact record of an id; a
 * delete appends an empty record. Mounting scans the log and cuts it at the first damaged entry, so a
 * write torn by a power cut leaves the previous record in place — never a mix of old and new bytes.
 * When the log is full, live records are compacted into a fresh log (swapped in atomically).
 *
 * <p>The flash lives in memory or, for state that survives the JVM, in {@code nvs.bin} of a state
 * directory. {@link #injectPowerCut(int, int)} tears the N-th coming write after a number of bytes
 * and kills the storage until {@link #remount()} (what a reboot does).
 */
public final class SimStorage implements Storage {

    /** The largest record, in bytes (a flash sector less the entry overhead, as on a 4 KiB sector). */
    public static final int MAX_RECORD = 4088;
    /** Default flash size for the log. */
    public static final int DEFAULT_CAPACITY = 64 * 1024;

    private static final int HEADER = 4;
    private static final int TRAILER = 4;
    private static final String FILE_NAME = "nvs.bin";

    private final Path file;
    private final int capacity;
    private byte[] flash = new byte[0];
    private final Map<Integer, byte[]> index = new HashMap<>();
    private int writesUntilCut = -1;
    private int cutAfterBytes;
    private boolean dead;
    private int writeCount;

    private SimStorage(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
    }

    /** Storage in memory: it survives simulated reboots of the same device object, not the JVM. */
    public static SimStorage inMemory() {
        return new SimStorage(null, DEFAULT_CAPACITY);
    }

    /** Storage in memory with a given flash size (tests of compaction and a full flash). */
    public static SimStorage inMemory(int capacity) {
        if (capacity < MAX_RECORD + HEADER + TRAILER) {
            throw new IllegalArgumentException("capacity must hold at least one maximal record");
        }
        return new SimStorage(null, capacity);
    }

    /** Storage in {@code stateDirectory/nvs.bin}, created if missing and mounted now. */
    public static SimStorage inDirectory(Path stateDirectory) throws IOException {
        Files.createDirectories(stateDirectory);
        SimStorage storage = new SimStorage(stateDirectory.resolve(FILE_NAME), DEFAULT_CAPACITY);
        storage.remount();
        return storage;
    }

    /**
     * Re-reads the flash as a reboot does: damaged tail entries are dropped, the index is rebuilt, and a
     * storage killed by a power cut works again.
     */
    public synchronized void remount() {
        if (file != null) {
            try {
                flash = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        index.clear();
        int valid = scan(flash, index);
        if (valid < flash.length) {
            flash = Arrays.copyOf(flash, valid);
            persistWhole();
        }
        dead = false;
        writesUntilCut = -1;
    }

    /**
     * Arms a power cut: the {@code nthWrite}-th write or delete from now (1 = the next) stops after
     * {@code bytesWritten} bytes of its flash entry reached the flash, fails with {@code EIO}, and the
     * storage refuses everything until {@link #remount()}.
     */
    public synchronized void injectPowerCut(int nthWrite, int bytesWritten) {
        if (nthWrite < 1 || bytesWritten < 0) {
            throw new IllegalArgumentException("nthWrite >= 1 and bytesWritten >= 0");
        }
        writesUntilCut = nthWrite;
        cutAfterBytes = bytesWritten;
    }

    /** The power goes now: the storage refuses everything until {@link #remount()} (nothing is torn). */
    public synchronized void powerOff() {
        dead = true;
    }

    /** Writes and deletes performed since this storage was created. */
    public synchronized int writeCount() {
        return writeCount;
    }

    /** True after a power cut, until {@link #remount()}. */
    public synchronized boolean isDead() {
        return dead;
    }

    @Override
    public synchronized Optional<byte[]> read(int id) throws OsException {
        checkId(id);
        checkAlive();
        byte[] record = index.get(id);
        return record == null || record.length == 0 ? Optional.empty() : Optional.of(record.clone());
    }

    @Override
    public synchronized void write(int id, byte[] data) throws OsException {
        checkId(id);
        if (data.length == 0) {
            throw new IllegalArgumentException("records are not empty; use delete");
        }
        if (data.length > MAX_RECORD) {
            throw new OsException(Errno.E2BIG, "record of " + data.length + " bytes exceeds " + MAX_RECORD);
        }
        append(id, data.clone());
    }

    @Override
    public synchronized void delete(int id) throws OsException {
        checkId(id);
        if (!index.containsKey(id) || index.get(id).length == 0) {
            checkAlive();
            return;
        }
        append(id, new byte[0]);
    }

    /** The ids holding records, for diagnostics. */
    public synchronized TreeMap<Integer, Integer> recordSizes() {
        TreeMap<Integer, Integer> sizes = new TreeMap<>();
        index.forEach((id, data) -> {
            if (data.length > 0) {
                sizes.put(id, data.length);
            }
        });
        return sizes;
    }

    private void append(int id, byte[] data) throws OsException {
        checkAlive();
        byte[] entry = entry(id, data);
        if (flash.length + entry.length > capacity) {
            compact();
            if (flash.length + entry.length > capacity) {
                throw new OsException(Errno.ENOMEM, "NVS is full (" + flash.length + " of " + capacity + " bytes live)");
            }
        }
        writeCount++;
        if (writesUntilCut > 0 && --writesUntilCut == 0) {
            byte[] torn = Arrays.copyOf(entry, Math.min(cutAfterBytes, entry.length));
            flash = concat(flash, torn);
            persistAppend(torn);
            dead = true;
            throw new OsException(Errno.EIO, "power cut while writing record 0x" + Integer.toHexString(id));
        }
        flash = concat(flash, entry);
        persistAppend(entry);
        index.put(id, data);
    }

    private void compact() {
        ByteArrayOutputStream fresh = new ByteArrayOutputStream();
        new TreeMap<>(index).forEach((id, data) -> {
            if (data.length > 0) {
                fresh.writeBytes(entry(id, data));
            }
        });
        flash = fresh.toByteArray();
        index.values().removeIf(data -> data.length == 0);
        persistWhole();
    }

    private static byte[] entry(int id, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER + data.length + TRAILER);
        buffer.putShort((short) id).putShort((short) data.length).put(data);
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, HEADER + data.length);
        buffer.putInt((int) crc.getValue());
        return buffer.array();
    }

    /** Fills {@code index} from the log; returns the length of the intact prefix. */
    private static int scan(byte[] log, Map<Integer, byte[]> index) {
        int position = 0;
        while (position + HEADER + TRAILER <= log.length) {
            ByteBuffer buffer = ByteBuffer.wrap(log, position, log.length - position);
            int id = Short.toUnsignedInt(buffer.getShort());
            int length = Short.toUnsignedInt(buffer.getShort());
            if (id < FIRST_ID || id > LAST_ID || length > MAX_RECORD || position + HEADER + length + TRAILER > log.length) {
                break;
            }
            CRC32 crc = new CRC32();
            crc.update(log, position, HEADER + length);
            int stored = ByteBuffer.wrap(log, position + HEADER + length, TRAILER).getInt();
            if ((int) crc.getValue() != stored) {
                break;
            }
            index.put(id, Arrays.copyOfRange(log, position + HEADER, position + HEADER + length));
            position += HEADER + length + TRAILER;
        }
        return position;
    }

    private void persistAppend(byte[] bytes) {
        if (file == null) {
            return;
        }
        try {
            Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void persistWhole() {
        if (file == null) {
            return;
        }
        try {
            Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
            Files.write(temporary, flash, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void checkAlive() throws OsException {
        if (dead) {
            throw new OsException(Errno.EIO, "NVS is unpowered after a power cut");
        }
    }

    private static void checkId(int id) {
        if (id < FIRST_ID || id > LAST_ID) {
            throw new IllegalArgumentException(String.format("NVS id 0x%X is outside 0xCA00..0xCAFF", id));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
