package io.carrieremu.os.sim.clock;

import java.util.Objects;

/**
 * A thread of the simulated device: a queue of work items run one at a time, in order, as tasks of the
 * {@link VirtualClock} (no Java thread of its own). Created with {@link VirtualClock#newThread}.
 */
public final class SimThread {

    private final VirtualClock clock;
    private final String name;
    private final int priority;
    private boolean stopped;

    SimThread(VirtualClock clock, String name, int priority) {
        this.clock = clock;
        this.name = name;
        this.priority = priority;
    }

    /** The simulated thread whose item runs on the calling thread now, or null. */
    public static SimThread current() {
        VirtualClock clock = VirtualClock.drivenByCurrentThread();
        return clock == null ? null : clock.currentThread();
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
        Objects.requireNonNull(work, "work");
        synchronized (clock.lock) {
            if (stopped) {
                return;
            }
            clock.submitLocked(priority, this, this, work);
        }
    }

    /** Removes a submitted item that has not started; false if it was not queued. */
    public boolean remove(Runnable work) {
        synchronized (clock.lock) {
            return clock.removeTaskLocked(this, work);
        }
    }

    /** True if the caller runs an item of this thread now. */
    public boolean isCurrentThread() {
        return current() == this;
    }

    /** Stops the thread: queued items are dropped, later ones too; an item that is running finishes. */
    public void stop() {
        synchronized (clock.lock) {
            stopped = true;
            clock.purgeLocked(owner -> owner == this);
        }
    }

    /** True once {@link #stop()} was called. */
    public boolean isStopped() {
        synchronized (clock.lock) {
            return stopped;
        }
    }

    @Override
    public String toString() {
        return "SimThread[" + name + "]";
    }
}
