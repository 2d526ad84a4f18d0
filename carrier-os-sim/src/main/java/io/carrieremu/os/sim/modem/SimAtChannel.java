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
 * timeout never expires; notifications come on the modem's notification thread.
 */
public final class SimAtChannel implements AtChannel {

    private final SimModem modem;

    /** An AT channel to {@code modem}. */
    public SimAtChannel(SimModem modem) {
        this.modem = Objects.requireNonNull(modem, "modem");
    }

    @Override
    public AtResponse send(String command, Duration timeout) throws OsException {
        if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an AT command is one line");
        }
        return modem.execute(command);
    }

    @Override
    public Subscription subscribe(String prefix, AtNotificationListener listener) {
        return modem.subscribe(prefix, listener);
    }
}
