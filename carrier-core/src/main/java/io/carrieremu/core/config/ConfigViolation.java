package io.carrieremu.core.config;

import io.carrieremu.core.base.Errno;
import java.util.Objects;

/**
 * One broken configuration rule: the value the library reports in {@code ERROR{CONFIGURATION, value}},
 * the offending field (by its {@code lwm2m_carrier_config_t} name) and a readable explanation that
 * never contains secrets.
 *
 * @param errno {@code E2BIG} string too long, {@code EFAULT} invalid operator-specific configuration,
 *     {@code ENOENT} sec tag absent, {@code EINVAL} illegal server URI, {@code EBADR} invalid binding
 *     or PDN type
 * @param field the C field name, e.g. {@code server_uri}
 * @param message what is wrong
 */
public record ConfigViolation(Errno errno, String field, String message) {

    /** Checks the components and copies mutable ones. */
    public ConfigViolation {
        Objects.requireNonNull(errno, "errno");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message + " (-" + errno.name() + ")";
    }
}
