package io.carrieremu.core.bootstrap;

/** Bootstrap data (a SIM record, a stored state) that cannot be decoded; the message says where and why. */
public final class MalformedBootstrapDataException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedBootstrapDataException(String message) {
        super(message);
    }

    public MalformedBootstrapDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
