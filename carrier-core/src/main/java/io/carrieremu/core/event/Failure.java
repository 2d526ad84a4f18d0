package io.carrieremu.core.event;

/**
 * A failure of the library whose {@code ERROR} event differs between vendor generations: the
 * {@link Numbering} in force turns it into the error type and value that generation documents.
 */
public enum Failure {
    /**
     * The bootstrap server's retry schedule is exhausted; nothing more until reboot. 3.7.0: {@code
     * ERROR{CONNECT, -EHOSTUNREACH}}; 3.3: {@code ERROR{BOOTSTRAP, -ETIMEDOUT}}.
     */
    BOOTSTRAP_RETRIES_EXHAUSTED,
    /** A DM server's retry schedule is exhausted; nothing more until reboot: {@code ERROR{CONNECT, -EHOSTUNREACH}}. */
    SERVER_RETRIES_EXHAUSTED,
    /**
     * The PDN retry schedule is exhausted: {@code ERROR{LTE_LINK_UP_FAIL, value}} with the errno of the
     * last activation failure — it is the link, not a server, that cannot be reached.
     */
    PDN_RETRIES_EXHAUSTED
}
