package io.carrieremu.core.api;

import io.carrieremu.core.base.Errno;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link io.carrieremu.core.LwM2mCarrier#identityRead}: a value with {@link Result#OK}, or an error and no value.
 *
 * @param result the outcome
 * @param value the identity, present exactly when {@code result} is OK
 */
public record IdentityRead(Result result, Optional<String> value) {

    /** Checks the components and copies mutable ones. */
    public IdentityRead {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(value, "value");
        if (result.isOk() != value.isPresent()) {
            throw new IllegalArgumentException("a value comes with OK and only with it");
        }
    }

    /** A successful read. */
    public static IdentityRead ok(String value) {
        return new IdentityRead(Result.OK, Optional.of(value));
    }

    /** A failed read. */
    public static IdentityRead failed(Errno errno) {
        return new IdentityRead(Result.error(errno), Optional.empty());
    }
}
