package io.carrieremu.os.sim.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A sender outside the world (a real thread) hands items in through an {@link Inlet}: the world waits
 * for what it owes instead of advancing time, so the transcript is the same whatever the real thread's
 * speed.
 */
class InletTest {

    /**
     * A sender that takes a random real time per item (seeded by {@code jitter}): five answered items,
     * then two it does not wait for, the second its last. Beside it, the world has a timer at 1 ms and
     * at 2.5 s.
     */
    private static String scenario(long jitter, long pacing) throws Exception {
        VirtualClock clock = new VirtualClock();
        Transcript transcript = new Transcript(clock::nowMillis);
        clock.schedule(Duration.ofMillis(1), "timer", () -> transcript.record(Transcript.Kind.NOTE, "timer at 1 ms"));
        clock.schedule(Duration.ofMillis(2500), "timer", () -> transcript.record(Transcript.Kind.NOTE, "timer at 2.5 s"));
        Random random = new Random(jitter);
        Inlet inlet = clock.call(() -> clock.openInlet("download"));
        inlet.pace(pacing);
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < 5; i++) {
                    Thread.sleep(random.nextInt(4));
                    int n = i;
                    Optional<Boolean> verdict = inlet.call(1000, () -> {
                        transcript.record(Transcript.Kind.NOTE, "fragment " + n);
                        return true;
                    });
                    assertThat(verdict).contains(true);
                }
                Thread.sleep(random.nextInt(4));
                inlet.send(0, false, () -> transcript.record(Transcript.Kind.NOTE, "done"));
                Thread.sleep(random.nextInt(4));
                inlet.send(0, true, () -> transcript.record(Transcript.Kind.NOTE, "closed"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sender.start();
        clock.advance(Duration.ofSeconds(10));
        sender.join();
        return transcript.print();
    }

    @Test
    void anUnpacedSenderDeliversEverythingBeforeTimeMovesOnWhateverItsRealSpeed() throws Exception {
        String first = scenario(1, 0);
        assertThat(first).containsSubsequence("fragment 0", "fragment 4", "done", "closed", "timer at 1 ms", "timer at 2.5 s");
        for (long seed = 2; seed < 6; seed++) {
            assertThat(scenario(seed, 0)).isEqualTo(first);
        }
    }

    @Test
    void aPacedSenderTakesVirtualTimePerByteAndTheWorldsTimersRunInBetween() throws Exception {
        String first = scenario(1, 1000);
        assertThat(first).containsSubsequence("timer at 1 ms", "fragment 0", "fragment 1", "timer at 2.5 s", "fragment 2",
                "fragment 3", "fragment 4", "done", "closed");
        assertThat(first).contains("[00:00:01.000] # fragment 0").contains("[00:00:05.000] # fragment 4");
        for (long seed = 2; seed < 6; seed++) {
            assertThat(scenario(seed, 1000)).isEqualTo(first);
        }
    }

    @Test
    void closingFromTheWorldReleasesAWaitingSenderAndRefusesMore() throws Exception {
        VirtualClock clock = new VirtualClock();
        Inlet inlet = clock.call(() -> clock.openInlet("download"));
        inlet.pace(1);
        AtomicReference<Optional<String>> answer = new AtomicReference<>();
        Thread sender = new Thread(() -> answer.set(inlet.call(10, () -> "never")));
        sender.start();
        // The item is taken at the first idle point and due 10 virtual seconds later; the world closes first.
        clock.advance(Duration.ofSeconds(1));
        clock.run(inlet::close);
        sender.join();
        clock.advance(Duration.ofSeconds(20));
        assertThat(answer.get()).isEmpty();
        assertThatThrownBy(() -> inlet.send(0, true, () -> { })).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aWorldTaskCannotWaitForItsOwnInlet() {
        VirtualClock clock = new VirtualClock();
        Inlet inlet = clock.call(() -> clock.openInlet("download"));
        assertThatThrownBy(() -> clock.call(() -> inlet.call(0, () -> 1))).isInstanceOf(IllegalStateException.class);
        clock.run(inlet::close);
    }
}
