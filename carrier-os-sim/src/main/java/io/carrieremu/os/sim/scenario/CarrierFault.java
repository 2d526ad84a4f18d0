package io.carrieremu.os.sim.scenario;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The failures a {@link CarrierSim} can inject on the carrier side, the SIM or the network, one per
 * deferral a user may want to rehearse. Each names the deferred reason it leads to.
 */
public enum CarrierFault {
    /** Datagrams to the bootstrap server vanish: {@code BOOTSTRAP_NO_ROUTE}, then the retry limit. */
    BOOTSTRAP_UNREACHABLE,
    /** The bootstrap server expects other keys: {@code BOOTSTRAP_CONNECT}. */
    WRONG_PSK,
    /** The bootstrap server never sends Bootstrap-Finish: {@code BOOTSTRAP_SEQUENCE}. */
    FINISH_DROPPED,
    /** The SIM has no MSISDN: {@code SIM_MSISDN} for carriers whose endpoint name needs it. */
    NO_MSISDN,
    /** The network rejects the configured APN (ESM cause 33): {@code PDN_ACTIVATE}; needs a custom APN. */
    PDN_REJECT,
    /** Datagrams to the first DM server vanish: {@code SERVER_NO_ROUTE}. */
    SERVER_UNREACHABLE,
    /** The first DM server expects other keys: {@code SERVER_CONNECT}. */
    SERVER_WRONG_PSK,
    /** The first DM server answers Register with 4.03: {@code SERVER_REGISTRATION}, then a new bootstrap. */
    REGISTER_FORBIDDEN,
    /** The first DM server answers everything with 5.03: {@code SERVICE_UNAVAILABLE}. */
    SERVER_UNAVAILABLE;

    /** The command-line name, e.g. {@code bootstrap-unreachable}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The fault with this command-line (or constant) name, or empty. */
    public static Optional<CarrierFault> of(String name) {
        String wanted = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (CarrierFault fault : values()) {
            if (fault.name().equals(wanted)) {
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    /** The command-line names of all faults. */
    public static List<String> cliNames() {
        return java.util.Arrays.stream(values()).map(CarrierFault::cliName).toList();
    }

    @Override
    public String toString() {
        return cliName();
    }
}
