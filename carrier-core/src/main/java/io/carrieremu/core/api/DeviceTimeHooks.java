package io.carrieremu.core.api;

import java.util.Optional;

/**
 * How the Device object reads and writes the device time ({@code lwm2m_carrier_utc_time_read},
 * {@code ..._utc_offset_read}, {@code ..._timezone_read} and their {@code _write} counterparts). The
 * library's own implementation uses the modem clock; an application that keeps time itself supplies its
 * own. Methods run on a library work queue and must not block for long.
 */
public interface DeviceTimeHooks {

    /** Current time, {@code /3/0/13}: seconds since the epoch, or empty if unknown. */
    Optional<Long> utcTime();

    /** UTC offset, {@code /3/0/14}, in minutes. */
    int utcOffsetMinutes();

    /** Time zone, {@code /3/0/15}, an IANA name such as {@code Europe/Oslo}, or empty if unknown. */
    Optional<String> timezone();

    /**
     * The server wrote {@code /3/0/13}.
     *
     * @return true if accepted (the server gets 2.04), false to refuse it (4.00)
     */
    boolean writeUtcTime(long secondsSinceEpoch);

    /** The server wrote {@code /3/0/14}; true if accepted. */
    boolean writeUtcOffset(int minutes);

    /** The server wrote {@code /3/0/15}; true if accepted. */
    boolean writeTimezone(String timezone);
}
