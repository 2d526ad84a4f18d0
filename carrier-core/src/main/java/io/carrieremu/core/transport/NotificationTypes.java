package io.carrieremu.core.transport;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.eclipse.californium.core.coap.CoAP.Type;

/**
 * The carrier library's rule for observe notifications ({@code coap_con_interval}): notifications go
 * as NON, except that once the interval has passed since the last CON (or since the session to the
 * server began) the next one goes as CON, so the server acknowledges it and the device learns the
 * server still listens. Without an interval every notification is CON.
 *
 * <p>Time comes from the OS layer's uptime, so in the simulator the interval runs in virtual time
 * (Californium's own check, {@code NOTIFICATION_CHECK_INTERVAL_TIME}, runs on the real clock).
 */
public final class NotificationTypes {

    private final Optional<Duration> conInterval;
    private final LongSupplier uptimeMillis;
    private long lastConMillis;

    /**
     * @param conInterval the CON interval; empty: always CON
     * @param uptimeMillis the OS layer's uptime
     */
    public NotificationTypes(Optional<Duration> conInterval, LongSupplier uptimeMillis) {
        this.conInterval = conInterval;
        this.uptimeMillis = uptimeMillis;
        this.lastConMillis = uptimeMillis.getAsLong();
    }

    /** Every notification CON (as Leshan sends them when nothing else is said). */
    public static NotificationTypes alwaysCon(LongSupplier uptimeMillis) {
        return new NotificationTypes(Optional.empty(), uptimeMillis);
    }

    /** The message type of the notification about to be sent; a CON restarts the interval. */
    public synchronized Type next() {
        if (conInterval.isEmpty()) {
            return Type.CON;
        }
        long now = uptimeMillis.getAsLong();
        if (now - lastConMillis >= conInterval.get().toMillis()) {
            lastConMillis = now;
            return Type.CON;
        }
        return Type.NON;
    }
}
