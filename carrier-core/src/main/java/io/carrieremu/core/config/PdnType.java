package io.carrieremu.core.config;

import io.carrieremu.core.base.VendorCode;
import java.util.Optional;

/**
 * PDN type of the custom APN ({@code pdn_type}). Note the order differs from the OS layer's
 * {@link io.carrieremu.core.os.PdnFamily}.
 */
public enum PdnType implements VendorCode {
    /** IPv4v6. */
    IPV4V6(0, "IPv4v6"),
    /** IPv4. */
    IPV4(1, "IPv4"),
    /** IPv6. */
    IPV6(2, "IPv6"),
    /** Non-IP (NIDD). */
    NONIP(3, "Non-IP");

    private final int code;
    private final String text;

    PdnType(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_PDN_TYPE_" + name();
    }

    @Override
    public String text() {
        return text;
    }

    /** The type with the given value, or empty. */
    public static Optional<PdnType> fromCode(int code) {
        return VendorCode.byCode(PdnType.class, code);
    }
}
