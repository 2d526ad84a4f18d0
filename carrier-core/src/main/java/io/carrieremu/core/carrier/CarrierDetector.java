package io.carrieremu.core.carrier;

import io.carrieremu.core.config.Carrier;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which carrier the library acts as, by the SIM's subscriber — not by the serving network:
 * the modem's {@code %XOPERID} if it identified the operator, else the IMSI's home PLMN matched
 * against the profiles. A subscriber of an enabled carrier gets that carrier; any other gets generic
 * mode if GENERIC is enabled, or is unsupported.
 */
public final class CarrierDetector {

    private final CarrierProfiles profiles;

    /** A detector over {@code profiles}. */
    public CarrierDetector(CarrierProfiles profiles) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    /** The carrier the SIM belongs to, or GENERIC if it matches no profile. */
    public Carrier subscriberCarrier(Subscriber subscriber) {
        if (subscriber.operatorId() != 0) {
            for (CarrierProfile profile : profiles.all()) {
                if (profile.carrier() != Carrier.GENERIC && profile.operatorIds().contains(subscriber.operatorId())) {
                    return profile.carrier();
                }
            }
        }
        for (CarrierProfile profile : profiles.all()) {
            if (profile.carrier() != Carrier.GENERIC && profile.ownsImsi(subscriber.imsi())) {
                return profile.carrier();
            }
        }
        return Carrier.GENERIC;
    }

    /**
     * Detects the carrier to act as.
     *
     * @param enabled the enabled carriers ({@link io.carrieremu.core.config.CarrierConfig#enabledCarriers()})
     */
    public Detection detect(Subscriber subscriber, Set<Carrier> enabled) {
        Carrier owner = subscriberCarrier(subscriber);
        if (owner != Carrier.GENERIC && enabled.contains(owner)) {
            return new Detection.Detected(profiles.of(owner).orElseThrow(), owner);
        }
        if (enabled.contains(Carrier.GENERIC)) {
            return new Detection.Detected(profiles.of(Carrier.GENERIC).orElseThrow(
                    () -> new IllegalStateException("the profiles have no generic profile")), owner);
        }
        return new Detection.Unsupported(owner);
    }
}
