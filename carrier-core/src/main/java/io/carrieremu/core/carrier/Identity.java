package io.carrieremu.core.carrier;

import java.util.Objects;
import java.util.Optional;

/**
 * The endpoint name and PSK identity a carrier expects, from its profile's templates: {@code {imei}},
 * {@code {msisdn10}} (the last 10 digits of the MSISDN, so a US {@code +1} prefix falls away) and
 * {@code {endpoint}}.
 *
 * @param endpointName e.g. {@code urn:imei-msisdn:352656100367872-5551234567}
 * @param pskIdentity e.g. the endpoint name
 */
public record Identity(String endpointName, String pskIdentity) {

    /** Checks the components and copies mutable ones. */
    public Identity {
        Objects.requireNonNull(endpointName, "endpointName");
        Objects.requireNonNull(pskIdentity, "pskIdentity");
    }

    /**
     * The identity for a subscriber.
     *
     * @return empty when the templates need an MSISDN the SIM does not have yet (the library then defers
     *     with {@code SIM_MSISDN})
     */
    public static Optional<Identity> of(CarrierProfile profile, Subscriber subscriber) {
        Optional<String> msisdn10 = subscriber.msisdn().map(Identity::lastTenDigits);
        boolean needsMsisdn = profile.endpointName().contains("{msisdn10}") || profile.pskIdentity().contains("{msisdn10}");
        if (needsMsisdn && msisdn10.isEmpty()) {
            return Optional.empty();
        }
        String endpoint = fill(profile.endpointName(), subscriber.imei(), msisdn10.orElse(""), "");
        String identity = fill(profile.pskIdentity(), subscriber.imei(), msisdn10.orElse(""), endpoint);
        return Optional.of(new Identity(endpoint, identity));
    }

    private static String fill(String template, String imei, String msisdn10, String endpoint) {
        return template.replace("{imei}", imei).replace("{msisdn10}", msisdn10).replace("{endpoint}", endpoint);
    }

    private static String lastTenDigits(String msisdn) {
        String digits = msisdn.replaceAll("[^0-9]", "");
        return digits.length() <= 10 ? digits : digits.substring(digits.length() - 10);
    }
}
