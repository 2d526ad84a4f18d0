package io.carrieremu.os.sim.clock;

import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.WorkQueue;
import java.time.Duration;

/** An {@link OsTimer} on the virtual timeline; its handler runs on the work queue it was started on. */
final class SimTimer implements OsTimer {

    private final SimScheduler scheduler;
    private final VirtualClock clock;
    private final Runnable handler;
    private VirtualClock.TimelineEvent scheduled;
    private Runnable queuedRun;
    private SimScheduler.SimWorkQueue queue;
    private long generation;
    private boolean released;

    SimTimer(SimScheduler scheduler, Runnable handler) {
        this.scheduler = scheduler;
        this.clock = scheduler.clock();
        this.handler = handler;
    }

    @Override
    public void start(WorkQueue workQueue, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        if (!(workQueue instanceof SimScheduler.SimWorkQueue simQueue) || !scheduler.owns(workQueue)) {
            throw new IllegalArgumentException("the work queue belongs to another scheduler: " + workQueue);
        }
        synchronized (clock.lock) {
            if (released) {
                throw new IllegalStateException("the timer was released");
            }
            unscheduleLocked();
            queue = simQueue;
            long expected = ++generation;
            if (delay.isZero()) {
                enqueueLocked(expected);
            } else {
                scheduled = clock.scheduleLocked(delay.toNanos(), "timer", queue.thread(), () -> {
                    synchronized (clock.lock) {
                        if (generation == expected) {
                            scheduled = null;
                            enqueueLocked(expected);
                        }
                    }
                });
            }
        }
    }

    private void enqueueLocked(long expected) {
        Runnable run = () -> runHandler(expected);
        queuedRun = run;
        queue.thread().submit(run);
    }

    private void runHandler(long expected) {
        synchronized (clock.lock) {
            if (generation != expected || released) {
                return;
            }
            queuedRun = null;
        }
        handler.run();
    }

    private void unscheduleLocked() {
        generation++;
        if (scheduled != null) {
            clock.cancel(scheduled);
            scheduled = null;
        }
        if (queuedRun != null) {
            queue.thread().remove(queuedRun);
            queuedRun = null;
        }
    }

    /** Cancels a pending run. Handlers run on the world's one CPU, so none is ever running elsewhere to wait for. */
    @Override
    public void cancel(boolean sync) {
        synchronized (clock.lock) {
            unscheduleLocked();
        }
    }

    @Override
    public Duration remaining() {
        synchronized (clock.lock) {
            return scheduled == null ? Duration.ZERO : clock.remaining(scheduled);
        }
    }

    @Override
    public boolean isPending() {
        synchronized (clock.lock) {
            return scheduled != null || queuedRun != null;
        }
    }

    @Override
    public void close() {
        synchronized (clock.lock) {
            if (released) {
                return;
            }
            unscheduleLocked();
            released = true;
        }
        scheduler.released(this);
    }
}
