package io.carrieremu.core.at;

/** An AT command or response line that does not follow the AT syntax (e.g. an unterminated quote). */
public final class AtSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A syntax error described by {@code message}. */
    public AtSyntaxException(String message) {
        super(message);
    }
}
