package io.carrieremu.core.deferral;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.WorkQueue;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry state of one thing the library connects to (a DM server, the bootstrap server, the PDN):
 * one OS timer, a failure counter and the carrier's schedule. Each failure becomes exactly one event —
 * {@code DEFERRED{reason, next delay}}, or the give-up error (by default {@code ERROR{CONNECT, -EHOSTUNREACH}}) when the
 * schedule gives up — and the retry runs that many seconds later on the work queue. A success resets the counter.
 *
 * <p>Used on the library's work queue only.
 */
public final class Retrier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final String name;
    private final OsTimer timer;
    private final WorkQueue queue;
    private final RetrySchedule schedule;
    private final Consumer<CarrierEvent> events;
    private final Supplier<CarrierEvent.Error> whenExhausted;
    private Runnable retry = () -> { };
    private int failures;
    private boolean gaveUp;

    /**
     * @param name what is retried, for the log ("server 102")
     * @param timer a timer whose handler calls {@link #fire()}
     * @param events where DEFERRED and ERROR go
     */
    public Retrier(String name, OsTimer timer, WorkQueue queue, RetrySchedule schedule, Consumer<CarrierEvent> events) {
        this(name, timer, queue, schedule, events, () -> new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH));
    }

    /**
     * A retrier whose give-up is reported as {@code whenExhausted} (the error the numbering in force
     * documents for what is retried: bootstrap server, DM server or PDN).
     *
     * @param whenExhausted asked once, when the schedule gives up
     */
    public Retrier(String name, OsTimer timer, WorkQueue queue, RetrySchedule schedule, Consumer<CarrierEvent> events,
            Supplier<CarrierEvent.Error> whenExhausted) {
        this.whenExhausted = Objects.requireNonNull(whenExhausted, "whenExhausted");
        this.name = Objects.requireNonNull(name, "name");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * An attempt failed: counts it and reports it, then schedules {@code next}.
     *
     * @param serverId the DM server's short id for the event, 0 if none
     * @param override a delay the carrier uses for this kind of failure instead of the schedule (it does
     *     not count as a step of the schedule), or empty
     * @return true if a retry is scheduled; false if the schedule gave up (nothing more happens until
     *     {@link #reset()})
     */
    public boolean failed(DeferredReason reason, int serverId, Optional<Duration> override, Runnable next) {
        Objects.requireNonNull(next, "next");
        Optional<Duration> delay;
        if (override.isPresent()) {
            delay = override;
        } else {
            failures++;
            delay = schedule.delayAfter(failures);
        }
        if (delay.isEmpty()) {
            gaveUp = true;
            timer.cancel(false);
            LOG.info("{}: attempt {} failed ({}); the schedule is exhausted, giving up", name, failures, reason);
            events.accept(whenExhausted.get());
            return false;
        }
        LOG.info("{}: attempt {} failed ({}); next attempt in {} s", name, failures, reason, delay.get().toSeconds());
        events.accept(new CarrierEvent.Deferred(reason, (int) Math.min(Integer.MAX_VALUE, delay.get().toSeconds()), serverId));
        retry = next;
        timer.start(queue, delay.get());
        return true;
    }

    /** {@link #failed(DeferredReason, int, Optional, Runnable)} on the schedule. */
    public boolean failed(DeferredReason reason, int serverId, Runnable next) {
        return failed(reason, serverId, Optional.empty(), next);
    }

    /** Runs the scheduled retry; the timer's handler calls it. */
    public void fire() {
        Runnable next = retry;
        retry = () -> { };
        next.run();
    }

    /** An attempt succeeded: the next failure starts the schedule again. */
    public void succeeded() {
        failures = 0;
    }

    /** Forgets failures and give-up (a new start, a REGISTER request); cancels a pending retry. */
    public void reset() {
        failures = 0;
        gaveUp = false;
        cancel();
    }

    /** Cancels a pending retry. */
    public void cancel() {
        timer.cancel(false);
        retry = () -> { };
    }

    /** True while a retry waits on the timer. */
    public boolean pending() {
        return timer.isPending();
    }

    /** True once the schedule gave up. */
    public boolean gaveUp() {
        return gaveUp;
    }

    /** Failures counted on the schedule since the last success or reset. */
    public int failures() {
        return failures;
    }

    /** Releases the timer. */
    @Override
    public void close() {
        timer.close();
    }
}
