package io.carrieremu.core.storage;

import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.config.Carrier;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What the library persists after a bootstrap: the result, and what it was made for — the carrier and
 * subscriber (a SIM or carrier change means a new bootstrap) and the fingerprint of the server settings
 * (a change means a factory reset).
 *
 * @param carrier the carrier the library acted as
 * @param iccid the SIM's ICCID
 * @param msisdn the MSISDN used in the identity, empty if none
 * @param settingsFingerprint {@link io.carrieremu.core.config.CarrierConfig#serverSettingsFingerprint()}, 32 bytes
 * @param config the Security and Server instances
 */
public record BootstrapState(Carrier carrier, String iccid, String msisdn, byte[] settingsFingerprint, ServerAccounts config) {

    /** Checks the components and copies mutable ones. */
    public BootstrapState {
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(iccid, "iccid");
        Objects.requireNonNull(msisdn, "msisdn");
        Objects.requireNonNull(config, "config");
        if (settingsFingerprint.length != 32) {
            throw new IllegalArgumentException("the settings fingerprint is a SHA-256 (32 bytes)");
        }
        settingsFingerprint = settingsFingerprint.clone();
    }
    /** A copy of the server settings fingerprint. */

    @Override
    public byte[] settingsFingerprint() {
        return settingsFingerprint.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootstrapState other && carrier == other.carrier && iccid.equals(other.iccid)
                && msisdn.equals(other.msisdn) && MessageDigest.isEqual(settingsFingerprint, other.settingsFingerprint)
                && config.equals(other.config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(carrier, iccid, msisdn, Arrays.hashCode(settingsFingerprint), config);
    }

    @Override
    public String toString() {
        return "BootstrapState[" + carrier + ", ICCID " + iccid + ", settings " + HexFormat.of().formatHex(settingsFingerprint, 0, 4)
                + "…, " + config + "]";
    }
}
