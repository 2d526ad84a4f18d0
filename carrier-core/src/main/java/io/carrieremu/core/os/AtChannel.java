package io.carrieremu.core.os;

import java.time.Duration;

/**
 * The modem's AT command channel ({@code nrf_modem_at}) and its unsolicited notifications
 * ({@code lwm2m_os_at_init} with an AT monitor for all notifications).
 *
 * <p>Concurrent {@link #send} calls are serialised: one command is on the wire at a time. ERROR and
 * {@code +CME ERROR} are answers, returned in the {@link AtResponse}; only a channel that gives no
 * answer at all throws.
 */
public interface AtChannel {

    /** The timeout {@link #send(String)} uses. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Sends one command and waits for its final result.
     *
     * @param command the command without line terminator, e.g. {@code AT+CGSN=1}
     * @param timeout how long to wait for the final result, in the backend's time (virtual in the simulator)
     * @return the information lines and the final result
     * @throws OsException {@code ETIMEDOUT} no final result in time (the command may have taken effect),
     *     {@code EIO} the channel failed, {@code ECANCELED} the channel is closed
     * @throws IllegalArgumentException if {@code command} contains a line break; a channel that hands the
     *     command to the modem whole (in-process, as {@code nrf_modem_at_cmd}) accepts line breaks inside a
     *     quoted string (a PEM certificate for {@code %CMNG}), a line-based one (serial, TCP) nowhere
     */
    AtResponse send(String command, Duration timeout) throws OsException;

    /** {@link #send(String, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    default AtResponse send(String command) throws OsException {
        return send(command, DEFAULT_TIMEOUT);
    }

    /**
     * Calls {@code listener} for every unsolicited notification that starts with {@code prefix}
     * ({@code "+CEREG"}, {@code "%XSIM"}; the empty prefix matches all). Notifications reach every
     * matching listener one at a time, in the order the modem sent them, on the backend's notification
     * thread. A listener must not block and must not call {@link #send} itself: hand the line to a
     * {@link WorkQueue}.
     *
     * @return a handle whose {@code close()} unsubscribes
     */
    Subscription subscribe(String prefix, AtNotificationListener listener);
}
