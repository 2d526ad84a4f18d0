package io.carrieremu.fuzz;

import java.util.SplittableRandom;

/**
 * Runs one fuzzer: {@value #DEFAULT_TRIES} inputs (system property {@code fuzz.tries}; the
 * {@code fuzz-long} profile sets 10<sup>6</sup>), drawn from a generator with seed
 * {@value #DEFAULT_SEED} (system property {@code fuzz.seed}, a number or {@code random}), checked one
 * after the other on the test's thread; it stops at the first failing input. Every input has a seed
 * of its own, taken in turn from the run's seed, so one input can be made again alone
 * ({@code -Dfuzz.replay=<input seed>}); the failure names the run's seed, the try and the input's seed,
 * and {@link FuzzGuard#report} prints the figures with the run's seed, whether the run passed or not.
 */
final class FuzzRun {

    /** The seed of {@code mvn verify}'s run and, unless told otherwise, of the long one. */
    static final long DEFAULT_SEED = 15;
    /** The tries of {@code mvn verify}'s run. */
    static final int DEFAULT_TRIES = 2000;
    /** How much of a failing input the failure message shows. */
    private static final int SHOWN_CHARACTERS = 300;

    /** What must hold for one input; an exception or assertion error fails the run. */
    @FunctionalInterface
    interface Check<T> {
        void accept(T input) throws Exception;
    }

    private FuzzRun() {
    }

    /**
     * Checks {@code check} on the run's inputs from {@code inputs}, then prints the figures of
     * {@code fuzzer} (whose tries {@code check} runs under {@link FuzzGuard#run}).
     *
     * @throws AssertionError for the first input that fails, naming the seeds to make it again
     */
    static <T> void forAll(String fuzzer, Gen<T> inputs, Check<T> check) {
        String replay = System.getProperty("fuzz.replay", "");
        long seed = seed();
        try {
            if (!replay.isEmpty()) {
                tryOne(fuzzer, inputs, check, Long.parseUnsignedLong(replay.replaceFirst("^0x", ""), 16), "replayed input");
                return;
            }
            int tries = Integer.getInteger("fuzz.tries", DEFAULT_TRIES);
            SplittableRandom seeds = new SplittableRandom(seed);
            for (int i = 1; i <= tries; i++) {
                tryOne(fuzzer, inputs, check, seeds.nextLong(), "try " + i + " of " + tries + " (seed " + seed + ")");
            }
        } finally {
            FuzzGuard.report(fuzzer, replay.isEmpty() ? "seed " + seed : "replay " + replay);
        }
    }

    private static <T> void tryOne(String fuzzer, Gen<T> inputs, Check<T> check, long inputSeed, String which) {
        T input = inputs.next(new SplittableRandom(inputSeed));
        try {
            check.accept(input);
        } catch (Exception | AssertionError e) {
            throw new AssertionError(String.format("%s: %s failed; this input alone: -Dfuzz.replay=%016x; input: %s", fuzzer, which,
                    inputSeed, shown(input)), e);
        }
    }

    /** The run's seed: {@code fuzz.seed}, a fresh one for {@code random}, or {@value #DEFAULT_SEED}. */
    private static long seed() {
        String seed = System.getProperty("fuzz.seed", "");
        if (seed.isEmpty()) {
            return DEFAULT_SEED;
        }
        // A fresh seed on request, for a long run that explores beyond the fixed one; the report prints it.
        return seed.equals("random") ? new SplittableRandom().nextLong() : Long.parseLong(seed);
    }

    private static String shown(Object input) {
        String text = input instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : String.valueOf(input);
        return text.length() <= SHOWN_CHARACTERS ? text
                : text.substring(0, SHOWN_CHARACTERS) + "… (" + text.length() + " characters)";
    }
}
