package io.carrieremu.os.jvm.at;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link ModemAtChannel}.
 *
 * @param reconnectMin the first wait after a failed or dropped connection; it doubles per failure
 * @param reconnectMax the longest wait between attempts
 * @param terminator what ends a command line on the wire ({@code "\r\n"}; nRF91 also takes CR or LF alone)
 * @param maxLineLength longest line from the modem kept, in bytes; longer ones are dropped
 */
public record AtChannelOptions(Duration reconnectMin, Duration reconnectMax, String terminator, int maxLineLength) {

    /** 100 ms doubling to 5 s, CRLF, {@value AtLineFramer#DEFAULT_MAX_LINE}-byte lines. */
    public static final AtChannelOptions DEFAULTS =
            new AtChannelOptions(Duration.ofMillis(100), Duration.ofSeconds(5), "\r\n", AtLineFramer.DEFAULT_MAX_LINE);

    /** Validates. */
    public AtChannelOptions {
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(terminator, "terminator");
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("need 0 < reconnectMin <= reconnectMax");
        }
        if (!terminator.equals("\r\n") && !terminator.equals("\r") && !terminator.equals("\n")) {
            throw new IllegalArgumentException("the terminator is CR, LF or CRLF");
        }
    }

    /** These options with another back-off. */
    public AtChannelOptions withReconnect(Duration min, Duration max) {
        return new AtChannelOptions(min, max, terminator, maxLineLength);
    }
}
