package io.carrieremu.os.sim.clock;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread of the simulated device: a FIFO of work items run one at a time on a real Java thread, but
 * only while it holds the device's single CPU (see {@link VirtualClock}). Created with
 * {@link VirtualClock#newThread}.
 */
public final class SimThread {

    private static final Logger LOG = LoggerFactory.getLogger(SimThread.class);
    private static final ThreadLocal<SimThread> CURRENT = new ThreadLocal<>();

    private final VirtualClock clock;
    private final String name;
    private final int priority;
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final Thread thread;
    boolean resuming;
    /** While the thread waits on a simulated primitive: true once it can go on. Guarded by the clock lock. */
    java.util.function.BooleanSupplier wakeCondition;
    private boolean stopped;

    SimThread(VirtualClock clock, String name, int priority) {
        this.clock = clock;
        this.name = name;
        this.priority = priority;
        this.thread = new Thread(this::loop, "sim-" + name);
        this.thread.setDaemon(true);
    }

    void startThread() {
        thread.start();
    }

    /** The simulated thread the caller runs on, or null for any other thread. */
    public static SimThread current() {
        return CURRENT.get();
    }

    /** The thread's name. */
    public String name() {
        return name;
    }

    /** Its priority: lower runs first. */
    public int priority() {
        return priority;
    }

    /** Appends a work item; never blocks. Items submitted after {@link #stop()} are dropped. */
    public void submit(Runnable work) {
        synchronized (clock.lock) {
            if (stopped) {
                LOG.debug("{} is stopped; dropping work", name);
                return;
            }
            queue.add(work);
            clock.lock.notifyAll();
        }
    }

    /** Removes a submitted item that has not started; false if it was not queued. */
    public boolean remove(Runnable work) {
        synchronized (clock.lock) {
            return queue.remove(work);
        }
    }

    /** True if the caller runs on this thread. */
    public boolean isCurrentThread() {
        return CURRENT.get() == this;
    }

    /**
     * Stops the thread: queued items are dropped; an item that is running finishes (or is interrupted
     * if it waits on a simulated primitive). Returns without waiting.
     */
    public void stop() {
        synchronized (clock.lock) {
            stopped = true;
            queue.clear();
            clock.lock.notifyAll();
        }
        clock.removeThread(this);
        if (!isCurrentThread()) {
            thread.interrupt();
        }
    }

    boolean wantsCpuLocked() {
        return !stopped && (!queue.isEmpty() || resuming || (wakeCondition != null && wakeCondition.getAsBoolean()));
    }

    private void loop() {
        CURRENT.set(this);
        while (true) {
            Runnable item;
            synchronized (clock.lock) {
                while (!stopped && (queue.isEmpty() || !clock.mayRunLocked(this))) {
                    try {
                        clock.lock.wait();
                    } catch (InterruptedException e) {
                        if (stopped) {
                            return;
                        }
                    }
                }
                if (stopped) {
                    return;
                }
                item = queue.poll();
                clock.takeCpuLocked(this);
            }
            try {
                item.run();
            } catch (RuntimeException | Error e) {
                LOG.error("work item on {} failed", name, e);
            } finally {
                synchronized (clock.lock) {
                    clock.releaseCpuLocked(this);
                }
                Thread.interrupted();
            }
        }
    }
}
