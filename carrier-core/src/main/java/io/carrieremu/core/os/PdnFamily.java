package io.carrieremu.core.os;

import io.carrieremu.core.base.VendorCode;

/**
 * Address family of a PDN ({@code enum lwm2m_os_pdn_fam}). The order differs from the configuration's
 * {@link io.carrieremu.core.config.PdnType}.
 */
public enum PdnFamily implements VendorCode {
    /** IPv4 only ({@code +CGDCONT} PDP type {@code IP}). */
    IPV4(0, "IP"),
    /** IPv6 only. */
    IPV6(1, "IPV6"),
    /** Dual stack. */
    IPV4V6(2, "IPV4V6"),
    /** Non-IP data delivery. */
    NONIP(3, "Non-IP");

    private final int code;
    private final String pdpType;

    PdnFamily(int code, String pdpType) {
        this.code = code;
        this.pdpType = pdpType;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_OS_PDN_FAM_" + name();
    }

    /** The PDP type string {@code AT+CGDCONT} takes: {@code IP}, {@code IPV6}, {@code IPV4V6}, {@code Non-IP}. */
    @Override
    public String text() {
        return pdpType;
    }
}
