package io.carrieremu.os.sim.clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ScheduledExecutorService} of a simulated world ({@link VirtualClock#executor(String)}):
 * tasks run as world tasks, delays are virtual. Californium, Scandium and Leshan take it as their
 * executor and timer, so their retransmissions, handshake timeouts and request timeouts run on
 * virtual time and cost no wall time.
 *
 * <p>{@link #shutdown()} and {@link #shutdownNow()} drop every task of this executor that has not
 * started, timers included; the world goes on. {@link #awaitTermination} returns at once: there is no
 * thread of its own to wait for.
 */
public final class WorldExecutor extends AbstractExecutorService implements ScheduledExecutorService {

    /**
     * The shortest period of a repeating task. Californium's and Leshan's repeating tasks are
     * housekeeping (sweeping expired exchanges, recent handshakes, expired registrations): they only
     * reclaim memory, so running them at most every few virtual minutes changes nothing on the wire and
     * keeps a month of virtual time cheap. Protocol timers are one-shot and run exactly.
     */
    public static final Duration MIN_PERIOD = Duration.ofMinutes(5);

    private final VirtualClock clock;
    private final String name;
    private boolean shutdown;

    WorldExecutor(VirtualClock clock, String name) {
        this.clock = clock;
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The world this executor runs in. */
    public VirtualClock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        synchronized (clock.lock) {
            rejectIfShutdownLocked();
            clock.submitLocked(VirtualClock.EXECUTOR_PRIORITY, null, this, command);
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return schedule(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "callable");
        VirtualFuture<V> future = new VirtualFuture<>(callable, 0, false);
        synchronized (clock.lock) {
            rejectIfShutdownLocked();
            future.arm(unit.toNanos(delay));
        }
        return future;
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return repeating(command, initialDelay, period, unit, true);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return repeating(command, initialDelay, delay, unit, false);
    }

    private ScheduledFuture<?> repeating(Runnable command, long initialDelay, long period, TimeUnit unit, boolean fixedRate) {
        Objects.requireNonNull(command, "command");
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive");
        }
        VirtualFuture<Object> future = new VirtualFuture<>(() -> {
            command.run();
            return null;
        }, Math.max(unit.toNanos(period), MIN_PERIOD.toNanos()), fixedRate);
        synchronized (clock.lock) {
            rejectIfShutdownLocked();
            future.arm(unit.toNanos(initialDelay));
        }
        return future;
    }

    private void rejectIfShutdownLocked() {
        if (shutdown) {
            throw new RejectedExecutionException("executor " + name + " is shut down");
        }
    }

    @Override
    public void shutdown() {
        synchronized (clock.lock) {
            shutdown = true;
            clock.purgeLocked(owner -> owner == this || (owner instanceof VirtualFuture<?> f && f.executor() == this));
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
        synchronized (clock.lock) {
            return shutdown;
        }
    }

    @Override
    public boolean isTerminated() {
        return isShutdown();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isShutdown();
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
        throw new UnsupportedOperationException("invokeAll would block the simulated world");
    }

    @Override
    public String toString() {
        return "WorldExecutor[" + name + "]";
    }

    /** A delayed (possibly periodic) task on the world's timeline. */
    private final class VirtualFuture<V> implements ScheduledFuture<V> {
        private final Callable<V> body;
        private final long periodNanos;
        private final boolean fixedRate;
        private VirtualClock.TimelineEvent event;
        private boolean cancelled;
        private boolean done;
        private V result;
        private Throwable failure;

        VirtualFuture(Callable<V> body, long periodNanos, boolean fixedRate) {
            this.body = body;
            this.periodNanos = periodNanos;
            this.fixedRate = fixedRate;
        }

        WorldExecutor executor() {
            return WorldExecutor.this;
        }

        /** Schedules the next run; caller holds the lock. */
        void arm(long delayNanos) {
            event = clock.scheduleLocked(delayNanos, name, this, this::fire);
        }

        private void fire() {
            synchronized (clock.lock) {
                if (cancelled || shutdown) {
                    return;
                }
            }
            try {
                V value = body.call();
                synchronized (clock.lock) {
                    if (periodNanos == 0) {
                        result = value;
                        done = true;
                        clock.lock.notifyAll();
                        return;
                    }
                    if (!cancelled && !shutdown) {
                        long next = fixedRate ? event.atNanos() + periodNanos - clock.nowNanos() : periodNanos;
                        arm(Math.max(0, next));
                    }
                }
            } catch (Exception | Error e) {
                synchronized (clock.lock) {
                    failure = e;
                    done = true;
                    clock.lock.notifyAll();
                }
                if (periodNanos == 0 && e instanceof Exception) {
                    // A one-shot's failure belongs to its future, as in a ScheduledThreadPoolExecutor.
                    return;
                }
                if (e instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) e;
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (clock.lock) {
                return unit.convert(event.atNanos() - clock.nowNanos(), TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (clock.lock) {
                if (done || cancelled) {
                    return false;
                }
                cancelled = true;
                clock.cancel(event);
                clock.lock.notifyAll();
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (clock.lock) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            synchronized (clock.lock) {
                return done || cancelled;
            }
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            clock.await(this::isDoneLocked, () -> { }, -1);
            return outcome();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            if (!clock.await(this::isDoneLocked, () -> { }, unit.toNanos(timeout))) {
                throw new TimeoutException("not done within " + timeout + " " + unit + " of virtual time");
            }
            return outcome();
        }

        private boolean isDoneLocked() {
            return done || cancelled;
        }

        private V outcome() throws ExecutionException {
            synchronized (clock.lock) {
                if (cancelled) {
                    throw new CancellationException();
                }
                if (failure != null) {
                    throw new ExecutionException(failure);
                }
                return result;
            }
        }
    }
}
