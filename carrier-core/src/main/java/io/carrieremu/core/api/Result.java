package io.carrieremu.core.api;

import io.carrieremu.core.base.Errno;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a public API call: {@link #OK}, or exactly one documented {@link Errno}.
 *
 * <p>This is the Java shape of the C functions' {@code int} return ({@code 0} or {@code -errno}). Each
 * method's Javadoc lists the outcomes it can produce; two documented outcomes never share one
 * {@code Result}. Instances are canonical, so {@code ==} and {@code equals} agree.
 */
public final class Result {

    /** Success: the C function returned 0. */
    public static final Result OK = new Result(null);

    private static final Map<Errno, Result> ERRORS = new EnumMap<>(Errno.class);

    static {
        for (Errno errno : Errno.values()) {
            ERRORS.put(errno, new Result(errno));
        }
    }

    private final Errno errno;

    private Result(Errno errno) {
        this.errno = errno;
    }

    /** The failed outcome carrying {@code errno}. */
    public static Result error(Errno errno) {
        return ERRORS.get(Objects.requireNonNull(errno, "errno"));
    }

    /** True for {@link #OK}. */
    public boolean isOk() {
        return errno == null;
    }

    /** The error, or empty for {@link #OK}. */
    public Optional<Errno> errno() {
        return Optional.ofNullable(errno);
    }

    /** The C return value: 0 for {@link #OK}, otherwise {@code -errno}. */
    public int code() {
        return errno == null ? 0 : errno.negative();
    }

    /** True if this is the failure {@code candidate}. */
    public boolean is(Errno candidate) {
        return errno == candidate;
    }

    @Override
    public String toString() {
        return errno == null ? "OK" : "-" + errno.name() + " (" + code() + ")";
    }
}
