package io.carrieremu.core.carrier;

import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.deferral.RetrySchedule;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the library knows about one carrier, loaded from {@code carrier-profiles.json} (see
 * {@link CarrierProfiles}). Values marked {@link Facts#EMULATOR_DEFAULT} are this emulator's choices,
 * not operator facts.
 *
 * @param id the profile id, e.g. {@code verizon}
 * @param carrier the carrier (and so its bit in {@code carriers_enabled})
 * @param facts where the values come from
 * @param homePlmns home PLMNs (MCC followed by a 2- or 3-digit MNC) whose IMSIs belong to the carrier
 * @param operatorIds the {@code %XOPERID} values of the carrier's SIMs
 * @param bootstrapUri the live bootstrap server, empty when the carrier uses none
 * @param dmUri the DM server for carriers without a bootstrap server, else empty
 * @param serverIds short server ids: bootstrap, DM servers, Verizon's diagnostics and repository
 * @param endpointName endpoint name template: {@code {imei}}, {@code {msisdn10}}
 * @param pskIdentity PSK identity template: also {@code {endpoint}}
 * @param msisdnRequired whether bootstrap waits for an MSISDN ({@code DEFERRED{SIM_MSISDN}})
 * @param bootstrapAtEveryStart whether the carrier bootstraps at every start (LG U+)
 * @param lifetimeSeconds the default registration lifetime
 * @param binding the default binding letters ({@code U}, {@code N})
 * @param autoRegister whether the carrier registers by itself (SoftBank does not)
 * @param customApn how a configured APN is used
 * @param objects the LwM2M objects the carrier enables
 * @param dmRetry retry schedule for DM servers
 * @param bootstrapRetry retry schedule for the bootstrap server
 * @param pdnRetry retry schedule for PDN activation
 * @param badRequestRetry the wait after a DM server answers 4.00 Bad Request, when the carrier has a rule for it
 * @param rules what the carrier allows and asks for beyond its servers
 */
public record CarrierProfile(
        String id,
        Carrier carrier,
        Facts facts,
        List<String> homePlmns,
        List<Integer> operatorIds,
        String bootstrapUri,
        String dmUri,
        ServerIds serverIds,
        String endpointName,
        String pskIdentity,
        boolean msisdnRequired,
        boolean bootstrapAtEveryStart,
        long lifetimeSeconds,
        String binding,
        boolean autoRegister,
        CustomApn customApn,
        Set<Integer> objects,
        RetrySchedule dmRetry,
        RetrySchedule bootstrapRetry,
        RetrySchedule pdnRetry,
        Optional<java.time.Duration> badRequestRetry,
        Rules rules) {

    /** Where a profile's values come from. */
    public enum Facts {
        /** Public facts about the operator's network. */
        PUBLISHED,
        /** The emulator's documented defaults; hosts are placeholders under {@code .invalid}. */
        EMULATOR_DEFAULT
    }

    /** How the configured custom APN is used. */
    public enum CustomApn {
        /** Not used (Verizon, LG U+). */
        IGNORED,
        /** Tried when the default APN fails. */
        FALLBACK,
        /** Used instead of the default APN, which becomes the fallback (generic mode). */
        REPLACE
    }

    /**
     * Short server ids.
     *
     * @param bootstrap the bootstrap server's, if any
     * @param dm the DM servers', in registration order
     * @param diagnostics Verizon's diagnostics server, if any
     * @param repository Verizon's repository server, if any
     */
    public record ServerIds(Optional<Integer> bootstrap, List<Integer> dm, Optional<Integer> diagnostics,
            Optional<Integer> repository) {
        /** Checks the components and copies mutable ones. */
        public ServerIds {
            Objects.requireNonNull(bootstrap, "bootstrap");
            dm = List.copyOf(dm);
            Objects.requireNonNull(diagnostics, "diagnostics");
            Objects.requireNonNull(repository, "repository");
        }
    }

    /**
     * Carrier rules the library follows.
     *
     * @param registrationRequests whether the application may ask for REGISTER and DEREGISTER (SoftBank and
     *     generic); otherwise those requests are {@code -EPERM}
     * @param deregisterOnLinkDown whether a LINK_DOWN request de-registers from the DM servers first (LG U+,
     *     SoftBank)
     * @param firmwareDownloadTimeout the push download abort timer when the configuration sets none
     *     (SoftBank: 30 minutes), empty for none
     * @param apnClasses the modem APN classes the carrier exposes in Connectivity Monitoring's
     *     {@code /4/0/30000}, by instance (Verizon: 2, 3, 6, 7); empty: the resource is not served
     * @param serverApnClass the APN class whose APN the library's PDN uses for its servers (Verizon: 2,
     *     the admin APN), empty for the default or custom APN
     */
    public record Rules(boolean registrationRequests, boolean deregisterOnLinkDown,
            Optional<java.time.Duration> firmwareDownloadTimeout, List<Integer> apnClasses, Optional<Integer> serverApnClass) {
        /** No special rules. */
        public static final Rules NONE = new Rules(false, false, Optional.empty(), List.of(), Optional.empty());

        /** Checks the components and copies mutable ones. */
        public Rules {
            Objects.requireNonNull(firmwareDownloadTimeout, "firmwareDownloadTimeout");
            apnClasses = List.copyOf(apnClasses);
            Objects.requireNonNull(serverApnClass, "serverApnClass");
        }
    }

    /** Checks the components and copies mutable ones. */
    public CarrierProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(carrier, "carrier");
        Objects.requireNonNull(facts, "facts");
        homePlmns = List.copyOf(homePlmns);
        operatorIds = List.copyOf(operatorIds);
        Objects.requireNonNull(bootstrapUri, "bootstrapUri");
        Objects.requireNonNull(dmUri, "dmUri");
        Objects.requireNonNull(serverIds, "serverIds");
        Objects.requireNonNull(endpointName, "endpointName");
        Objects.requireNonNull(pskIdentity, "pskIdentity");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(customApn, "customApn");
        objects = Set.copyOf(objects);
        Objects.requireNonNull(dmRetry, "dmRetry");
        Objects.requireNonNull(bootstrapRetry, "bootstrapRetry");
        Objects.requireNonNull(pdnRetry, "pdnRetry");
        Objects.requireNonNull(badRequestRetry, "badRequestRetry");
        Objects.requireNonNull(rules, "rules");
    }

    /** Whether this carrier bootstraps from a bootstrap server. */
    public boolean usesBootstrapServer() {
        return !bootstrapUri.isEmpty();
    }

    /** True if {@code imsi} starts with one of the home PLMNs. */
    public boolean ownsImsi(String imsi) {
        return homePlmns.stream().anyMatch(imsi::startsWith);
    }
}
