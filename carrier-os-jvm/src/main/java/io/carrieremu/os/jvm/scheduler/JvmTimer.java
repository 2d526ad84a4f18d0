package io.carrieremu.os.jvm.scheduler;

import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A timer on real time: expiry appends the handler to the queue the timer was last started on; every
 * start, cancel or release bumps a generation so a run that was already due but not yet started is
 * recognised as stale and skipped.
 */
final class JvmTimer implements OsTimer {

    private final JvmScheduler scheduler;
    private final Runnable handler;
    private final List<Thread> running = new ArrayList<>();
    private long generation;
    private ScheduledFuture<?> scheduled;
    private long dueNanos;
    private Runnable queuedRun;
    private SerialQueue queue;
    private boolean released;

    JvmTimer(JvmScheduler scheduler, Runnable handler) {
        this.scheduler = scheduler;
        this.handler = handler;
    }

    @Override
    public void start(WorkQueue workQueue, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        if (!(workQueue instanceof SerialQueue serial) || !scheduler.owns(workQueue)) {
            throw new IllegalArgumentException("the work queue belongs to another scheduler: " + workQueue);
        }
        synchronized (this) {
            if (released) {
                throw new IllegalStateException("the timer was released");
            }
            unscheduleLocked();
            queue = serial;
            long expected = generation;
            long nanos = delay.toNanos();
            dueNanos = System.nanoTime() + nanos;
            if (nanos == 0) {
                enqueueLocked(expected);
                return;
            }
            try {
                scheduled = scheduler.timerPool().schedule(() -> fire(expected), nanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("the scheduler is closed", e);
            }
        }
    }

    private synchronized void fire(long expected) {
        if (generation != expected) {
            return;
        }
        scheduled = null;
        enqueueLocked(expected);
    }

    private void enqueueLocked(long expected) {
        Runnable run = () -> runHandler(expected);
        queuedRun = run;
        queue.submit(run);
    }

    private void runHandler(long expected) {
        Thread self = Thread.currentThread();
        synchronized (this) {
            if (generation != expected || released) {
                return;
            }
            queuedRun = null;
            running.add(self);
        }
        try {
            handler.run();
        } finally {
            synchronized (this) {
                running.remove(self);
                notifyAll();
            }
        }
    }

    private void unscheduleLocked() {
        generation++;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        if (queuedRun != null) {
            queue.remove(queuedRun);
            queuedRun = null;
        }
    }

    @Override
    public synchronized void cancel(boolean sync) {
        unscheduleLocked();
        if (!sync) {
            return;
        }
        Thread self = Thread.currentThread();
        while (running.stream().anyMatch(thread -> thread != self)) {
            try {
                wait();
            } catch (InterruptedException e) {
                self.interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized Duration remaining() {
        if (scheduled == null) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.max(0, TimeUnit.NANOSECONDS.toMillis(dueNanos - System.nanoTime())));
    }

    @Override
    public synchronized boolean isPending() {
        return scheduled != null || queuedRun != null;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (released) {
                return;
            }
            unscheduleLocked();
            released = true;
        }
        scheduler.released(this);
    }
}
