package io.carrieremu.core.deferral;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How long to wait before each retry of a failed connection attempt: the n-th failure waits
 * {@code delays[n]}; after the last step the schedule either repeats its last delay or gives up (the
 * library then reports {@code ERROR{CONNECT, -EHOSTUNREACH}} and tries no more until reboot).
 *
 * @param delays the waits, in order; at least one
 * @param whenExhausted what follows the last delay
 */
public record RetrySchedule(List<Duration> delays, WhenExhausted whenExhausted) {

    /** What happens after the last delay of a schedule. */
    public enum WhenExhausted {
        /** Keep retrying with the last delay. */
        REPEAT_LAST,
        /** Stop; report the connection error. */
        GIVE_UP
    }

    /** Checks the components and copies mutable ones. */
    public RetrySchedule {
        delays = List.copyOf(delays);
        Objects.requireNonNull(whenExhausted, "whenExhausted");
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("a retry schedule has at least one delay");
        }
        for (Duration delay : delays) {
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("retry delays are positive, got " + delay);
            }
        }
    }

    /**
     * The wait after failure number {@code failures} (1 for the first failure), or empty when the
     * schedule gives up.
     */
    public Optional<Duration> delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures start at 1, got " + failures);
        }
        if (failures <= delays.size()) {
            return Optional.of(delays.get(failures - 1));
        }
        return whenExhausted == WhenExhausted.REPEAT_LAST ? Optional.of(delays.get(delays.size() - 1)) : Optional.empty();
    }
}
