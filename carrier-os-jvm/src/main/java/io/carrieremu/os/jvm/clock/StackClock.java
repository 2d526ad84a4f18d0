package io.carrieremu.os.jvm.clock;

import java.util.function.LongSupplier;
import org.eclipse.californium.elements.util.ClockUtil;

/**
 * The time Californium and Scandium read for their expiry checks ({@link ClockUtil#nanoRealtime()}):
 * the JVM's monotonic clock, except on a thread that runs a simulated world, which reads that world's
 * virtual time.
 *
 * <p>{@code ClockUtil} holds one handler for the whole JVM. Installing this one keeps real-time users
 * (the JVM backend, a real gateway) on real time while any number of simulated worlds, each driven by
 * its own thread, see their own clocks. A world's driver calls {@link #enter(LongSupplier)} before it
 * runs the world's tasks and {@link #exit()} after.
 */
public final class StackClock {

    private static final ThreadLocal<LongSupplier> OVERRIDE = new ThreadLocal<>();

    static {
        ClockUtil.setRealtimeHandler(() -> {
            LongSupplier override = OVERRIDE.get();
            return override != null ? override.getAsLong() : System.nanoTime();
        });
    }

    private StackClock() {
    }

    /** Makes sure the handler is installed (loading this class installs it). */
    public static void install() {
        // the static initialiser did the work
    }

    /**
     * From now on, until {@link #exit()}, Californium code on the calling thread reads {@code nanos}.
     * The supplier must give values above zero (Californium treats 0 as "not set") that never decrease.
     */
    public static void enter(LongSupplier nanos) {
        OVERRIDE.set(nanos);
    }

    /** The calling thread reads real time again. */
    public static void exit() {
        OVERRIDE.remove();
    }

    /** The supplier the calling thread reads, or null when it reads real time. */
    public static LongSupplier current() {
        return OVERRIDE.get();
    }
}
