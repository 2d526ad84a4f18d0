package io.carrieremu.core.os;

import java.time.Duration;

/**
 * A one-shot timer: a delayed work item ({@code lwm2m_os_timer_t}). Its handler runs on the work queue
 * the timer was last started on. Obtained from {@link Scheduler#newTimer(Runnable)}; {@link #close()}
 * releases its slot.
 */
public interface OsTimer extends AutoCloseable {

    /**
     * Schedules the handler to run after {@code delay} on {@code queue} ({@code lwm2m_os_timer_start_on_q}).
     * If the timer is already pending it is rescheduled to the new delay; if its handler is running it
     * runs again after the delay.
     *
     * @param queue a queue of the same {@link Scheduler}
     * @param delay not negative; zero runs the handler as soon as the queue is free
     * @throws IllegalStateException if the timer was released (C: {@code -EINVAL})
     * @throws IllegalArgumentException if {@code queue} belongs to another scheduler (C: {@code -EINVAL})
     */
    void start(WorkQueue queue, Duration delay);

    /**
     * Cancels a pending run ({@code lwm2m_os_timer_cancel}); harmless if not pending.
     *
     * @param sync if true and the handler is running on another thread, wait until it returns; called
     *     from the handler itself it never waits
     */
    void cancel(boolean sync);

    /** Time left until the handler runs; zero if not pending ({@code lwm2m_os_timer_remaining}). */
    Duration remaining();

    /**
     * True if a run is scheduled, or due and waiting for its queue, and has not started yet
     * ({@code lwm2m_os_timer_is_pending}).
     */
    boolean isPending();

    /** Cancels the timer and frees its slot ({@code lwm2m_os_timer_release}); further use is an error. */
    @Override
    void close();
}
