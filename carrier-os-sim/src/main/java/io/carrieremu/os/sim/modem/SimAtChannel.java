package io.carrieremu.os.sim.modem;

import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtNotificationListener;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Subscription;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link AtChannel} straight onto a {@link SimModem}: the simulated modem answers at once, so the
 * timeout never expires; notifications come on the modem's notification thread. Each command is handed
 * over whole, as {@code nrf_modem_at_cmd} hands it to a real modem, so a quoted string may hold line
 * breaks (a PEM certificate for {@code %CMNG}); outside quotes a line break is refused.
 */
public final class SimAtChannel implements AtChannel {

    private final SimModem modem;

    /** An AT channel to {@code modem}. */
    public SimAtChannel(SimModem modem) {
        this.modem = Objects.requireNonNull(modem, "modem");
    }

    @Override
    public AtResponse send(String command, Duration timeout) throws OsException {
        if (hasLineBreakOutsideQuotes(command)) {
            throw new IllegalArgumentException("an AT command is one line (line breaks only inside a quoted string)");
        }
        return modem.execute(command);
    }

    @Override
    public Subscription subscribe(String prefix, AtNotificationListener listener) {
        return modem.subscribe(prefix, listener);
    }

    private static boolean hasLineBreakOutsideQuotes(String command) {
        boolean quoted = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\r' || c == '\n')) {
                return true;
            }
        }
        return false;
    }
}
