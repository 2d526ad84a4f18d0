package io.carrieremu.os.jvm.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsSemaphore;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.WorkQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JvmSchedulerTest {

    private final JvmScheduler scheduler = new JvmScheduler("test", new Random(1), 1);

    @AfterEach
    void close() {
        scheduler.close();
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(10, TimeUnit.SECONDS)).as("done within 10 s").isTrue();
    }

    @Test
    void workQueueRunsItemsInOrderOneAtATimeOnItsOwnThread() throws Exception {
        WorkQueue queue = scheduler.workQueue(0, "carrier-main");
        assertThat(scheduler.workQueue(0, "ignored")).isSameAs(queue);
        List<Integer> order = new CopyOnWriteArrayList<>();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicBoolean overlap = new AtomicBoolean();
        AtomicBoolean onQueue = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 500; i++) {
            int n = i;
            queue.submit(() -> {
                overlap.compareAndSet(false, concurrent.incrementAndGet() > 1);
                onQueue.compareAndSet(true, queue.isCurrentThread() && Thread.currentThread().getName().equals("carrier-main"));
                order.add(n);
                concurrent.decrementAndGet();
                if (n == 499) {
                    done.countDown();
                }
            });
        }
        await(done);
        assertThat(order).hasSize(500).isSorted();
        assertThat(overlap).isFalse();
        assertThat(onQueue).isTrue();
        assertThat(queue.isCurrentThread()).isFalse();
    }

    @Test
    void onlyTwoWorkQueues() {
        scheduler.workQueue(1, "carrier-aux");
        assertThatThrownBy(() -> scheduler.workQueue(2, "third")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.workQueue(-1, "none")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailingItemDoesNotStopTheQueue() throws Exception {
        WorkQueue queue = scheduler.workQueue(0, "q");
        CountDownLatch after = new CountDownLatch(1);
        queue.submit(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        queue.submit(after::countDown);
        await(after);
    }

    @Test
    void aBlockedQueueHoldsUpNeitherTheOtherQueueNorTimers() throws Exception {
        WorkQueue blocked = scheduler.workQueue(0, "blocked");
        WorkQueue other = scheduler.workQueue(1, "other");
        CountDownLatch release = new CountDownLatch(1);
        blocked.submit(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        CountDownLatch fired = new CountDownLatch(1);
        OsTimer timer = scheduler.newTimer(fired::countDown);
        timer.start(other, Duration.ofMillis(5));
        await(fired);
        release.countDown();
    }

    @Test
    void timerRunsItsHandlerOnTheQueueItWasStartedOn() throws Exception {
        WorkQueue q0 = scheduler.workQueue(0, "q0");
        WorkQueue q1 = scheduler.workQueue(1, "q1");
        AtomicReference<String> ranOn = new AtomicReference<>();
        CountDownLatch fired = new CountDownLatch(1);
        OsTimer timer = scheduler.newTimer(() -> {
            ranOn.set(q1.isCurrentThread() ? "q1" : q0.isCurrentThread() ? "q0" : "elsewhere");
            fired.countDown();
        });
        timer.start(q1, Duration.ofMillis(20));
        assertThat(timer.isPending()).isTrue();
        await(fired);
        assertThat(ranOn).hasValue("q1");
        assertThat(timer.isPending()).isFalse();
        assertThat(timer.remaining()).isZero();
    }

    @Test
    void startingAPendingTimerReschedulesIt() throws Exception {
        WorkQueue queue = scheduler.workQueue(0, "q");
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch fired = new CountDownLatch(1);
        OsTimer timer = scheduler.newTimer(() -> {
            runs.incrementAndGet();
            fired.countDown();
        });
        timer.start(queue, Duration.ofHours(1));
        assertThat(timer.remaining()).isGreaterThan(Duration.ofMinutes(59)).isLessThanOrEqualTo(Duration.ofHours(1));
        timer.start(queue, Duration.ofMillis(10));
        assertThat(timer.remaining()).isLessThanOrEqualTo(Duration.ofMillis(10));
        await(fired);
        // A barrier item: anything the timer queued has run once this has.
        CountDownLatch barrier = new CountDownLatch(1);
        queue.submit(barrier::countDown);
        await(barrier);
        assertThat(runs).hasValue(1);
    }

    @Test
    void cancelledTimerDoesNotRunEvenWhenAlreadyDue() throws Exception {
        WorkQueue queue = scheduler.workQueue(0, "q");
        CountDownLatch hold = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        queue.submit(() -> {
            holding.countDown();
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await(holding);
        AtomicInteger runs = new AtomicInteger();
        OsTimer timer = scheduler.newTimer(runs::incrementAndGet);
        timer.start(queue, Duration.ZERO);
        assertThat(timer.isPending()).as("due and waiting for its queue").isTrue();
        timer.cancel(false);
        assertThat(timer.isPending()).isFalse();
        hold.countDown();
        CountDownLatch barrier = new CountDownLatch(1);
        queue.submit(barrier::countDown);
        await(barrier);
        assertThat(runs).hasValue(0);
    }

    @Test
    void syncCancelWaitsForARunningHandler() throws Exception {
        WorkQueue queue = scheduler.workQueue(0, "q");
        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        OsTimer timer = scheduler.newTimer(() -> {
            entered.countDown();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(true);
        });
        timer.start(queue, Duration.ZERO);
        await(entered);
        timer.cancel(true);
        assertThat(finished).as("cancel(true) returned only after the handler").isTrue();
    }

    @Test
    void syncCancelFromTheHandlerItselfDoesNotWait() throws Exception {
        WorkQueue queue = scheduler.workQueue(0, "q");
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<OsTimer> self = new AtomicReference<>();
        OsTimer timer = scheduler.newTimer(() -> {
            self.get().cancel(true);
            done.countDown();
        });
        self.set(timer);
        timer.start(queue, Duration.ZERO);
        await(done);
    }

    @Test
    void sixteenTimersAtMostAndReleasingFreesASlot() throws Exception {
        List<OsTimer> timers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            timers.add(scheduler.newTimer(() -> { }));
        }
        assertThatThrownBy(() -> scheduler.newTimer(() -> { }))
                .isInstanceOfSatisfying(OsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
        timers.get(3).close();
        timers.get(3).close();
        assertThat(scheduler.reservedTimers()).isEqualTo(15);
        scheduler.newTimer(() -> { });
        WorkQueue queue = scheduler.workQueue(0, "q");
        assertThatThrownBy(() -> timers.get(3).start(queue, Duration.ZERO)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void timerRefusesAQueueOfAnotherScheduler() throws Exception {
        try (JvmScheduler other = new JvmScheduler()) {
            WorkQueue foreign = other.workQueue(0, "foreign");
            OsTimer timer = scheduler.newTimer(() -> { });
            assertThatThrownBy(() -> timer.start(foreign, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void semaphoreTakesGivesAndTimesOut() throws Exception {
        OsSemaphore semaphore = scheduler.newSemaphore(1, 2);
        assertThat(semaphore.take(Duration.ZERO)).isTrue();
        assertThat(semaphore.take(Duration.ZERO)).as("none left, no wait").isFalse();
        long start = System.nanoTime();
        assertThat(semaphore.take(Duration.ofMillis(50))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        semaphore.give();
        semaphore.give();
        semaphore.give();
        assertThat(semaphore.take(Duration.ZERO)).isTrue();
        assertThat(semaphore.take(Duration.ZERO)).isTrue();
        assertThat(semaphore.take(Duration.ZERO)).as("limit 2").isFalse();
        semaphore.give();
        semaphore.reset();
        assertThat(semaphore.take(Duration.ZERO)).isFalse();
        assertThatThrownBy(() -> scheduler.newSemaphore(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void semaphoreWaiterWakesWhenGiven() throws Exception {
        OsSemaphore semaphore = scheduler.newSemaphore(0, 1);
        CountDownLatch taken = new CountDownLatch(1);
        Thread waiter = DaemonThreads.thread("waiter", () -> {
            if (semaphore.take(OsSemaphore.FOREVER)) {
                taken.countDown();
            }
        });
        waiter.start();
        semaphore.give();
        await(taken);
    }

    @Test
    void uptimeIsMonotonicAndRandomIsSeeded() throws Exception {
        long first = scheduler.uptimeMillis();
        Thread.sleep(5);
        assertThat(scheduler.uptimeMillis()).isGreaterThanOrEqualTo(first + 5);
        try (JvmScheduler same = new JvmScheduler("same", new Random(1), 1)) {
            assertThat(same.random()).isEqualTo(scheduler.random());
        }
    }

    @Test
    void stackExecutorRunsOnDaemonThreads() throws Exception {
        AtomicBoolean daemon = new AtomicBoolean();
        CountDownLatch ran = new CountDownLatch(1);
        scheduler.stackExecutor().schedule(() -> {
            daemon.set(Thread.currentThread().isDaemon());
            ran.countDown();
        }, 1, TimeUnit.MILLISECONDS);
        await(ran);
        assertThat(daemon).isTrue();
        assertThat(scheduler.stackExecutor()).isSameAs(scheduler.stackExecutor());
    }

    @Test
    void aWorkItemMayCloseItsOwnSchedulerWithoutWaitingForItselfOrBeingInterrupted() throws Exception {
        WorkQueue queue = scheduler.workQueue(0, "q");
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean(true);
        long[] took = new long[1];
        queue.submit(() -> {
            long start = System.nanoTime();
            scheduler.close();
            took[0] = System.nanoTime() - start;
            interrupted.set(Thread.currentThread().isInterrupted());
            done.countDown();
        });
        await(done);
        assertThat(interrupted).isFalse();
        assertThat(Duration.ofNanos(took[0])).isLessThan(Duration.ofSeconds(2));
        assertThat(scheduler.isClosed()).isTrue();
    }

    @Test
    void closeCancelsTimersDropsWorkAndStopsThePools() throws Exception {
        WorkQueue queue = scheduler.workQueue(0, "q");
        AtomicInteger runs = new AtomicInteger();
        OsTimer timer = scheduler.newTimer(runs::incrementAndGet);
        timer.start(queue, Duration.ofMillis(30));
        scheduler.close();
        assertThat(timer.isPending()).isFalse();
        queue.submit(runs::incrementAndGet);
        assertThat(scheduler.stackExecutor().isShutdown()).isTrue();
        assertThat(scheduler.stackExecutor().awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
        assertThatThrownBy(() -> scheduler.workQueue(1, "late")).isInstanceOf(IllegalStateException.class);
        scheduler.close();
    }
}
