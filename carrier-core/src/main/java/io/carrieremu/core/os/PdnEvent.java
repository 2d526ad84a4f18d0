package io.carrieremu.core.os;

import io.carrieremu.core.base.VendorCode;

/** PDN events ({@code enum lwm2m_os_pdn_event}), derived from {@code +CNEC_ESM} and {@code +CGEV}. */
public enum PdnEvent implements VendorCode {
    /** {@code +CNEC_ESM}: the reason is the ESM cause (3GPP TS 24.301). */
    CNEC_ESM(0, "ESM error"),
    /** PDN activated. */
    ACTIVATED(1, "PDN activated"),
    /** PDN deactivated. */
    DEACTIVATED(2, "PDN deactivated"),
    /** IPv6 link up. */
    IPV6_UP(3, "IPv6 link up"),
    /** IPv6 link down. */
    IPV6_DOWN(4, "IPv6 link down"),
    /** Delivered for every context. */
    NETWORK_DETACHED(5, "Network detached"),
    /** APN rate control on. */
    APN_RATE_CONTROL_ON(6, "APN rate control on"),
    /** APN rate control off. */
    APN_RATE_CONTROL_OFF(7, "APN rate control off"),
    /** PDP context destroyed. */
    CTX_DESTROYED(8, "PDP context destroyed");

    private final int code;
    private final String text;

    PdnEvent(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_OS_PDN_EVENT_" + name();
    }

    @Override
    public String text() {
        return text;
    }
}
