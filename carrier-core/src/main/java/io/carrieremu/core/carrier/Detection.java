package io.carrieremu.core.carrier;

import io.carrieremu.core.config.Carrier;
import java.util.Objects;

/**
 * The outcome of carrier detection.
 */
public sealed interface Detection {

    /**
     * The library acts as {@code profile}'s carrier (GENERIC included).
     *
     * @param profile the profile in effect
     * @param subscriberCarrier the carrier the SIM belongs to, or GENERIC when it matched none
     */
    record Detected(CarrierProfile profile, Carrier subscriberCarrier) implements Detection {
        /** Checks the components and copies mutable ones. */
        public Detected {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(subscriberCarrier, "subscriberCarrier");
        }

        /** True in generic mode. */
        public boolean isGeneric() {
            return profile.carrier() == Carrier.GENERIC;
        }
    }

    /**
     * The subscriber belongs to no enabled carrier and generic mode is not enabled: the library reports
     * {@code ERROR{CONNECT, -ENOTSUP}} and does not connect.
     *
     * @param subscriberCarrier the carrier the SIM belongs to (not enabled), or GENERIC when it matched none
     */
    record Unsupported(Carrier subscriberCarrier) implements Detection {
        /** Checks the components and copies mutable ones. */
        public Unsupported {
            Objects.requireNonNull(subscriberCarrier, "subscriberCarrier");
        }
    }
}
