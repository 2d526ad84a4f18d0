package io.carrieremu.core.os;

import io.carrieremu.core.base.Errno;
import java.util.Objects;

/**
 * A failed OS-layer call: the Java shape of a {@code lwm2m_os_*} function returning {@code -errno}.
 * Each method that throws it lists the {@link Errno} values it uses and what the caller may assume
 * afterwards. Messages never contain key material.
 */
public class OsException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Errno errno;

    /** A failure with {@code errno} and a message for humans. */
    public OsException(Errno errno, String message) {
        super(message + " (-" + Objects.requireNonNull(errno, "errno").name() + ")");
        this.errno = errno;
    }

    /** A failure with {@code errno}, a message, and the underlying cause. */
    public OsException(Errno errno, String message, Throwable cause) {
        super(message + " (-" + Objects.requireNonNull(errno, "errno").name() + ")", cause);
        this.errno = errno;
    }

    /** The error value. */
    public Errno errno() {
        return errno;
    }
}
