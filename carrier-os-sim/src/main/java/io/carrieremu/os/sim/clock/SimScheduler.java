package io.carrieremu.os.sim.clock;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsSemaphore;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.Scheduler;
import io.carrieremu.core.os.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@link Scheduler} on the {@link VirtualClock}: work queues are {@link SimThread}s, timers are timeline
 * events, semaphores wait in virtual time, uptime counts from this scheduler's boot, and the protocol
 * stack's executor is a {@link WorldExecutor}. One instance per boot of the simulated device;
 * {@link #shutdown()} ends it (a reboot creates a new one on the same clock), dropping whatever the boot
 * still had pending.
 */
public final class SimScheduler implements Scheduler {

    /** Priority of the modem's notification dispatch: above both work queues, as an ISR-fed thread would be. */
    public static final int NOTIFICATION_PRIORITY = 0;

    private final VirtualClock clock;
    private final String name;
    private final long bootMillis;
    private final Random random;
    private final SimWorkQueue[] queues = new SimWorkQueue[MAX_WORK_QUEUES];
    private final List<SimTimer> timers = new ArrayList<>();
    private WorldExecutor stackExecutor;
    private boolean shutdown;

    /**
     * A scheduler booted now.
     *
     * @param name names this boot's threads and executor (e.g. the device and boot number)
     * @param seed seed of {@link #random()}, so runs repeat exactly
     */
    public SimScheduler(VirtualClock clock, String name, long seed) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.name = Objects.requireNonNull(name, "name");
        this.bootMillis = clock.nowMillis();
        this.random = new Random(seed);
    }

    /** A scheduler booted now, named "device". */
    public SimScheduler(VirtualClock clock, long seed) {
        this(clock, "device", seed);
    }

    /** The clock this scheduler runs on. */
    public VirtualClock clock() {
        return clock;
    }

    @Override
    public WorkQueue workQueue(int index, String queueName) {
        if (index < 0 || index >= MAX_WORK_QUEUES) {
            throw new IllegalArgumentException("work queue index must be 0 or 1, got " + index);
        }
        synchronized (clock.lock) {
            if (shutdown) {
                throw new IllegalStateException("the scheduler is shut down (device rebooted)");
            }
            if (queues[index] == null) {
                queues[index] = new SimWorkQueue(this, clock.newThread(name + "/" + queueName, index + 1), queueName);
            }
            return queues[index];
        }
    }

    @Override
    public OsTimer newTimer(Runnable handler) throws OsException {
        Objects.requireNonNull(handler, "handler");
        synchronized (clock.lock) {
            if (timers.size() >= MAX_TIMERS) {
                throw new OsException(Errno.ENOMEM, "all " + MAX_TIMERS + " timers are reserved");
            }
            SimTimer timer = new SimTimer(this, handler);
            timers.add(timer);
            return timer;
        }
    }

    void released(SimTimer timer) {
        synchronized (clock.lock) {
            timers.remove(timer);
        }
    }

    /** Timers currently reserved (at most {@value Scheduler#MAX_TIMERS}). */
    public int reservedTimers() {
        synchronized (clock.lock) {
            return timers.size();
        }
    }

    @Override
    public OsSemaphore newSemaphore(int initialCount, int limit) {
        return new SimSemaphore(clock, initialCount, limit);
    }

    @Override
    public long uptimeMillis() {
        return clock.nowMillis() - bootMillis;
    }

    @Override
    public int random() {
        synchronized (random) {
            return random.nextInt();
        }
    }

    @Override
    public ScheduledExecutorService stackExecutor() {
        synchronized (clock.lock) {
            if (stackExecutor == null) {
                stackExecutor = clock.executor(name + "/stack");
                if (shutdown) {
                    stackExecutor.shutdown();
                }
            }
            return stackExecutor;
        }
    }

    /** Stops the work queues, cancels every timer and drops the stack's pending tasks: what a reset does to the running firmware. */
    public void shutdown() {
        List<SimTimer> toCancel;
        WorldExecutor stack;
        synchronized (clock.lock) {
            shutdown = true;
            toCancel = new ArrayList<>(timers);
            stack = stackExecutor;
        }
        toCancel.forEach(timer -> timer.cancel(false));
        for (SimWorkQueue queue : queues) {
            if (queue != null) {
                queue.thread().stop();
            }
        }
        if (stack != null) {
            stack.shutdown();
        }
    }

    /** True once {@link #shutdown()} was called. */
    public boolean isShutdown() {
        synchronized (clock.lock) {
            return shutdown;
        }
    }

    boolean owns(WorkQueue queue) {
        for (SimWorkQueue own : queues) {
            if (own == queue) {
                return true;
            }
        }
        return false;
    }

    /** A work queue backed by a {@link SimThread}. */
    static final class SimWorkQueue implements WorkQueue {
        private final SimScheduler scheduler;
        private final SimThread thread;
        private final String name;

        SimWorkQueue(SimScheduler scheduler, SimThread thread, String name) {
            this.scheduler = scheduler;
            this.thread = thread;
            this.name = name;
        }

        SimThread thread() {
            return thread;
        }

        SimScheduler scheduler() {
            return scheduler;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void submit(Runnable work) {
            thread.submit(Objects.requireNonNull(work, "work"));
        }

        @Override
        public boolean isCurrentThread() {
            return thread.isCurrentThread();
        }

        @Override
        public String toString() {
            return "WorkQueue[" + name + "]";
        }
    }

    /**
     * A semaphore whose waits are virtual-time waits: inside the world the rest of the world runs while
     * a work item waits; elsewhere the caller's thread waits until a world task gives a unit.
     */
    static final class SimSemaphore implements OsSemaphore {
        private final VirtualClock clock;
        private final int limit;
        private int count;

        SimSemaphore(VirtualClock clock, int initialCount, int limit) {
            if (limit < 1 || initialCount < 0 || initialCount > limit) {
                throw new IllegalArgumentException("need 0 <= initial <= limit and limit >= 1, got " + initialCount + "/" + limit);
            }
            this.clock = clock;
            this.limit = limit;
            this.count = initialCount;
        }

        @Override
        public boolean take(Duration timeout) {
            long nanos = timeout.isNegative() ? -1 : timeout.toNanos();
            return clock.await(() -> count > 0, () -> count--, nanos);
        }

        @Override
        public void give() {
            synchronized (clock.lock) {
                if (count < limit) {
                    count++;
                }
                clock.lock.notifyAll();
            }
        }

        @Override
        public void reset() {
            synchronized (clock.lock) {
                count = 0;
            }
        }
    }
}
