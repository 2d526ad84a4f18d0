package io.carrieremu.os.sim.clock;

import io.carrieremu.os.jvm.clock.StackClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time and the one CPU of a simulated world: a discrete-event simulation.
 *
 * <p>Everything the world does is a task on this clock: the simulated devices' work queues and
 * notification threads ({@link SimThread}s), the network stacks of the devices and of the simulated
 * carrier (through {@link #executor(String)}, a {@code ScheduledExecutorService} whose timers are
 * virtual), datagrams in flight, modem-side delays. Tasks run one at a time on whichever thread drives
 * the clock; runnable tasks go first by priority, then in submission order, and time moves only when
 * nothing is runnable: then it jumps to the next scheduled event. "Idle" is known, not guessed, so a
 * run repeats exactly and a 24-hour timer costs no wall time.
 *
 * <p>Drivers: {@link #runUntilIdle()}, {@link #advance(Duration)}, {@link #runUntil(BooleanSupplier, Duration)}
 * (a test's thread drives), {@link #startAutoAdvance()} (a background thread drives, for the sample) and
 * {@link #call(Callable)} (run one piece of code inside the world, e.g. to build a server). One thread
 * drives at a time. While a thread drives, Californium's expiry clock on that thread reads virtual
 * time ({@link StackClock}).
 *
 * <p>Work from outside the world — a download over real sockets, say — enters through an {@link Inlet}
 * ({@link #openInlet(String)}): while its sender owes the world an item, an idle world waits for that
 * item (on this clock's lock, not on the wall clock) instead of advancing time, and takes it only at an
 * idle point, so the run stays the same however fast the real sender is.
 *
 * <p>A task must not block on anything outside the world. Waiting on a simulated primitive from inside
 * a task ({@link SimScheduler}'s semaphores) runs the rest of the world meanwhile, except the waiting
 * {@link SimThread}'s own queue; a wait that nothing can ever end is reported as a deadlock.
 */
public final class VirtualClock {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualClock.class);
    /** What Californium reads at virtual time zero: it takes 0 for "not set". */
    private static final long NANO_BASE = 1_000_000_000_000L;
    /** Priority of tasks of {@link #executor(String)}s: after the simulated threads. */
    static final int EXECUTOR_PRIORITY = 10;
    private static final ThreadLocal<VirtualClock> DRIVING = new ThreadLocal<>();

    final Object lock = new Object();
    private final PriorityQueue<TimelineEvent> timeline = new PriorityQueue<>(
            Comparator.comparingLong(TimelineEvent::atNanos).thenComparingLong(TimelineEvent::sequence));
    private final PriorityQueue<Task> ready = new PriorityQueue<>(
            Comparator.comparingInt(Task::priority).thenComparingLong(Task::sequence));
    /** Simulated threads whose item is running now, innermost first (more than one while an item waits). */
    private final Deque<SimThread> running = new ArrayDeque<>();
    /** The simulated thread of the task running now (innermost), or null for an executor task or none. */
    private SimThread current;
    private long nowNanos;
    private long sequence;
    /** Cancelled events still in {@link #timeline}: they are dropped when they reach its head (cancel is O(1)). */
    private int cancelledInTimeline;
    private long tasksRun;
    private Thread driver;
    /** Threads outside the world waiting for a task to complete something; the loop wakes them after each task. */
    private int foreignWaiters;
    private Thread autoDriver;
    private boolean autoStop;
    /** Open inlets: senders outside the world that may owe it an item (see {@link Inlet}). */
    private final List<Inlet> inlets = new ArrayList<>();

    /** A clock at virtual time 0. */
    public VirtualClock() {
        StackClock.install();
    }

    // ------------------------------------------------------------------ time

    /** Virtual milliseconds since the clock started. */
    public long nowMillis() {
        synchronized (lock) {
            return nowNanos / 1_000_000;
        }
    }

    /** Virtual time since the clock started. */
    public Duration now() {
        synchronized (lock) {
            return Duration.ofNanos(nowNanos);
        }
    }

    long nowNanos() {
        synchronized (lock) {
            return nowNanos;
        }
    }

    long nowNanosLocked() {
        return nowNanos;
    }

    /** What this world's Californium reads as {@code nanoRealtime}: virtual nanoseconds plus a base. */
    long stackNanos() {
        synchronized (lock) {
            return NANO_BASE + nowNanos;
        }
    }

    /** Tasks and timeline events run so far (a measure of simulation work). */
    public long tasksRun() {
        synchronized (lock) {
            return tasksRun;
        }
    }

    /** Timeline events scheduled and not yet run or cancelled (a leak shows as growth over time). */
    public int scheduledEvents() {
        synchronized (lock) {
            return timeline.size() - cancelledInTimeline;
        }
    }

    // ------------------------------------------------------------------ scheduling

    /**
     * Schedules a timeline action {@code delay} from now. It runs when the world reaches that virtual
     * time, after everything scheduled for an earlier time and, at equal times, in scheduling order.
     */
    public TimelineEvent schedule(Duration delay, String label, Runnable action) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        synchronized (lock) {
            return scheduleLocked(delay.toNanos(), label, null, action);
        }
    }

    TimelineEvent scheduleLocked(long delayNanos, String label, Object owner, Runnable action) {
        TimelineEvent event = new TimelineEvent(saturatedAdd(nowNanos, Math.max(0, delayNanos)), sequence++, label, owner,
                action);
        timeline.add(event);
        lock.notifyAll();
        return event;
    }

    /** The first live event of the timeline (cancelled ones at its head are dropped), or null. Caller holds the lock. */
    private TimelineEvent peekLocked() {
        TimelineEvent head = timeline.peek();
        while (head != null && head.cancelled) {
            timeline.poll();
            cancelledInTimeline--;
            head = timeline.peek();
        }
        return head;
    }

    /** The virtual time (ms) of the next scheduled action, if any. */
    public OptionalLong nextEventAt() {
        synchronized (lock) {
            TimelineEvent next = peekLocked();
            return next == null ? OptionalLong.empty() : OptionalLong.of(next.atNanos() / 1_000_000);
        }
    }

    /** Removes a scheduled action; false if it already ran or was removed. */
    public boolean cancel(TimelineEvent event) {
        synchronized (lock) {
            return cancelLocked(event);
        }
    }

    private boolean cancelLocked(TimelineEvent event) {
        if (event.cancelled || event.fired) {
            return false;
        }
        event.cancelled = true;
        cancelledInTimeline++;
        if (cancelledInTimeline > 1024 && cancelledInTimeline > timeline.size() / 2) {
            timeline.removeIf(e -> e.cancelled);
            cancelledInTimeline = 0;
        }
        return true;
    }

    /** The virtual time until {@code event} runs; zero if due or gone. */
    public Duration remaining(TimelineEvent event) {
        synchronized (lock) {
            return Duration.ofNanos(Math.max(0, event.atNanos() - nowNanos));
        }
    }

    /** True while {@code event} waits on the timeline. */
    boolean isScheduled(TimelineEvent event) {
        synchronized (lock) {
            return !event.cancelled && !event.fired;
        }
    }

    void submitLocked(int priority, SimThread thread, Object owner, Runnable body) {
        ready.add(new Task(priority, sequence++, thread, owner, body));
        lock.notifyAll();
    }

    /** Removes runnable tasks and timeline events that match; for threads and executors that stop. */
    void purgeLocked(Predicate<Object> owner) {
        ready.removeIf(task -> owner.test(task.owner()));
        for (TimelineEvent event : timeline) {
            if (event.owner() != null && owner.test(event.owner())) {
                cancelLocked(event);
            }
        }
    }

    boolean removeTaskLocked(SimThread thread, Runnable body) {
        return ready.removeIf(task -> task.thread() == thread && task.body() == body);
    }

    /**
     * A new simulated thread: a queue of work items run one at a time, in order. When several threads
     * have work, the one with the lower {@code priority} number goes first.
     */
    public SimThread newThread(String name, int priority) {
        return new SimThread(this, name, priority);
    }

    /**
     * A {@code ScheduledExecutorService} whose tasks run in this world and whose delays are virtual:
     * what the devices' and the carrier side's CoAP/DTLS stacks run on. Shutting it down drops its
     * pending tasks and timers (a rebooting device's stack), not the world's.
     */
    public WorldExecutor executor(String name) {
        return new WorldExecutor(this, name);
    }

    /**
     * Opens a way into this world for a sender outside it (a real thread): from now until the sender's
     * last item, or {@link Inlet#close()}, virtual time waits for what the sender owes; see {@link Inlet}.
     */
    public Inlet openInlet(String name) {
        Inlet inlet = new Inlet(this, name);
        synchronized (lock) {
            inlets.add(inlet);
            lock.notifyAll();
        }
        return inlet;
    }

    void forgetInletLocked(Inlet inlet) {
        inlets.remove(inlet);
    }

    /**
     * At an idle point of the current instant (nothing runnable, nothing due): hands what senders outside
     * the world delivered to the timeline, or waits — on the lock, for the sender, never for the wall
     * clock — while one of them owes the world an item. Caller holds the lock.
     *
     * @return true if the caller should look for work again; false if no inlet holds time back
     */
    private boolean inletsLocked() {
        boolean admitted = false;
        for (Inlet inlet : List.copyOf(inlets)) {
            admitted |= inlet.admitLocked();
        }
        if (admitted) {
            return true;
        }
        for (Inlet inlet : inlets) {
            if (inlet.owesLocked()) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + inlet, e);
                }
                return true;
            }
        }
        return false;
    }

    /** The simulated thread whose item runs on the calling thread now, or null. */
    SimThread currentThread() {
        synchronized (lock) {
            return driver == Thread.currentThread() ? current : null;
        }
    }

    /** True if the calling thread is running this world's tasks now. */
    public boolean isWorldThread() {
        return DRIVING.get() == this;
    }

    /** The world whose tasks the calling thread runs now, or null. */
    static VirtualClock drivenByCurrentThread() {
        return DRIVING.get();
    }

    // ------------------------------------------------------------------ drivers

    /** Runs everything that is runnable or due now, without advancing time, until nothing is. */
    public void runUntilIdle() {
        drive(() -> {
            while (true) {
                drainNow();
                synchronized (lock) {
                    TimelineEvent next = peekLocked();
                    boolean due = next != null && next.atNanos() <= nowNanos;
                    if (ready.isEmpty() && !due && !inletsLocked()) {
                        return null;
                    }
                }
            }
        });
    }

    /** Runs the world for {@code duration} of virtual time; afterwards {@link #now()} has moved by exactly that. */
    public void advance(Duration duration) {
        runUntil(() -> false, duration);
    }

    /**
     * Runs the world until {@code condition} holds at an idle point or {@code maxVirtual} has passed.
     *
     * @return true if the condition held; false if the virtual deadline came first (time then stands at
     *     the deadline)
     */
    public boolean runUntil(BooleanSupplier condition, Duration maxVirtual) {
        return drive(() -> {
            long deadline;
            synchronized (lock) {
                deadline = saturatedAdd(nowNanos, maxVirtual.toNanos());
            }
            while (true) {
                drainNow();
                if (condition.getAsBoolean()) {
                    return true;
                }
                synchronized (lock) {
                    if (!ready.isEmpty() || inletsLocked()) {
                        continue;
                    }
                    TimelineEvent next = peekLocked();
                    if (next == null || next.atNanos() > deadline) {
                        if (deadline != Long.MAX_VALUE) {
                            nowNanos = Math.max(nowNanos, deadline);
                        }
                        return false;
                    }
                    nowNanos = Math.max(nowNanos, next.atNanos());
                }
            }
        });
    }

    /**
     * Runs {@code body} inside the world, on the calling thread, and returns its result — for code that
     * builds or talks to the world's network stacks (a server's start, a request sent from a test).
     * When another thread drives the clock (auto-advance), the body is handed to it and the caller waits.
     *
     * @throws IllegalStateException wrapping what the body threw
     */
    public <T> T call(Callable<T> body) {
        Objects.requireNonNull(body, "body");
        if (isWorldThread()) {
            return invoke(body);
        }
        synchronized (lock) {
            if (driver == null) {
                enterDriverLocked();
            } else {
                CompletableFuture<T> result = new CompletableFuture<>();
                submitLocked(EXECUTOR_PRIORITY, null, null, () -> {
                    try {
                        result.complete(body.call());
                    } catch (Exception | Error e) {
                        result.completeExceptionally(e);
                    }
                });
                return awaitForeign(result);
            }
        }
        try {
            return invoke(body);
        } finally {
            exitDriver();
        }
    }

    /** {@link #call(Callable)} for code without a result. */
    public void run(Runnable body) {
        call(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Waits for {@code future}, in virtual time: drives the world until it completes (or
     * {@code maxVirtual} passes) when no one else drives it, else waits for the driver to complete it.
     *
     * @return its value
     * @throws IllegalStateException if it failed, or did not complete within {@code maxVirtual}
     */
    public <T> T await(CompletableFuture<T> future, Duration maxVirtual) {
        if (isWorldThread()) {
            throw new IllegalStateException("a task of the simulated world cannot wait for the world");
        }
        boolean driven;
        synchronized (lock) {
            driven = driver != null;
        }
        if (!driven && !runUntil(future::isDone, maxVirtual)) {
            throw new IllegalStateException("not done within " + maxVirtual + " of virtual time");
        }
        synchronized (lock) {
            return awaitForeign(future);
        }
    }

    private <T> T awaitForeign(CompletableFuture<T> result) {
        // Caller holds the lock; a task completes the future and the loop notifies after it.
        foreignWaiters++;
        try {
            while (!result.isDone()) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the simulated world", e);
                }
            }
        } finally {
            foreignWaiters--;
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed inside the simulated world: " + e.getCause(), e.getCause());
        }
    }

    private static <T> T invoke(Callable<T> body) {
        try {
            return body.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("failed inside the simulated world: " + e, e);
        }
    }

    /**
     * Starts a background thread that drives the world whenever it is given work, jumping over idle
     * time to the next event — for the sample and interactive use. Tests drive the clock themselves.
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

    /** Stops the background driver of {@link #startAutoAdvance()} once its current task is done, and waits for it. */
    public void stopAutoAdvance() {
        Thread thread;
        synchronized (lock) {
            thread = autoDriver;
            autoStop = true;
            lock.notifyAll();
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            autoDriver = null;
        }
    }

    private void autoAdvanceLoop() {
        synchronized (lock) {
            while (driver != null && !autoStop) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (autoStop) {
                return;
            }
            enterDriverLocked();
        }
        try {
            while (true) {
                drainNow();
                synchronized (lock) {
                    if (autoStop) {
                        return;
                    }
                    if (!ready.isEmpty() || inletsLocked()) {
                        continue;
                    }
                    TimelineEvent next = peekLocked();
                    if (next == null) {
                        // Nothing will ever happen until someone submits work: wait for it, not for the wall clock.
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    } else {
                        nowNanos = Math.max(nowNanos, next.atNanos());
                    }
                }
            }
        } finally {
            exitDriver();
        }
    }

    private <T> T drive(Callable<T> loop) {
        synchronized (lock) {
            if (isWorldThread()) {
                throw new IllegalStateException("a task of the simulated world cannot drive the clock");
            }
            if (driver != null) {
                throw new IllegalStateException("the clock is already driven by " + driver.getName());
            }
            enterDriverLocked();
        }
        try {
            return invoke(loop);
        } finally {
            exitDriver();
        }
    }

    private void enterDriverLocked() {
        driver = Thread.currentThread();
        DRIVING.set(this);
        StackClock.enter(this::stackNanos);
    }

    private void exitDriver() {
        StackClock.exit();
        DRIVING.remove();
        synchronized (lock) {
            if (driver == Thread.currentThread()) {
                driver = null;
            }
            lock.notifyAll();
        }
    }

    /** Runs tasks and due events until none is left at the current instant. */
    private void drainNow() {
        while (step()) {
            // keep going
        }
    }

    /**
     * Runs one runnable task, else one due timeline event. Tasks of simulated threads that have an
     * item running (waiting further up the stack) are left for later.
     *
     * @return false if nothing could run at the current instant
     */
    private boolean step() {
        Task task = null;
        TimelineEvent event = null;
        SimThread previous;
        synchronized (lock) {
            previous = current;
            task = pollRunnableLocked();
            if (task == null) {
                TimelineEvent next = peekLocked();
                if (next == null || next.atNanos() > nowNanos) {
                    return false;
                }
                event = timeline.poll();
                event.fired = true;
            }
            tasksRun++;
            current = task != null ? task.thread() : null;
            if (current != null) {
                running.push(current);
            }
        }
        try {
            if (task != null) {
                task.body().run();
            } else {
                event.action().run();
            }
        } catch (RuntimeException e) {
            String what = task != null ? (task.thread() != null ? "work item on " + task.thread().name() : "task") : "timeline action '" + event.label() + "'";
            LOG.error("{} failed", what, e);
        } finally {
            synchronized (lock) {
                if (task != null && task.thread() != null) {
                    running.remove(task.thread());
                }
                current = previous;
                if (foreignWaiters > 0) {
                    lock.notifyAll();
                }
            }
        }
        return true;
    }

    private Task pollRunnableLocked() {
        if (running.isEmpty()) {
            return ready.poll();
        }
        List<Task> skipped = null;
        Task found = null;
        while (!ready.isEmpty()) {
            Task candidate = ready.poll();
            if (candidate.thread() != null && running.contains(candidate.thread())) {
                if (skipped == null) {
                    skipped = new ArrayList<>();
                }
                skipped.add(candidate);
                continue;
            }
            found = candidate;
            break;
        }
        if (skipped != null) {
            ready.addAll(skipped);
        }
        return found;
    }

    // ------------------------------------------------------------------ waits

    /**
     * Waits until {@code condition} holds or {@code timeoutNanos} of virtual time pass (negative: no
     * limit; zero: no wait), then runs {@code onSatisfied} under the lock if it held.
     *
     * <p>On a thread of the world (inside a task) the rest of the world runs meanwhile, except the
     * waiting simulated thread's own queue. On any other thread it is a plain wait until a task makes
     * the condition true or the virtual deadline passes.
     *
     * @return true if the condition held
     * @throws IllegalStateException inside the world, if nothing can ever make the condition true
     */
    boolean await(BooleanSupplier condition, Runnable onSatisfied, long timeoutNanos) {
        if (isWorldThread()) {
            return awaitInWorld(condition, onSatisfied, timeoutNanos);
        }
        synchronized (lock) {
            if (condition.getAsBoolean()) {
                onSatisfied.run();
                return true;
            }
            if (timeoutNanos == 0) {
                return false;
            }
            foreignWaiters++;
            boolean[] expired = {false};
            TimelineEvent timeout = timeoutNanos > 0 ? scheduleLocked(timeoutNanos, "wait timeout", null, () -> {
                synchronized (lock) {
                    expired[0] = true;
                    lock.notifyAll();
                }
            }) : null;
            try {
                while (true) {
                    if (condition.getAsBoolean()) {
                        onSatisfied.run();
                        return true;
                    }
                    if (expired[0]) {
                        return false;
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
            } finally {
                foreignWaiters--;
                if (timeout != null) {
                    cancelLocked(timeout);
                }
            }
        }
    }

    private boolean awaitInWorld(BooleanSupplier condition, Runnable onSatisfied, long timeoutNanos) {
        long deadline;
        synchronized (lock) {
            if (condition.getAsBoolean()) {
                onSatisfied.run();
                return true;
            }
            if (timeoutNanos == 0) {
                return false;
            }
            deadline = timeoutNanos < 0 ? Long.MAX_VALUE : saturatedAdd(nowNanos, timeoutNanos);
        }
        while (true) {
            boolean ran = step();
            synchronized (lock) {
                if (condition.getAsBoolean()) {
                    onSatisfied.run();
                    return true;
                }
                if (ran || inletsLocked()) {
                    continue;
                }
                TimelineEvent next = peekLocked();
                if (next == null || next.atNanos() > deadline) {
                    if (deadline == Long.MAX_VALUE) {
                        throw new IllegalStateException("deadlock in the simulated world at t=" + nowNanos / 1_000_000
                                + " ms: " + describeRunningLocked() + " waits without a timeout and nothing else can run");
                    }
                    nowNanos = Math.max(nowNanos, deadline);
                    return false;
                }
                nowNanos = Math.max(nowNanos, next.atNanos());
            }
        }
    }

    private String describeRunningLocked() {
        SimThread innermost = running.peekFirst();
        return innermost == null ? "a task" : "the work item on " + innermost.name();
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** A runnable task: a simulated thread's work item or an executor's task. */
    private record Task(int priority, long sequence, SimThread thread, Object owner, Runnable body) {
    }

    /** A scheduled timeline action: when it runs, in what order, what it is. */
    public static final class TimelineEvent {
        private final long atNanos;
        private final long sequence;
        private final String label;
        private final Object owner;
        private final Runnable action;
        private boolean cancelled;
        private boolean fired;

        TimelineEvent(long atNanos, long sequence, String label, Object owner, Runnable action) {
            this.atNanos = atNanos;
            this.sequence = sequence;
            this.label = label;
            this.owner = owner;
            this.action = action;
        }

        /** The virtual time it runs, in ns. */
        public long atNanos() {
            return atNanos;
        }

        /** The virtual time it runs, in ms. */
        public long at() {
            return atNanos / 1_000_000;
        }

        /** Tie-breaker: scheduling order. */
        public long sequence() {
            return sequence;
        }

        /** What it is, for diagnostics. */
        public String label() {
            return label;
        }

        /** Who scheduled it (an executor or thread that may be purged), or null. */
        Object owner() {
            return owner;
        }

        Runnable action() {
            return action;
        }

        @Override
        public String toString() {
            return "TimelineEvent[" + label + " at " + at() + " ms]";
        }
    }
}
