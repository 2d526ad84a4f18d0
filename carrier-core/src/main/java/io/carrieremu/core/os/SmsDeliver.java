package io.carrieremu.core.os;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * An SMS-DELIVER message ({@code struct lwm2m_os_sms_data}).
 *
 * @param originatingAddress the sender, e.g. {@code +15551234567}
 * @param destinationPort the application port of the user data header, if present
 * @param payload the user data (copied in and out)
 */
public record SmsDeliver(String originatingAddress, OptionalInt destinationPort, byte[] payload) {

    /** Checks the components and copies mutable ones. */
    public SmsDeliver {
        Objects.requireNonNull(originatingAddress, "originatingAddress");
        Objects.requireNonNull(destinationPort, "destinationPort");
        payload = payload.clone();
    }
    /** A copy of {@code payload}. */

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmsDeliver other
                && originatingAddress.equals(other.originatingAddress)
                && destinationPort.equals(other.destinationPort)
                && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(originatingAddress, destinationPort, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "SmsDeliver[from=" + originatingAddress + ", port=" + destinationPort + ", " + payload.length + " bytes]";
    }
}
