package io.carrieremu.core.carrier;

import java.util.Objects;
import java.util.Optional;

/**
 * Who the SIM belongs to, as the modem reports it.
 *
 * @param imei the device's IMEI (15 digits)
 * @param imsi the IMSI
 * @param iccid the ICCID digits (without padding F)
 * @param msisdn the subscriber number, if the SIM has one yet
 * @param operatorId the {@code %XOPERID} value, 0 if the modem did not identify the operator
 */
public record Subscriber(String imei, String imsi, String iccid, Optional<String> msisdn, int operatorId) {
    /** Checks the components and copies mutable ones. */
    public Subscriber {
        Objects.requireNonNull(imei, "imei");
        Objects.requireNonNull(imsi, "imsi");
        Objects.requireNonNull(iccid, "iccid");
        Objects.requireNonNull(msisdn, "msisdn");
    }
}
