package io.carrieremu.core.object.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A resource's allowed values: numbers between {@link #min()} and {@link #max()} inclusive, or, for
 * strings and opaque values ({@link #bytes()}), a length in bytes between them.
 *
 * @param min the smallest value or length
 * @param max the largest value or length
 * @param bytes true if the range bounds a length in bytes
 */
public record ValueRange(BigDecimal min, BigDecimal max, boolean bytes) {

    /** Checks the components and copies mutable ones. */
    public ValueRange {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("range " + min + ".." + max + " is empty");
        }
        if (bytes && min.signum() < 0) {
            throw new IllegalArgumentException("a length range cannot start below 0");
        }
    }

    /** True if {@code value} lies within the range. */
    public boolean contains(BigDecimal value) {
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    /**
     * Parses {@code "min..max"} or {@code "min..max bytes"}.
     *
     * @throws IllegalArgumentException if the text is neither
     */
    public static ValueRange parse(String text) {
        String body = text.strip();
        boolean bytes = body.endsWith(" bytes");
        if (bytes) {
            body = body.substring(0, body.length() - " bytes".length()).strip();
        }
        int dots = body.indexOf("..");
        if (dots <= 0 || dots + 2 >= body.length()) {
            throw new IllegalArgumentException("range '" + text + "' is not min..max");
        }
        try {
            return new ValueRange(new BigDecimal(body.substring(0, dots)), new BigDecimal(body.substring(dots + 2)), bytes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("range '" + text + "' has a bound that is not a number", e);
        }
    }

    @Override
    public String toString() {
        return min.toPlainString() + ".." + max.toPlainString() + (bytes ? " bytes" : "");
    }
}
