package io.carrieremu.core.event;

import io.carrieremu.core.base.VendorCode;
import java.util.Optional;

/**
 * Why a connection attempt was deferred ({@code lwm2m_carrier_event_deferred_t.reason}), with the
 * text the vendor sample prints ("Reason: &lt;text&gt;, timeout: &lt;n&gt; seconds").
 */
public enum DeferredReason implements VendorCode {
    /** No reason given. */
    NO_REASON(0, "No reason given"),
    /** PDN activation failed: SIM problem or temporary network problem. */
    PDN_ACTIVATE(1, "Failed to activate PDN"),
    /** The bootstrap server did not answer at all. */
    BOOTSTRAP_NO_ROUTE(2, "No route to bootstrap server"),
    /** The bootstrap server answered but the DTLS handshake failed. */
    BOOTSTRAP_CONNECT(3, "Failed to connect to bootstrap server"),
    /** The bootstrap session did not complete (error reply, no objects, no Bootstrap-Finish). */
    BOOTSTRAP_SEQUENCE(4, "Bootstrap sequence not completed"),
    /** The DM server did not answer at all. */
    SERVER_NO_ROUTE(5, "No route to server"),
    /** The DM server answered but the DTLS handshake failed. */
    SERVER_CONNECT(6, "Failed to connect to server"),
    /** Register was rejected or not answered after the handshake. */
    SERVER_REGISTRATION(7, "Server registration sequence not completed"),
    /** The server answered 5.03 Service Unavailable. */
    SERVICE_UNAVAILABLE(8, "Server in maintenance mode"),
    /** The subscriber needs an MSISDN and the SIM has none yet. */
    SIM_MSISDN(9, "Waiting for SIM MSISDN");

    private final int code;
    private final String text;

    DeferredReason(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_DEFERRED_" + name();
    }

    @Override
    public String text() {
        return text;
    }

    /** The reason with the given number, or empty. */
    public static Optional<DeferredReason> fromCode(int code) {
        return VendorCode.byCode(DeferredReason.class, code);
    }
}
