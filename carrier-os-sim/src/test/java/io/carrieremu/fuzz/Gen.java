package io.carrieremu.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A generator of fuzz inputs: one input from a seeded {@link SplittableRandom}, so a seed gives the
 * same input on every machine. Generators compose with {@link #map}, {@link #flatMap}, {@link #list},
 * {@link #oneOf} and {@link #frequency}, or with a lambda that draws from other generators in a fixed
 * order ({@code r -> new Card(odf.next(r), fcp.next(r))}).
 *
 * <p>Numbers and sizes (of strings, arrays and lists) lean towards their bounds and towards small
 * values, as hostile input does and as a parser's checks are drawn: a bound one time in 32 each,
 * often close to 0 (or to the bound nearest 0), otherwise anything in range (see {@link #longs(long, long)}).
 */
@FunctionalInterface
interface Gen<T> {

    /** One input drawn from {@code random}; the same random state gives the same input. */
    T next(SplittableRandom random);

    /** This generator's inputs passed through {@code f}. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    /** A generator chosen by this one's input, drawing from the same random. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        return random -> f.apply(next(random)).next(random);
    }

    /** Lists of {@code min..max} of this generator's inputs. */
    default Gen<List<T>> list(int min, int max) {
        return random -> {
            int n = size(random, min, max);
            List<T> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(next(random));
            }
            return list;
        };
    }

    /** Lists of up to {@code max} of this generator's inputs. */
    default Gen<List<T>> list(int max) {
        return list(0, max);
    }

    /** A choice and how often it is taken, relative to the others of {@link #frequency}. */
    record Weighted<T>(int weight, Gen<? extends T> gen) {
    }

    /** {@code gen} taken {@code weight} times as often as a choice of weight 1. */
    static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** One of the choices, each taken in proportion to its weight. */
    @SafeVarargs
    static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
        int total = 0;
        for (Weighted<? extends T> choice : choices) {
            total += choice.weight();
        }
        int sum = total;
        return random -> {
            int pick = random.nextInt(sum);
            for (Weighted<? extends T> choice : choices) {
                pick -= choice.weight();
                if (pick < 0) {
                    return choice.gen().next(random);
                }
            }
            throw new IllegalStateException("weights changed");
        };
    }

    /** One of the generators, each as often as the others. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        return random -> gens[random.nextInt(gens.length)].next(random);
    }

    /** Always {@code value}. */
    static <T> Gen<T> just(T value) {
        return random -> value;
    }

    /** One of {@code values}, each as often as the others. */
    @SafeVarargs
    static <T> Gen<T> of(T... values) {
        // Copied element by element: handing the varargs array itself on is what javac warns about.
        List<T> list = new ArrayList<>(values.length);
        for (T value : values) {
            list.add(value);
        }
        return of(list);
    }

    /** One of {@code values}, each as often as the others. */
    static <T> Gen<T> of(List<T> values) {
        List<T> copy = List.copyOf(values);
        return random -> copy.get(random.nextInt(copy.size()));
    }

    /** A sub-list of {@code values} in their order, each element in it or not with even odds. */
    static <T> Gen<List<T>> subsetOf(List<T> values) {
        return random -> {
            List<T> chosen = new ArrayList<>();
            for (T value : values) {
                if (random.nextBoolean()) {
                    chosen.add(value);
                }
            }
            return chosen;
        };
    }

    /** {@code true} or {@code false}. */
    static Gen<Boolean> booleans() {
        return SplittableRandom::nextBoolean;
    }

    /** An int in {@code min..max} (both included), leaning as {@link #longs(long, long)} does. */
    static Gen<Integer> ints(int min, int max) {
        return random -> (int) bounded(random, min, max);
    }

    /** Any int, leaning as {@link #ints(int, int)} does. */
    static Gen<Integer> ints() {
        return longs(Integer.MIN_VALUE, Integer.MAX_VALUE).map(Long::intValue);
    }

    /**
     * A long in {@code min..max} (both included): a bound one time in 32 each, the number nearest 0 one
     * time in 32, half the time a number near that one (within 2<sup>k</sup> of it, k any of 0..62 alike, so
     * small distances are as common as large ones), otherwise any number in range.
     */
    static Gen<Long> longs(long min, long max) {
        return random -> bounded(random, min, max);
    }

    /** Any long, leaning as {@link #longs(long, long)} does. */
    static Gen<Long> longs() {
        return longs(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A double in {@code [min, max)}. */
    static Gen<Double> doubles(double min, double max) {
        return random -> random.nextDouble(min, max);
    }

    /** Any byte, 0, -1, {@code 0x7F} and {@code 0x80} more often. */
    static Gen<Byte> bytes() {
        return random -> random.nextInt(8) == 0 ? new byte[] {0, -1, 0x7F, (byte) 0x80}[random.nextInt(4)]
                : (byte) random.nextInt(256);
    }

    /** Byte arrays of up to {@code max} bytes, each byte as {@link #bytes()}. */
    static Gen<byte[]> byteArrays(int max) {
        Gen<Byte> bytes = bytes();
        return random -> {
            byte[] array = new byte[size(random, 0, max)];
            for (int i = 0; i < array.length; i++) {
                array[i] = bytes.next(random);
            }
            return array;
        };
    }

    /** Strings of {@code min..max} characters taken from {@code chars}. */
    static Gen<String> strings(String chars, int min, int max) {
        return random -> {
            char[] text = new char[size(random, min, max)];
            for (int i = 0; i < text.length; i++) {
                text[i] = chars.charAt(random.nextInt(chars.length()));
            }
            return new String(text);
        };
    }

    /** Strings of up to {@code max} characters taken from {@code chars}. */
    static Gen<String> strings(String chars, int max) {
        return strings(chars, 0, max);
    }

    /** Strings of up to {@code max} of any UTF-16 unit, unpaired surrogates and U+0000 included. */
    static Gen<String> anyStrings(int max) {
        return random -> {
            char[] text = new char[size(random, 0, max)];
            for (int i = 0; i < text.length; i++) {
                text[i] = (char) random.nextInt(Character.MAX_VALUE + 1);
            }
            return new String(text);
        };
    }

    /** Decimal digits, {@code min..max} of them. */
    static Gen<String> numeric(int min, int max) {
        return strings("0123456789", min, max);
    }

    /** A size in {@code min..max}: see the class comment for how it leans. */
    static int size(SplittableRandom random, int min, int max) {
        return (int) bounded(random, min, max);
    }

    /** A long in {@code min..max}, leaning as {@link #longs(long, long)} says. */
    private static long bounded(SplittableRandom random, long min, long max) {
        int pick = random.nextInt(32);
        long target = min > 0 ? min : max < 0 ? max : 0;
        if (pick == 0) {
            return min;
        }
        if (pick == 1) {
            return max;
        }
        if (pick == 2) {
            return target;
        }
        if (pick < 19) {
            long reach = 1L << random.nextInt(63);
            // Unsigned differences: target - min and max - target fit in 64 bits unsigned, never in signed overflow.
            long low = Long.compareUnsigned(target - min, reach) <= 0 ? min : target - reach;
            long high = Long.compareUnsigned(max - target, reach) <= 0 ? max : target + reach;
            return uniform(random, low, high);
        }
        return uniform(random, min, max);
    }

    /** Any long in {@code min..max}, both included, each as likely as the others. */
    private static long uniform(SplittableRandom random, long min, long max) {
        if (max < Long.MAX_VALUE) {
            return random.nextLong(min, max + 1);
        }
        return min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min - 1, max) + 1;
    }
}
