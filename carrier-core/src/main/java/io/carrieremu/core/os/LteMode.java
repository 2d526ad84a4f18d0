package io.carrieremu.core.os;

import io.carrieremu.core.base.VendorCode;

/** LTE system modes ({@code LWM2M_OS_LTE_MODE_*}). */
public enum LteMode implements VendorCode {
    /** No preference: restore the application's own. */
    NONE(-1, "None"),
    /** LTE-M. */
    CAT_M1(6, "LTE-M"),
    /** NB-IoT. */
    CAT_NB1(7, "NB-IoT");

    private final int code;
    private final String text;

    LteMode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_OS_LTE_MODE_" + name();
    }

    @Override
    public String text() {
        return text;
    }
}
