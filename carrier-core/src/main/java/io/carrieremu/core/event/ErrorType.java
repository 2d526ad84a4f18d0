package io.carrieremu.core.event;

import io.carrieremu.core.base.VendorCode;
import java.util.Optional;

/**
 * The type of an {@code ERROR} event ({@code lwm2m_carrier_event_error_t.type}), 3.7.0 numbering:
 * 7 ({@code ERROR_RUN}) was removed and folded into {@link #CONFIGURATION}. {@link #text()} is what
 * the vendor sample prints.
 */
public enum ErrorType implements VendorCode {
    /** No error. */
    NO_ERROR(0, "No error"),
    /** Failed to connect to LTE (SIM problem or coverage). */
    LTE_LINK_UP_FAIL(1, "Failed to connect to the LTE network"),
    /** Failed to disconnect from LTE. */
    LTE_LINK_DOWN_FAIL(2, "Failed to disconnect from the LTE network"),
    /** Bootstrap failed; e.g. {@code -EACCES}: keys could not be written because the link was up. */
    BOOTSTRAP(3, "Bootstrap error"),
    /** A firmware update failed; the value tells why. */
    FOTA_FAIL(4, "Modem firmware update failed"),
    /** The configuration is invalid; the library does not start. */
    CONFIGURATION(5, "Configuration failure"),
    /** Initialisation failed. */
    INIT(6, "Initialization failure"),
    /** Connecting is not possible: retries exhausted, subscriber not supported, or not allowed. */
    CONNECT(8, "Connection failure");

    private final int code;
    private final String text;

    ErrorType(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_ERROR_" + name();
    }

    @Override
    public String text() {
        return text;
    }

    /** The type with the given number, or empty (7 is empty in 3.7.0). */
    public static Optional<ErrorType> fromCode(int code) {
        return VendorCode.byCode(ErrorType.class, code);
    }
}
