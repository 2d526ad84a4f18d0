package io.carrieremu.os.jvm.scheduler;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsSemaphore;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.Scheduler;
import io.carrieremu.core.os.WorkQueue;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Scheduler} on real time. The two work queues are serial executors over one
 * {@link ScheduledThreadPoolExecutor} of daemon threads, which also fires the timers: a timer's expiry
 * only appends its handler to the queue it was started on, so it never waits for a busy queue. The
 * pool has a thread per queue plus one, so a queue blocked on the AT channel holds up neither the other
 * queue nor the timers. The protocol stack gets its own pool ({@link #stackExecutor()}).
 *
 * <p>Uptime is {@link System#nanoTime()} since construction (monotonic); {@link #random()} draws from a
 * {@link SecureRandom} unless a seeded {@link Random} is given. {@link #close()} shuts everything down:
 * timers cancelled, queued work dropped, the pools stopped (waiting briefly for running items, never for
 * the calling thread's own).
 */
public final class JvmScheduler implements Scheduler, AutoCloseable {

    /** Threads of the default {@link #stackExecutor()}. */
    public static final int DEFAULT_STACK_THREADS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(JvmScheduler.class);
    private static final long SHUTDOWN_WAIT_MILLIS = 2_000;

    private final String name;
    private final ScheduledThreadPoolExecutor queuePool;
    private final ScheduledThreadPoolExecutor stack;
    private final SerialQueue[] queues = new SerialQueue[MAX_WORK_QUEUES];
    private final List<JvmTimer> timers = new ArrayList<>();
    private final long bootNanos = System.nanoTime();
    private final Random random;
    private boolean closed;

    /** A scheduler named {@code carrier} with a {@link SecureRandom} and the default stack pool. */
    public JvmScheduler() {
        this("carrier", new SecureRandom(), DEFAULT_STACK_THREADS);
    }

    /**
     * A scheduler.
     *
     * @param name the stem of its thread names
     * @param random the source of {@link #random()} (a seeded one makes runs repeat); used under a lock
     * @param stackThreads threads of the protocol stack's executor, at least 1
     */
    public JvmScheduler(String name, Random random, int stackThreads) {
        this.name = Objects.requireNonNull(name, "name");
        this.random = Objects.requireNonNull(random, "random");
        if (stackThreads < 1) {
            throw new IllegalArgumentException("the stack needs at least one thread");
        }
        this.queuePool = pool(MAX_WORK_QUEUES + 1, name + "-work");
        this.stack = pool(stackThreads, name + "-stack");
    }

    private static ScheduledThreadPoolExecutor pool(int threads, String prefix) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, new DaemonThreads(prefix));
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return pool;
    }

    /**
     * Starts work queue {@code index}, or returns the one already started.
     *
     * @throws IllegalArgumentException if {@code index} is not 0 or 1
     * @throws IllegalStateException if the scheduler is closed
     */
    @Override
    public synchronized WorkQueue workQueue(int index, String queueName) {
        if (index < 0 || index >= MAX_WORK_QUEUES) {
            throw new IllegalArgumentException("work queue index must be 0 or 1, got " + index);
        }
        if (closed) {
            throw new IllegalStateException("the scheduler is closed");
        }
        if (queues[index] == null) {
            queues[index] = new SerialQueue(this, Objects.requireNonNull(queueName, "name"), queuePool);
        }
        return queues[index];
    }

    /**
     * Reserves one of the {@value Scheduler#MAX_TIMERS} timers.
     *
     * @throws OsException {@code ENOMEM} when all are reserved
     * @throws IllegalStateException if the scheduler is closed
     */
    @Override
    public synchronized OsTimer newTimer(Runnable handler) throws OsException {
        Objects.requireNonNull(handler, "handler");
        if (closed) {
            throw new IllegalStateException("the scheduler is closed");
        }
        if (timers.size() >= MAX_TIMERS) {
            throw new OsException(Errno.ENOMEM, "all " + MAX_TIMERS + " timers are reserved");
        }
        JvmTimer timer = new JvmTimer(this, handler);
        timers.add(timer);
        return timer;
    }

    synchronized void released(JvmTimer timer) {
        timers.remove(timer);
    }

    /** Timers reserved now. */
    public synchronized int reservedTimers() {
        return timers.size();
    }

    ScheduledExecutorService timerPool() {
        return queuePool;
    }

    synchronized boolean owns(WorkQueue queue) {
        for (SerialQueue own : queues) {
            if (own == queue) {
                return true;
            }
        }
        return false;
    }

    /** A counting semaphore waiting in real time. */
    @Override
    public OsSemaphore newSemaphore(int initialCount, int limit) {
        return new JvmSemaphore(initialCount, limit);
    }

    /** Milliseconds since this scheduler was made, from the monotonic clock. */
    @Override
    public long uptimeMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - bootNanos);
    }

    @Override
    public int random() {
        synchronized (random) {
            return random.nextInt();
        }
    }

    /** A {@link ScheduledThreadPoolExecutor} of daemon threads, the same for the scheduler's life. */
    @Override
    public ScheduledExecutorService stackExecutor() {
        return stack;
    }

    /** True once {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Cancels every timer, drops queued work, and stops both pools: waits up to two seconds for running
     * items, then interrupts them — except in the pool of the calling thread (a work item or stack task
     * closing its own scheduler), which is only shut down. Harmless twice.
     */
    @Override
    public void close() {
        List<JvmTimer> toCancel;
        List<SerialQueue> toClose = new ArrayList<>();
        boolean onOwnThread = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toCancel = new ArrayList<>(timers);
            for (SerialQueue queue : queues) {
                if (queue != null) {
                    toClose.add(queue);
                    onOwnThread |= queue.isCurrentThread();
                }
            }
        }
        boolean onStackThread = Thread.currentThread().getName().startsWith(name + "-stack-");
        toCancel.forEach(timer -> timer.cancel(false));
        toClose.forEach(SerialQueue::close);
        queuePool.shutdown();
        stack.shutdown();
        // Never wait for, or interrupt, the calling thread's own pool: its current item ends by itself.
        if (!onOwnThread) {
            await(queuePool);
            queuePool.shutdownNow();
        }
        if (!onStackThread) {
            await(stack);
            stack.shutdownNow();
        }
    }

    private void await(ScheduledThreadPoolExecutor pool) {
        try {
            if (!pool.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("{}: work still running {} ms after shutdown; interrupting it", name, SHUTDOWN_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "JvmScheduler[" + name + "]";
    }
}
