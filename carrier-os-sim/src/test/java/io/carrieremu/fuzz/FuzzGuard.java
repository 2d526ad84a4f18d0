package io.carrieremu.fuzz;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every fuzz try must satisfy, checked around one call of the code under test:
 * <ul>
 *   <li>no exception but the documented typed ones (anything else fails the try, with its stack);
 *   <li>no hang: the call runs on a worker thread and must return within {@link #HANG_BOUND_SECONDS}
 *       seconds (a hung worker is abandoned, a daemon, and a new one takes over);
 *   <li>bounded allocation: the bytes the worker thread allocates during the call, measured with
 *       {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, stay under the try's bound.
 *       A try over the bound is run once more: what the input itself costs comes back, what the JVM
 *       spent once (loading and initialising a class the input reached first) does not; only a try
 *       over the bound both times fails.
 * </ul>
 * Per fuzzer it counts the tries, the typed refusals, the largest allocation and the time, and prints
 * one summary line ({@link #report}); {@link FuzzRun} draws the inputs and calls both.
 */
final class FuzzGuard {

    /** A try that takes longer than this counts as a hang. */
    static final int HANG_BOUND_SECONDS = 10;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Map<String, Stats> STATS = new ConcurrentHashMap<>();
    private static ExecutorService worker = newWorker();

    /** The figures of one fuzzer. */
    static final class Stats {
        final AtomicLong tries = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong maxAllocated = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();
        final AtomicLong warmUps = new AtomicLong();
    }

    private FuzzGuard() {
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code call} once under the rules above.
     *
     * @param fuzzer the fuzzer's name, for its figures
     * @param maxAllocatedBytes the allocation bound of this try
     * @param typed the exceptions the code documents; one of them counts as a refusal
     * @return the call's result, or null when it threw a typed exception
     */
    static <T> T run(String fuzzer, long maxAllocatedBytes, List<Class<? extends Exception>> typed, Callable<T> call) {
        Stats stats = STATS.computeIfAbsent(fuzzer, name -> new Stats());
        long start = System.nanoTime();
        Object[] outcome;
        try {
            outcome = measured(fuzzer, call);
            if ((long) outcome[2] > maxAllocatedBytes) {
                stats.warmUps.incrementAndGet();
                outcome = measured(fuzzer, call);
            }
        } finally {
            stats.nanos.addAndGet(System.nanoTime() - start);
        }
        long allocated = (long) outcome[2];
        stats.tries.incrementAndGet();
        stats.maxAllocated.accumulateAndGet(allocated, Math::max);
        if (allocated > maxAllocatedBytes) {
            throw new AssertionError(fuzzer + ": a try allocated " + allocated + " bytes, over its bound of " + maxAllocatedBytes);
        }
        Throwable thrown = (Throwable) outcome[1];
        if (thrown == null) {
            @SuppressWarnings("unchecked")
            T result = (T) outcome[0];
            return result;
        }
        for (Class<? extends Exception> type : typed) {
            if (type.isInstance(thrown)) {
                stats.refused.incrementAndGet();
                return null;
            }
        }
        throw new AssertionError(fuzzer + ": uncaught " + thrown, thrown);
    }

    /** {@code {result, thrown, allocated bytes}} of one call on the worker, within the hang bound. */
    private static Object[] measured(String fuzzer, Callable<?> call) {
        Future<Object[]> future = worker.submit(() -> {
            long id = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(id);
            Object[] outcome = new Object[3];
            try {
                outcome[0] = call.call();
            } catch (Throwable t) {
                outcome[1] = t;
            }
            outcome[2] = THREADS.getThreadAllocatedBytes(id) - before;
            return outcome;
        });
        try {
            return future.get(HANG_BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            worker = newWorker();
            throw new AssertionError(fuzzer + ": a try did not return within " + HANG_BOUND_SECONDS + " s (hang)");
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(fuzzer + ": the guard failed", e);
        }
    }

    /** One line of figures for {@code fuzzer}: tries, refusals, largest allocation, time, and {@code run} (its seed). */
    static String report(String fuzzer, String run) {
        Stats stats = STATS.getOrDefault(fuzzer, new Stats());
        String line = String.format(Locale.ROOT,
                "fuzz %-27s %,10d inputs, %,10d refused with the typed error, largest allocation %,12d bytes (%d re-run), %6.1f s, %s",
                fuzzer, stats.tries.get(), stats.refused.get(), stats.maxAllocated.get(), stats.warmUps.get(), stats.nanos.get() / 1e9, run);
        System.out.println(line);
        return line;
    }
}
