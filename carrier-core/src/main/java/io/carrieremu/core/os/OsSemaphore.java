package io.carrieremu.core.os;

import java.time.Duration;

/**
 * A counting semaphore whose waits run on the OS layer's time ({@code lwm2m_os_sem_*}). The core blocks
 * only on these (never on JDK locks with timeouts), so a virtual-time backend knows the thread is
 * waiting rather than working and can let time advance. Obtained from {@link Scheduler#newSemaphore}.
 */
public interface OsSemaphore {

    /** Pass to {@link #take(Duration)} to wait without a timeout (C: -1). */
    Duration FOREVER = Duration.ofMillis(-1);

    /**
     * Takes one unit, waiting up to {@code timeout} for one to be given ({@code lwm2m_os_sem_take}).
     *
     * @param timeout in the backend's time; zero returns at once; {@link #FOREVER} (any negative) waits
     *     without limit
     * @return true if taken; false if none was available in time (C: {@code -EBUSY} without waiting,
     *     {@code -EAGAIN} after waiting) or the thread was interrupted (its interrupt flag is set again)
     */
    boolean take(Duration timeout);

    /** Gives one unit, up to the limit; wakes one waiter ({@code lwm2m_os_sem_give}). */
    void give();

    /** Sets the count to zero ({@code lwm2m_os_sem_reset}); waiters keep waiting. */
    void reset();
}
