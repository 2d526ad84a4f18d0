package io.carrieremu.core.bootstrap;

/** Bootstrap data (a SIM record, a stored state) that cannot be decoded; the message says where and why. */
public final class MalformedBootstrapDataException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Malformed data, described by {@code message}. */
    public MalformedBootstrapDataException(String message) {
        super(message);
    }

    /** Malformed data, described by {@code message}, found through {@code cause}. */
    public MalformedBootstrapDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
