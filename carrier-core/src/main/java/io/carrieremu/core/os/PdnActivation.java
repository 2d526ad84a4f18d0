package io.carrieremu.core.os;

import java.util.Objects;

/**
 * A successful PDN activation.
 *
 * @param cid the context
 * @param family what the network granted: {@code IPV4} or {@code IPV6} when only that family was
 *     granted, otherwise the family that was configured
 * @param esmCause an ESM cause the network attached to its acceptance (e.g. 50 "PDN type IPv4 only
 *     allowed"), 0 if none
 */
public record PdnActivation(int cid, PdnFamily family, int esmCause) {
    /** Checks the components and copies mutable ones. */
    public PdnActivation {
        Objects.requireNonNull(family, "family");
    }
}
