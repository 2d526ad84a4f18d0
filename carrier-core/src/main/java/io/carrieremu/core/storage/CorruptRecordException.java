package io.carrieremu.core.storage;

/** A stored NVS record that fails a check: short, wrong magic or version, wrong length or CRC, undecodable. */
public final class CorruptRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A corrupt record, and why. */
    public CorruptRecordException(String message) {
        super(message);
    }
}
