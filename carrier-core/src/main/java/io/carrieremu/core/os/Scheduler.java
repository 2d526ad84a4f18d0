package io.carrieremu.core.os;

/**
 * Work queues, timers, uptime and randomness ({@code lwm2m_os_work_q_*}, {@code lwm2m_os_timer_*},
 * {@code lwm2m_os_uptime_get}, {@code lwm2m_os_rand_get}), plus the thread the vendor glue starts for
 * {@code lwm2m_carrier_main()}.
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
     * Each queue runs its items one at a time, in submission order, on a thread of its own; items may
     * block (on the AT channel, the network, a PDN activation).
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
     * Starts the thread that runs the library's {@code main()} — the glue's {@code K_THREAD_DEFINE}. The
     * core starts at most one. The body may block for as long as the library runs; it does its work on
     * the work queues, so a virtual-time backend does not count this thread as activity.
     *
     * @param name a name for diagnostics
     * @param body what the thread runs; it ends when the body returns
     */
    void startThread(String name, Runnable body);
}
