package io.carrieremu.os.sim.clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated device's time and CPU.
 *
 * <p>Virtual time advances only when a driver ({@link #runUntilIdle()}, {@link #advance(Duration)},
 * {@link #runUntil(BooleanSupplier, Duration)} or {@link #startAutoAdvance()}) finds the device idle —
 * no runnable work, no thread holding the CPU, no activity probe busy (a network exchange in flight) —
 * and then jumps straight to the next scheduled event. A 24-hour timer therefore fires after a few
 * milliseconds of wall time.
 *
 * <p>The device has one CPU, like the single-core MCU it imitates: at most one {@link SimThread} runs
 * at a time, and when several have work the one with the lowest priority number goes first. Waits on
 * simulated primitives release the CPU. Together with the fixed priority order this makes a scenario
 * replay the same way every run, so transcripts compare equal.
 *
 * <p>Timeline actions (modem-side delays, timer expiries) run on the driver's thread while it holds
 * the CPU; they must be short and must not block.
 */
public final class VirtualClock {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualClock.class);
    private static final Object DRIVER = new Object();

    final Object lock = new Object();
    private final PriorityQueue<TimelineEvent> timeline =
            new PriorityQueue<>(Comparator.comparingLong(TimelineEvent::at).thenComparingLong(TimelineEvent::sequence));
    private final List<SimThread> threads = new ArrayList<>();
    private final List<BooleanSupplier> activityProbes = new CopyOnWriteArrayList<>();
    private final Duration idleWallTimeout;
    private long now;
    private long sequence;
    private Object cpuHolder;
    private Thread driver;
    private Thread autoDriver;
    private volatile boolean autoStop;

    /** A clock at virtual time 0 whose drivers give up after 60 s of wall time without reaching idle. */
    public VirtualClock() {
        this(Duration.ofSeconds(60));
    }

    /**
     * A clock at virtual time 0.
     *
     * @param idleWallTimeout how long a driver waits, in wall time, for the device to become idle before
     *     it throws (a hung work item is a bug to report, not a test to hang)
     */
    public VirtualClock(Duration idleWallTimeout) {
        this.idleWallTimeout = Objects.requireNonNull(idleWallTimeout, "idleWallTimeout");
    }

    /** Virtual milliseconds since the clock started. */
    public long nowMillis() {
        synchronized (lock) {
            return now;
        }
    }

    /** Virtual time since the clock started. */
    public Duration now() {
        return Duration.ofMillis(nowMillis());
    }

    /**
     * Schedules a timeline action {@code delay} from now. It runs when a driver reaches that virtual time,
     * after everything scheduled for an earlier time and, at equal times, in scheduling order.
     */
    public TimelineEvent schedule(Duration delay, String label, Runnable action) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        synchronized (lock) {
            return scheduleLocked(delay.toMillis(), label, action);
        }
    }

    TimelineEvent scheduleLocked(long delayMillis, String label, Runnable action) {
        TimelineEvent event = new TimelineEvent(now + delayMillis, sequence++, label, action);
        timeline.add(event);
        lock.notifyAll();
        return event;
    }

    /** The virtual time of the next scheduled action, if any. */
    public java.util.OptionalLong nextEventAt() {
        synchronized (lock) {
            TimelineEvent next = timeline.peek();
            return next == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(next.at());
        }
    }

    /** Removes a scheduled action; false if it already ran or was removed. */
    public boolean cancel(TimelineEvent event) {
        synchronized (lock) {
            return timeline.remove(event);
        }
    }

    /** The virtual time at which {@code event} runs, relative to now; zero if due or gone. */
    public Duration remaining(TimelineEvent event) {
        synchronized (lock) {
            return Duration.ofMillis(Math.max(0, event.at() - now));
        }
    }

    /**
     * A new simulated thread. Lower {@code priority} numbers run first when several threads have work.
     */
    public SimThread newThread(String name, int priority) {
        SimThread thread = new SimThread(this, name, priority);
        synchronized (lock) {
            threads.add(thread);
            threads.sort(Comparator.comparingInt(SimThread::priority));
        }
        thread.startThread();
        return thread;
    }

    void removeThread(SimThread thread) {
        synchronized (lock) {
            threads.remove(thread);
            lock.notifyAll();
        }
    }

    /**
     * Registers real-time activity the clock must wait for, e.g. a datagram exchange in flight: while
     * {@code busy} answers true the device is not idle.
     */
    public void addActivityProbe(BooleanSupplier busy) {
        activityProbes.add(busy);
    }

    /** Removes a probe added with {@link #addActivityProbe}. */
    public void removeActivityProbe(BooleanSupplier busy) {
        activityProbes.remove(busy);
    }

    // ------------------------------------------------------------------ drivers

    /** Runs everything that is runnable or due now, without advancing time, until the device is idle. */
    public void runUntilIdle() {
        enterDriver();
        try {
            awaitIdle();
        } finally {
            exitDriver();
        }
    }

    /** Runs the device for {@code duration} of virtual time; afterwards {@link #now()} has moved by exactly that. */
    public void advance(Duration duration) {
        runUntil(() -> false, duration);
    }

    /**
     * Runs the device until {@code condition} holds at an idle point or {@code maxVirtual} has passed.
     *
     * @return true if the condition held; false if the virtual deadline was reached first (time then
     *     stands at the deadline)
     */
    public boolean runUntil(BooleanSupplier condition, Duration maxVirtual) {
        enterDriver();
        try {
            long deadline;
            synchronized (lock) {
                deadline = saturatedAdd(now, maxVirtual.toMillis());
            }
            while (true) {
                awaitIdle();
                if (condition.getAsBoolean()) {
                    return true;
                }
                synchronized (lock) {
                    TimelineEvent next = timeline.peek();
                    if (next == null || next.at() > deadline) {
                        if (deadline != Long.MAX_VALUE) {
                            now = Math.max(now, deadline);
                        }
                        return false;
                    }
                    now = Math.max(now, next.at());
                }
            }
        } finally {
            exitDriver();
        }
    }

    /**
     * Starts a background driver that lets time run whenever the device is idle, jumping to the next
     * event (for the sample and interactive use). Tests use the explicit drivers instead.
     */
    public void startAutoAdvance() {
        synchronized (lock) {
            if (autoDriver != null) {
                return;
            }
            autoStop = false;
            autoDriver = new Thread(this::autoAdvanceLoop, "virtual-clock-driver");
            autoDriver.setDaemon(true);
            autoDriver.start();
        }
    }

    /** Stops the background driver started by {@link #startAutoAdvance()} and waits for it. */
    public void stopAutoAdvance() {
        Thread thread;
        synchronized (lock) {
            thread = autoDriver;
            autoStop = true;
            lock.notifyAll();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(idleWallTimeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (lock) {
                autoDriver = null;
            }
        }
    }

    private void autoAdvanceLoop() {
        try {
            enterDriver();
        } catch (IllegalStateException e) {
            LOG.error("auto-advance could not start: {}", e.getMessage());
            return;
        }
        try {
            while (!autoStop) {
                try {
                    awaitIdle();
                } catch (IllegalStateException e) {
                    LOG.warn("{}", e.getMessage());
                    continue;
                }
                synchronized (lock) {
                    TimelineEvent next = timeline.peek();
                    if (next == null) {
                        lock.wait(50);
                    } else {
                        now = Math.max(now, next.at());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exitDriver();
        }
    }

    private void enterDriver() {
        synchronized (lock) {
            if (driver != null && driver != Thread.currentThread()) {
                throw new IllegalStateException("the clock is already driven by " + driver.getName());
            }
            if (SimThread.current() != null) {
                throw new IllegalStateException("a simulated thread cannot drive the clock");
            }
            driver = Thread.currentThread();
        }
    }

    private void exitDriver() {
        synchronized (lock) {
            if (driver == Thread.currentThread()) {
                driver = null;
            }
        }
    }

    /** Fires due events and waits until nothing runs, nothing wants to run, and no probe is busy. */
    private void awaitIdle() {
        long wallDeadline = System.nanoTime() + idleWallTimeout.toNanos();
        while (true) {
            fireDue();
            boolean quiet = activityProbes.stream().noneMatch(BooleanSupplier::getAsBoolean);
            synchronized (lock) {
                boolean cpuIdle = cpuHolder == null && threads.stream().noneMatch(SimThread::wantsCpuLocked);
                boolean nothingDue = timeline.isEmpty() || timeline.peek().at() > now;
                if (cpuIdle && nothingDue && quiet) {
                    return;
                }
                long left = wallDeadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("the simulated device did not become idle within "
                            + idleWallTimeout.toSeconds() + " s of wall time: " + describeLocked(quiet));
                }
                try {
                    lock.wait(quiet ? Math.max(1, Math.min(50, left / 1_000_000)) : 2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while driving the virtual clock", e);
                }
            }
        }
    }

    private void fireDue() {
        while (true) {
            TimelineEvent event;
            synchronized (lock) {
                event = timeline.peek();
                boolean cpuIdle = cpuHolder == null && threads.stream().noneMatch(SimThread::wantsCpuLocked);
                if (event == null || event.at() > now || !cpuIdle) {
                    return;
                }
                timeline.poll();
                cpuHolder = DRIVER;
            }
            try {
                event.action().run();
            } catch (RuntimeException e) {
                LOG.error("timeline action '{}' failed", event.label(), e);
            } finally {
                synchronized (lock) {
                    cpuHolder = null;
                    lock.notifyAll();
                }
            }
        }
    }

    private String describeLocked(boolean quiet) {
        StringBuilder text = new StringBuilder("t=" + now + " ms");
        if (cpuHolder instanceof SimThread thread) {
            text.append(", running: ").append(thread.name());
        }
        for (SimThread thread : threads) {
            if (thread.wantsCpuLocked()) {
                text.append(", runnable: ").append(thread.name());
            }
        }
        if (!quiet) {
            text.append(", network activity in flight");
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ CPU hand-over for SimThreads

    /** True if {@code thread} may take the CPU now. Caller holds the lock. */
    boolean mayRunLocked(SimThread thread) {
        if (cpuHolder != null) {
            return false;
        }
        for (SimThread other : threads) {
            if (other == thread) {
                return true;
            }
            if (other.wantsCpuLocked()) {
                return false;
            }
        }
        return false;
    }

    void takeCpuLocked(SimThread thread) {
        cpuHolder = thread;
    }

    void releaseCpuLocked(SimThread thread) {
        if (cpuHolder == thread) {
            cpuHolder = null;
            lock.notifyAll();
        }
    }

    /**
     * Waits, under the lock, until {@code condition} holds or {@code timeoutMillis} of virtual time pass
     * (negative: no limit; zero: no wait). A simulated thread gives up the CPU while it waits and takes
     * it back before returning; {@code onSatisfied} runs under the lock as soon as the condition holds,
     * before the CPU is taken back, so a unit cannot be stolen in between.
     *
     * @return true if the condition held
     */
    boolean awaitLocked(BooleanSupplier condition, Runnable onSatisfied, long timeoutMillis) {
        if (condition.getAsBoolean()) {
            onSatisfied.run();
            return true;
        }
        if (timeoutMillis == 0) {
            return false;
        }
        SimThread self = SimThread.current();
        boolean released = self != null && cpuHolder == self;
        if (released) {
            releaseCpuLocked(self);
        }
        boolean[] expired = {false};
        TimelineEvent timeout = timeoutMillis > 0
                ? scheduleLocked(timeoutMillis, "wait timeout", () -> {
                    synchronized (lock) {
                        expired[0] = true;
                        lock.notifyAll();
                    }
                })
                : null;
        boolean satisfied = false;
        boolean interrupted = false;
        if (self != null) {
            // Lets drivers see at once that this thread can go on, before it wakes up and says so.
            self.wakeCondition = () -> expired[0] || condition.getAsBoolean();
        }
        try {
            while (true) {
                if (condition.getAsBoolean()) {
                    onSatisfied.run();
                    satisfied = true;
                    break;
                }
                if (expired[0] || interrupted) {
                    break;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (self != null) {
                self.wakeCondition = null;
            }
            if (timeout != null) {
                timeline.remove(timeout);
            }
            if (released) {
                interrupted |= reacquireLocked(self);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return satisfied;
    }

    /** Takes the CPU back for {@code self}; returns true if interrupted meanwhile. */
    private boolean reacquireLocked(SimThread self) {
        boolean interrupted = false;
        self.resuming = true;
        lock.notifyAll();
        while (!mayRunLocked(self)) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        self.resuming = false;
        cpuHolder = self;
        return interrupted;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * A scheduled timeline action.
     *
     * @param at the virtual time it runs, in ms
     * @param sequence tie-breaker: scheduling order
     * @param label what it is, for diagnostics
     * @param action what runs
     */
    public record TimelineEvent(long at, long sequence, String label, Runnable action) {
        @Override
        public boolean equals(Object o) {
            return this == o;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(sequence);
        }
    }
}
