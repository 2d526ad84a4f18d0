package io.carrieremu.os.sim.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsSemaphore;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.Scheduler;
import io.carrieremu.core.os.WorkQueue;
import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

    private final List<SimScheduler> schedulers = new ArrayList<>();

    private SimScheduler scheduler(VirtualClock clock) {
        SimScheduler scheduler = new SimScheduler(clock, 1);
        schedulers.add(scheduler);
        return scheduler;
    }

    @AfterEach
    void shutdown() {
        schedulers.forEach(SimScheduler::shutdown);
    }

    /** Timers at 2 min, 24 h and 30 days on two queues that also talk to each other. */
    private String timerScenario() throws OsException {
        VirtualClock clock = new VirtualClock();
        SimScheduler scheduler = scheduler(clock);
        Transcript transcript = new Transcript(clock::nowMillis);
        WorkQueue q0 = scheduler.workQueue(0, "wq0");
        WorkQueue q1 = scheduler.workQueue(1, "wq1");
        OsTimer twoMinutes = scheduler.newTimer(() -> {
            transcript.record(Transcript.Kind.NOTE, "2 min on " + q0.name());
            q1.submit(() -> transcript.record(Transcript.Kind.NOTE, "follow-up on wq1"));
            q0.submit(() -> transcript.record(Transcript.Kind.NOTE, "follow-up on wq0"));
        });
        OsTimer day = scheduler.newTimer(() -> transcript.record(Transcript.Kind.NOTE, "24 h"));
        OsTimer month = scheduler.newTimer(() -> transcript.record(Transcript.Kind.NOTE, "30 days, uptime " + scheduler.uptimeMillis()));
        twoMinutes.start(q0, Duration.ofMinutes(2));
        day.start(q1, Duration.ofHours(24));
        month.start(q0, Duration.ofDays(30));
        clock.advance(Duration.ofDays(31));
        return transcript.print();
    }

    @Test
    void timersAtTwoMinutesADayAndAMonthFireAtExactVirtualTimesInWellUnderASecond() throws Exception {
        long start = System.nanoTime();
        String transcript = timerScenario();
        long wallMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(transcript).isEqualTo(String.join("\n",
                "[00:02:00.000] # 2 min on wq0",
                "[00:02:00.000] # follow-up on wq0",
                "[00:02:00.000] # follow-up on wq1",
                "[1d 00:00:00.000] # 24 h",
                "[30d 00:00:00.000] # 30 days, uptime 2592000000"));
        assertThat(wallMillis).as("wall time of 31 virtual days").isLessThan(1000);
    }

    @Test
    void theSameScenarioGivesTheSameTranscriptEveryRun() throws Exception {
        String first = timerScenario();
        for (int run = 0; run < 5; run++) {
            assertThat(timerScenario()).isEqualTo(first);
        }
    }

    @Test
    void advanceMovesTimeByExactlyTheDuration() {
        VirtualClock clock = new VirtualClock();
        clock.advance(Duration.ofMillis(1234));
        assertThat(clock.nowMillis()).isEqualTo(1234);
        clock.runUntilIdle();
        assertThat(clock.nowMillis()).isEqualTo(1234);
    }

    @Test
    void runUntilStopsAtTheConditionOrAtTheDeadline() throws Exception {
        VirtualClock clock = new VirtualClock();
        SimScheduler scheduler = scheduler(clock);
        AtomicBoolean fired = new AtomicBoolean();
        scheduler.newTimer(() -> fired.set(true)).start(scheduler.workQueue(0, "wq0"), Duration.ofHours(3));
        assertThat(clock.runUntil(fired::get, Duration.ofHours(1))).isFalse();
        assertThat(clock.nowMillis()).isEqualTo(Duration.ofHours(1).toMillis());
        assertThat(clock.runUntil(fired::get, Duration.ofDays(1))).isTrue();
        assertThat(clock.nowMillis()).isEqualTo(Duration.ofHours(3).toMillis());
    }

    @Test
    void restartingAPendingTimerReschedulesIt() throws Exception {
        VirtualClock clock = new VirtualClock();
        SimScheduler scheduler = scheduler(clock);
        WorkQueue q = scheduler.workQueue(0, "wq0");
        List<Long> firedAt = new ArrayList<>();
        OsTimer timer = scheduler.newTimer(() -> firedAt.add(clock.nowMillis()));
        timer.start(q, Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(4));
        assertThat(timer.isPending()).isTrue();
        assertThat(timer.remaining()).isEqualTo(Duration.ofSeconds(6));
        timer.start(q, Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(30));
        assertThat(firedAt).containsExactly(14_000L);
        assertThat(timer.isPending()).isFalse();
        assertThat(timer.remaining()).isZero();
    }

    @Test
    void cancelledTimerDoesNotFire() throws Exception {
        VirtualClock clock = new VirtualClock();
        SimScheduler scheduler = scheduler(clock);
        AtomicInteger runs = new AtomicInteger();
        OsTimer timer = scheduler.newTimer(runs::incrementAndGet);
        timer.start(scheduler.workQueue(0, "wq0"), Duration.ofMinutes(1));
        timer.cancel(true);
        clock.advance(Duration.ofHours(1));
        assertThat(runs).hasValue(0);
        timer.start(scheduler.workQueue(0, "wq0"), Duration.ZERO);
        clock.runUntilIdle();
        assertThat(runs).hasValue(1);
    }

    @Test
    void atMostSixteenTimersAndReleasingFreesASlot() throws Exception {
        SimScheduler scheduler = scheduler(new VirtualClock());
        List<OsTimer> timers = new ArrayList<>();
        for (int i = 0; i < Scheduler.MAX_TIMERS; i++) {
            timers.add(scheduler.newTimer(() -> { }));
        }
        assertThatThrownBy(() -> scheduler.newTimer(() -> { }))
                .isInstanceOf(OsException.class)
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENOMEM));
        timers.get(3).close();
        assertThat(scheduler.newTimer(() -> { })).isNotNull();
        assertThatThrownBy(() -> timers.get(3).start(scheduler.workQueue(0, "wq0"), Duration.ZERO))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyTwoWorkQueues() {
        SimScheduler scheduler = scheduler(new VirtualClock());
        assertThat(scheduler.workQueue(1, "b")).isSameAs(scheduler.workQueue(1, "other name"));
        assertThatThrownBy(() -> scheduler.workQueue(2, "c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void semaphoreWaitTimesOutInVirtualTime() {
        VirtualClock clock = new VirtualClock();
        SimScheduler scheduler = scheduler(clock);
        OsSemaphore semaphore = scheduler.newSemaphore(0, 1);
        List<String> log = new ArrayList<>();
        scheduler.workQueue(0, "wq0").submit(() -> {
            boolean taken = semaphore.take(Duration.ofMinutes(5));
            log.add(taken + " at " + clock.nowMillis());
        });
        clock.advance(Duration.ofHours(1));
        assertThat(log).containsExactly("false at 300000");
    }

    @Test
    void semaphoreGivenByATimerWakesTheWaiterAtThatTime() throws Exception {
        VirtualClock clock = new VirtualClock();
        SimScheduler scheduler = scheduler(clock);
        OsSemaphore semaphore = scheduler.newSemaphore(0, 1);
        List<String> log = new ArrayList<>();
        WorkQueue q0 = scheduler.workQueue(0, "wq0");
        WorkQueue q1 = scheduler.workQueue(1, "wq1");
        q0.submit(() -> {
            boolean taken = semaphore.take(OsSemaphore.FOREVER);
            log.add("taken " + taken + " at " + clock.nowMillis());
        });
        scheduler.newTimer(semaphore::give).start(q1, Duration.ofSeconds(90));
        q1.submit(() -> log.add("wq1 ran while wq0 waited"));
        clock.advance(Duration.ofMinutes(10));
        assertThat(log).containsExactly("wq1 ran while wq0 waited", "taken true at 90000");
    }

    @Test
    void oneSimulatedThreadRunsAtATimeAndHigherPriorityFirst() {
        VirtualClock clock = new VirtualClock();
        SimThread low = clock.newThread("low", 5);
        SimThread high = clock.newThread("high", 0);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        List<String> order = new ArrayList<>();
        low.submit(() -> {
            // While low-1 holds the CPU, work arrives on both threads: high must go first afterwards.
            for (int i = 0; i < 3; i++) {
                int n = i;
                low.submit(() -> {
                    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    order.add("low+" + n);
                    concurrent.decrementAndGet();
                });
                high.submit(() -> {
                    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    order.add("high+" + n);
                    concurrent.decrementAndGet();
                });
            }
            order.add("low-1");
        });
        clock.runUntilIdle();
        low.stop();
        high.stop();
        assertThat(order).containsExactly("low-1", "high+0", "high+1", "high+2", "low+0", "low+1", "low+2");
        assertThat(maxConcurrent).hasValue(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aWaitNothingCanEndIsReportedAsADeadlockInsteadOfHangingTheTest() {
        VirtualClock clock = new VirtualClock();
        SimThread thread = clock.newThread("stuck", 1);
        OsSemaphore never = scheduler(clock).newSemaphore(0, 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        thread.submit(() -> {
            try {
                never.take(OsSemaphore.FOREVER);
            } catch (IllegalStateException e) {
                failure.set(e);
            }
        });
        clock.runUntilIdle();
        assertThat(failure.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("deadlock")
                .hasMessageContaining("stuck");
        thread.stop();
    }

    @Test
    void timeStandsStillWhileAnythingIsRunnable() {
        VirtualClock clock = new VirtualClock();
        SimThread busy = clock.newThread("busy", 1);
        List<Long> ranAt = new ArrayList<>();
        Runnable[] again = new Runnable[1];
        again[0] = () -> {
            ranAt.add(clock.nowMillis());
            if (ranAt.size() < 5) {
                busy.submit(again[0]);
            }
        };
        busy.submit(again[0]);
        clock.advance(Duration.ofSeconds(1));
        assertThat(ranAt).containsExactly(0L, 0L, 0L, 0L, 0L);
        assertThat(clock.nowMillis()).isEqualTo(1000);
    }

    @Test
    void uptimeCountsFromTheSchedulersBoot() {
        VirtualClock clock = new VirtualClock();
        clock.advance(Duration.ofMinutes(1));
        SimScheduler scheduler = scheduler(clock);
        clock.advance(Duration.ofSeconds(5));
        assertThat(scheduler.uptimeMillis()).isEqualTo(5000);
    }
}
