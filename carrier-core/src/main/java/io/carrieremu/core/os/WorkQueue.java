package io.carrieremu.core.os;

/**
 * A queue of work items run one at a time, in order, on the queue's own thread
 * ({@code lwm2m_os_work_q_t}). Obtained from {@link Scheduler#workQueue(int, String)}.
 */
public interface WorkQueue {

    /** The name given when the queue was started. */
    String name();

    /**
     * Appends {@code work}; it runs after everything submitted before it. Never blocks. An exception
     * thrown by {@code work} is logged by the backend and does not stop the queue.
     */
    void submit(Runnable work);

    /** True if the calling thread is this queue's thread (so the caller must not wait on the queue). */
    boolean isCurrentThread();
}
