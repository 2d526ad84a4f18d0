package io.carrieremu.core.os;

import java.util.Optional;

/**
 * Non-volatile storage with Zephyr NVS semantics ({@code lwm2m_os_storage_*}). Records are addressed by
 * ids {@value #FIRST_ID}..{@value #LAST_ID} (0xCA00..0xCAFF), reserved for the library.
 *
 * <p>A write is atomic: after a power loss at any point a read returns the complete old record or the
 * complete new one, never a mix. Backends keep the data across device reboots (the simulator across a
 * simulated reboot, the JVM backend across processes).
 */
public interface Storage {

    /** The first id the library may use (0xCA00). */
    int FIRST_ID = 0xCA00;

    /** The last id the library may use (0xCAFF). */
    int LAST_ID = 0xCAFF;

    /** Every backend accepts records of at least this many bytes; larger ones may fail with {@code E2BIG}. */
    int MIN_RECORD_CAPACITY = 2048;

    /**
     * The record stored under {@code id}, or empty if there is none.
     *
     * @throws IllegalArgumentException if {@code id} is outside 0xCA00..0xCAFF
     * @throws OsException {@code EIO} if the storage cannot be read; nothing changed
     */
    Optional<byte[]> read(int id) throws OsException;

    /**
     * Stores {@code data} under {@code id}, replacing any previous record atomically.
     *
     * @param data 1 or more bytes (copied)
     * @throws IllegalArgumentException if {@code id} is out of range or {@code data} is empty
     * @throws OsException {@code E2BIG} record larger than the backend takes, {@code ENOMEM} storage full,
     *     {@code EIO} write failed; in each case the previous record is intact
     */
    void write(int id, byte[] data) throws OsException;

    /**
     * Removes the record under {@code id}; removing an absent record is not an error.
     *
     * @throws IllegalArgumentException if {@code id} is out of range
     * @throws OsException {@code EIO} if the storage cannot be written; the record may still be there
     */
    void delete(int id) throws OsException;
}
