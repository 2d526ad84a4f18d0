package io.carrieremu.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fuzz runner itself: seeded, {@value FuzzRun#DEFAULT_TRIES} tries, and a failure that can be made again. */
class FuzzRunTest {

    @BeforeEach
    void defaultRun() {
        Assumptions.assumeTrue(System.getProperty("fuzz.tries") == null && System.getProperty("fuzz.seed") == null
                && System.getProperty("fuzz.replay") == null, "a run with its own -Dfuzz.* settings");
    }

    @Test
    void theShortRunIsTwoThousandInputsTheSameOnEveryRun() {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        FuzzRun.forAll("FuzzRunTest.first", Hostile.atText(200), input -> guarded("FuzzRunTest.first", () -> first.add(input)));
        FuzzRun.forAll("FuzzRunTest.second", Hostile.atText(200), input -> guarded("FuzzRunTest.second", () -> second.add(input)));

        assertThat(first).hasSize(FuzzRun.DEFAULT_TRIES).isEqualTo(second);
        assertThat(first.stream().distinct().count()).isGreaterThan(FuzzRun.DEFAULT_TRIES / 2);
    }

    @Test
    void aFailureNamesTheSeedTheTryAndTheInputSeedThatMakesTheInputAgain() {
        Gen<String> digits = Hostile.digits();
        List<String> seen = new ArrayList<>();

        AssertionError failure = catchFailure(digits, seen);

        assertThat(failure).hasMessageContaining("FuzzRunTest.failing: try 37 of 2000 (seed 15) failed").hasMessageEndingWith(seen.get(36));
        Matcher replay = Pattern.compile("-Dfuzz.replay=([0-9a-f]{16})").matcher(failure.getMessage());
        assertThat(replay.find()).isTrue();
        String again = digits.next(new SplittableRandom(Long.parseUnsignedLong(replay.group(1), 16)));
        assertThat(again).isEqualTo(seen.get(36));
    }

    private static AssertionError catchFailure(Gen<String> digits, List<String> seen) {
        try {
            FuzzRun.forAll("FuzzRunTest.failing", digits, input -> {
                guarded("FuzzRunTest.failing", () -> seen.add(input));
                assertThat(seen).hasSizeLessThan(37);
            });
        } catch (AssertionError e) {
            return e;
        }
        throw new AssertionError("the run did not fail");
    }

    private static void guarded(String fuzzer, java.util.concurrent.Callable<Boolean> call) {
        FuzzGuard.run(fuzzer, 1 << 20, List.of(), call);
    }

    @Test
    void numbersAndSizesReachTheirBounds() {
        SplittableRandom random = new SplittableRandom(15);
        Gen<Integer> ints = Gen.ints(-3, 300);
        Gen<String> text = Gen.strings("ab", 50);
        List<Integer> numbers = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            numbers.add(ints.next(random));
            lengths.add(text.next(random).length());
        }
        assertThat(numbers).contains(-3, 0, 300).allSatisfy(n -> assertThat(n).isBetween(-3, 300));
        assertThat(lengths).contains(0, 50).allSatisfy(n -> assertThat(n).isBetween(0, 50));
        assertThat(Gen.longs().next(new SplittableRandom(1))).isEqualTo(Gen.longs().next(new SplittableRandom(1)));
    }
}
