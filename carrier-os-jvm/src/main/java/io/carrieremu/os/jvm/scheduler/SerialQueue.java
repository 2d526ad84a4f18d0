package io.carrieremu.os.jvm.scheduler;

import io.carrieremu.core.os.WorkQueue;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A work queue as a serial executor over a shared pool: items run one at a time, in order, each drain
 * on whichever pool thread picks it up, renamed to the queue's name while it runs.
 */
final class SerialQueue implements WorkQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SerialQueue.class);
    /** Items run per drain before the drain yields its pool thread (so one busy queue cannot hog it). */
    private static final int BATCH = 64;

    private final JvmScheduler scheduler;
    private final String name;
    private final Executor pool;
    private final Deque<Runnable> items = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;
    private volatile Thread runner;

    SerialQueue(JvmScheduler scheduler, String name, Executor pool) {
        this.scheduler = scheduler;
        this.name = name;
        this.pool = pool;
    }

    JvmScheduler scheduler() {
        return scheduler;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void submit(Runnable work) {
        Objects.requireNonNull(work, "work");
        synchronized (this) {
            if (closed) {
                LOG.debug("work queue {} is closed; item dropped", name);
                return;
            }
            items.add(work);
            if (draining) {
                return;
            }
            draining = true;
        }
        schedule();
    }

    private void schedule() {
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                draining = false;
                items.clear();
            }
        }
    }

    /** Removes an item that has not started; false if it was not queued. */
    synchronized boolean remove(Runnable work) {
        return items.removeFirstOccurrence(work);
    }

    private void drain() {
        Thread thread = Thread.currentThread();
        String poolName = thread.getName();
        thread.setName(name);
        runner = thread;
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable item;
                synchronized (this) {
                    item = items.poll();
                    if (item == null) {
                        draining = false;
                        return;
                    }
                }
                try {
                    item.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("work item on queue {} failed", name, e);
                }
            }
        } finally {
            runner = null;
            thread.setName(poolName);
        }
        schedule();
    }

    @Override
    public boolean isCurrentThread() {
        return runner == Thread.currentThread();
    }

    /** Drops queued items and refuses new ones; an item that is running finishes. */
    synchronized void close() {
        closed = true;
        items.clear();
    }

    @Override
    public String toString() {
        return "WorkQueue[" + name + "]";
    }
}
