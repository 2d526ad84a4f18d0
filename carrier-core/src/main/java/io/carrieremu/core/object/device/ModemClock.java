package io.carrieremu.core.object.device;

import io.carrieremu.core.api.DeviceTimeHooks;
import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The library's own time hooks ({@code lwm2m_carrier_utc_time_read} and friends as the vendor's weak
 * implementations do it): the time from the modem clock ({@code AT%CCLK?}, else {@code AT+CCLK?}), a
 * server's time write to the modem ({@code AT+CCLK=}); the UTC offset and time zone a server wrote,
 * else the modem's network offset ({@code ±zz} quarter hours) and the matching {@code Etc/GMT} zone.
 * Nothing here reads the host's clock or time zone.
 */
public final class ModemClock implements DeviceTimeHooks {

    private static final DateTimeFormatter CCLK = DateTimeFormatter.ofPattern("yy/MM/dd,HH:mm:ss");
    /** The widest offsets in use on Earth. */
    private static final int MIN_OFFSET = -12 * 60;
    private static final int MAX_OFFSET = 14 * 60;

    private final AtChannel at;
    private volatile Integer writtenOffset;
    private volatile String writtenTimezone;

    /** A clock reading and setting the modem's time through {@code at}. */
    public ModemClock(AtChannel at) {
        this.at = Objects.requireNonNull(at, "at");
    }

    /** A modem clock reading: the UTC time and the network's offset. */
    record Reading(long utcSeconds, int offsetMinutes) {
    }

    /** The modem's time, if it knows it (it does once the network has sent it). */
    Optional<Reading> read() {
        for (String command : List.of("AT%CCLK?", "AT+CCLK?")) {
            Optional<Reading> reading = read(command, command.substring(2, command.length() - 1));
            if (reading.isPresent()) {
                return reading;
            }
        }
        return Optional.empty();
    }

    private Optional<Reading> read(String command, String prefix) {
        try {
            AtResponse response = at.send(command);
            if (!response.isOk()) {
                return Optional.empty();
            }
            for (String line : response.lines()) {
                Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, prefix);
                if (params.isPresent() && !params.get().isEmpty()) {
                    return parse(params.get().get(0).asString());
                }
            }
        } catch (OsException | AtSyntaxException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Parses {@code yy/MM/dd,hh:mm:ss±zz} (zz in quarter hours). */
    static Optional<Reading> parse(String text) {
        if (text.length() < 20) {
            return Optional.empty();
        }
        int sign = text.indexOf('+', 17) > 0 ? text.indexOf('+', 17) : text.indexOf('-', 17);
        if (sign < 0) {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.parse(text.substring(0, sign), CCLK);
            int quarters = Integer.parseInt(text.substring(sign + 1));
            int offset = (text.charAt(sign) == '-' ? -quarters : quarters) * 15;
            if (offset < MIN_OFFSET || offset > MAX_OFFSET) {
                return Optional.empty();
            }
            return Optional.of(new Reading(local.toEpochSecond(ZoneOffset.ofTotalSeconds(offset * 60)), offset));
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Long> utcTime() {
        return read().map(Reading::utcSeconds);
    }

    @Override
    public int utcOffsetMinutes() {
        Integer written = writtenOffset;
        if (written != null) {
            return written;
        }
        return read().map(Reading::offsetMinutes).orElse(0);
    }

    @Override
    public Optional<String> timezone() {
        String written = writtenTimezone;
        if (written != null) {
            return Optional.of(written);
        }
        int offset = utcOffsetMinutes();
        if (offset % 60 != 0) {
            return Optional.empty();
        }
        int hours = offset / 60;
        // Etc/GMT zones have POSIX signs: Etc/GMT-2 is two hours ahead of UTC.
        return Optional.of(hours == 0 ? "Etc/UTC" : "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours));
    }

    @Override
    public boolean writeUtcTime(long secondsSinceEpoch) {
        int offset = utcOffsetMinutes();
        String local;
        try {
            local = LocalDateTime.ofEpochSecond(secondsSinceEpoch, 0, ZoneOffset.ofTotalSeconds(offset * 60)).format(CCLK);
        } catch (DateTimeException e) {
            return false;
        }
        int quarters = offset / 15;
        String zone = (quarters < 0 ? "-" : "+") + String.format("%02d", Math.abs(quarters));
        try {
            return at.send("AT+CCLK=\"" + local + zone + "\"").isOk();
        } catch (OsException e) {
            return false;
        }
    }

    @Override
    public boolean writeUtcOffset(int minutes) {
        if (minutes < MIN_OFFSET || minutes > MAX_OFFSET) {
            return false;
        }
        writtenOffset = minutes;
        return true;
    }

    @Override
    public boolean writeTimezone(String timezone) {
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            return false;
        }
        writtenTimezone = timezone;
        return true;
    }
}
