package io.carrieremu.os.jvm.scheduler;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the JVM backend's threads and makes them daemons, so a backend that was never closed does not
 * keep the JVM alive; an exception that escapes a task is logged rather than lost.
 */
public final class DaemonThreads implements ThreadFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonThreads.class);

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    /**
     * Threads named {@code prefix-1}, {@code prefix-2}, …
     *
     * @param prefix the name stem, e.g. {@code carrier-stack}
     */
    public DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    /** One daemon thread named {@code name} running {@code body}, not yet started. */
    public static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> LOG.error("uncaught exception on {}", t.getName(), e));
        return thread;
    }

    /** A new daemon thread; called by executors. */
    @Override
    public Thread newThread(Runnable body) {
        return thread(prefix + "-" + count.incrementAndGet(), body);
    }
}
