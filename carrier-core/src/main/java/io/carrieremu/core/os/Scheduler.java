package io.carrieremu.core.os;

import java.util.concurrent.ScheduledExecutorService;

/**
 * Work queues, timers, uptime and randomness ({@code lwm2m_os_work_q_*}, {@code lwm2m_os_timer_*},
 * {@code lwm2m_os_uptime_get}, {@code lwm2m_os_rand_get}), plus the executor the core's CoAP/DTLS stack
 * runs on.
 *
 * <p>Everything the core does runs on one of the {@value #MAX_WORK_QUEUES} work queues; time is the
 * backend's: real time on a gateway, virtual time in the simulator (where a 24-hour timer fires as
 * soon as the device is otherwise idle).
 */
public interface Scheduler {

    /** Work queues the library may start ({@code LWM2M_OS_MAX_WORK_QS}). */
    int MAX_WORK_QUEUES = 2;

    /** Timers the library may hold at once ({@code LWM2M_OS_MAX_TIMER_COUNT}). */
    int MAX_TIMERS = 16;

    /**
     * Starts work queue {@code index}, or returns it if already started ({@code lwm2m_os_work_q_start}).
     * Each queue runs its items one at a time, in submission order. Items may block on the AT channel
     * only: the core never waits on a work queue for the network, a timer or another queue.
     *
     * @param index 0 or 1
     * @param name a name for diagnostics (thread name); ignored if the queue is already started
     * @throws IllegalArgumentException if {@code index} is not 0 or 1 (C: returns NULL)
     */
    WorkQueue workQueue(int index, String name);

    /**
     * Reserves a timer that runs {@code handler} on the work queue it is started on
     * ({@code lwm2m_os_timer_get}). The timer is idle until {@link OsTimer#start}.
     *
     * @throws OsException {@code ENOMEM} if {@value #MAX_TIMERS} timers are already reserved; nothing
     *     was reserved
     */
    OsTimer newTimer(Runnable handler) throws OsException;

    /**
     * A counting semaphore ({@code lwm2m_os_sem_init}).
     *
     * @param initialCount units available at once, 0..limit
     * @param limit the most units it holds, at least 1
     * @throws IllegalArgumentException for counts out of range (C: {@code -EINVAL})
     */
    OsSemaphore newSemaphore(int initialCount, int limit);

    /** Milliseconds since boot ({@code lwm2m_os_uptime_get}); never decreases. */
    long uptimeMillis();

    /** 32 random bits ({@code lwm2m_os_rand_get}); deterministic per seed in the simulator. */
    int random();

    /**
     * The executor the core's protocol stack runs on: Californium's CoAP endpoints and Scandium's DTLS
     * connectors (their handshakes, retransmissions and exchange timeouts) and Leshan's client
     * (request timeouts, notifications, requests from servers). Real time on a gateway, virtual time in
     * the simulator, where datagrams and the stack's timers are then part of the simulated world.
     *
     * <p>The core never shuts it down and never waits for its tasks from a work queue; exchanges report
     * their outcome by posting to a {@link WorkQueue}. The same instance for the lifetime of this
     * scheduler; the backend shuts it down when the device (or the library instance) goes away.
     */
    ScheduledExecutorService stackExecutor();
}
