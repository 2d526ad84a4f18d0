package io.carrieremu.os.jvm.scheduler;

import io.carrieremu.core.os.OsSemaphore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A counting semaphore with a limit, waiting in real time. */
final class JvmSemaphore implements OsSemaphore {

    private final int limit;
    private int count;

    JvmSemaphore(int initialCount, int limit) {
        if (limit < 1 || initialCount < 0 || initialCount > limit) {
            throw new IllegalArgumentException("need 0 <= initial <= limit and limit >= 1, got " + initialCount + "/" + limit);
        }
        this.limit = limit;
        this.count = initialCount;
    }

    @Override
    public synchronized boolean take(Duration timeout) {
        boolean forever = timeout.isNegative();
        long deadline = System.nanoTime() + (forever ? 0 : timeout.toNanos());
        while (count == 0) {
            long left = deadline - System.nanoTime();
            if (!forever && left <= 0) {
                return false;
            }
            try {
                if (forever) {
                    wait();
                } else {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        count--;
        return true;
    }

    @Override
    public synchronized void give() {
        if (count < limit) {
            count++;
        }
        notifyAll();
    }

    @Override
    public synchronized void reset() {
        count = 0;
    }
}
