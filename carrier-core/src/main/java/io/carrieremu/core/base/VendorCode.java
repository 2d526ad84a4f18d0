package io.carrieremu.core.base;

import java.util.Optional;

/**
 * A constant of the vendor library (liblwm2m_carrier 3.7.0) rendered as a Java enum constant.
 *
 * <p>Every implementation carries the vendor's numeric value, so logs, JSON output and shell output
 * can be compared line by line with a real device's; the vendor's macro name; and the human text the
 * vendor sample prints for it (or, where the sample prints nothing, the header's one-line meaning).
 */
public interface VendorCode {

    /** The numeric value of the constant in the 3.7.0 C header. */
    int code();

    /** The C macro name, e.g. {@code LWM2M_CARRIER_EVENT_REGISTERED}. */
    String vendorName();

    /** The human text, e.g. {@code "Failed to connect to bootstrap server"}. */
    String text();

    /** The constant of {@code type} whose {@link #code()} is {@code code}, or empty. */
    static <E extends Enum<E> & VendorCode> Optional<E> byCode(Class<E> type, int code) {
        for (E constant : type.getEnumConstants()) {
            if (constant.code() == code) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
