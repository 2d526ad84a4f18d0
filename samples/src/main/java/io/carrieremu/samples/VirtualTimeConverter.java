package io.carrieremu.samples;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.function.LongSupplier;

/**
 * Logback's {@code %vtime}: the virtual time of the running simulated world, in the sample's
 * {@code [d ]HH:mm:ss.SSS} form, so log lines line up with the event lines; {@code -} outside a run.
 */
public final class VirtualTimeConverter extends ClassicConverter {

    private static volatile LongSupplier clock;

    /** Made by Logback. */
    public VirtualTimeConverter() {
    }

    /** The world whose time log lines show from now on; null: none. */
    static void use(LongSupplier virtualMillis) {
        clock = virtualMillis;
    }

    @Override
    public String convert(ILoggingEvent event) {
        LongSupplier current = clock;
        return current == null ? "-" : EventHandlerSample.virtualTime(current.getAsLong());
    }
}
