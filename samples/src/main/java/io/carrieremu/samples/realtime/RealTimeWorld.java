package io.carrieremu.samples.realtime;

import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.network.SimNetwork;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A simulated world that keeps pace with the wall clock, for peers outside it that live in real time —
 * a device on the JVM backend with its real sockets and timers talking to the simulated modem and the
 * simulated carrier. A pacer thread advances the world's virtual time to the time elapsed since
 * {@link #start()}, never beyond, so the world's timers (DTLS retransmissions, registration lifetimes)
 * fire when a real peer expects them. This is the one place that reads the wall clock; the simulation
 * itself does not.
 */
public final class RealTimeWorld implements AutoCloseable {

    /** How often the pacer catches up at most. */
    private static final long TICK_NANOS = Duration.ofMillis(1).toNanos();

    private final VirtualClock clock = new VirtualClock();
    private final SimNetwork network;
    private final Thread pacer;
    private volatile boolean running;
    private long startNanos;

    /** @param seed the simulated network's seed */
    public RealTimeWorld(long seed) {
        this.network = new SimNetwork(clock, seed);
        this.pacer = new Thread(this::pace, "real-time world pacer");
        this.pacer.setDaemon(true);
    }

    /** The world's clock. */
    public VirtualClock clock() {
        return clock;
    }

    /** The world's network. */
    public SimNetwork network() {
        return network;
    }

    /** Starts keeping pace: virtual time follows the wall clock from now. */
    public synchronized RealTimeWorld start() {
        if (!running) {
            running = true;
            startNanos = System.nanoTime() - clock.nowMillis() * 1_000_000;
            pacer.start();
        }
        return this;
    }

    private void pace() {
        while (running) {
            long behindMillis = (System.nanoTime() - startNanos) / 1_000_000 - clock.nowMillis();
            if (behindMillis > 0) {
                try {
                    clock.advance(Duration.ofMillis(behindMillis));
                    continue;
                } catch (IllegalStateException drivenElsewhere) {
                    // Someone drives the world right now (a call into it); catch up once they are done.
                }
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(pacer);
        try {
            pacer.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
