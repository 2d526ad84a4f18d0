package io.carrieremu.core.api;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.base.VendorCode;

/**
 * Why {@link io.carrieremu.core.LwM2mCarrier#main()} returned — the three outcomes of {@code lwm2m_carrier_main()}.
 */
public enum MainResult implements VendorCode {
    /** Stopped: {@code close()}, an unrecoverable error, or a reboot deferred by the handler (C: 0). */
    STOPPED(0, "The library stopped"),
    /** The configuration was invalid; an {@code ERROR{CONFIGURATION}} event said why (C: -EINVAL). */
    INVALID_CONFIG(Errno.EINVAL.negative(), "Invalid configuration"),
    /** An internal fault stopped the library (C: -EFAULT). */
    INTERNAL_FAULT(Errno.EFAULT.negative(), "Internal error");

    private final int code;
    private final String text;

    MainResult(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return name();
    }

    @Override
    public String text() {
        return text;
    }
}
