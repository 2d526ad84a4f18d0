package io.carrieremu.core.api;

import io.carrieremu.core.base.VendorCode;

/** The functional mode the application reports with {@link io.carrieremu.core.LwM2mCarrier#onModemCfun(ModemMode)}. */
public enum ModemMode implements VendorCode {
    /** Modem powered off. */
    POWER_OFF(0, "Modem powered off"),
    /** LTE activated. */
    LTE_ACTIVATED(1, "LTE activated"),
    /** LTE deactivated. */
    LTE_DEACTIVATED(2, "LTE deactivated");

    private final int code;
    private final String text;

    ModemMode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_MODEM_MODE_" + name();
    }

    @Override
    public String text() {
        return text;
    }

    /**
     * The mode for an {@code AT+CFUN=<fun>} value, mapped as the vendor glue does: 1 and 21 activate
     * LTE; 2, 4, 20 and 44 deactivate it; anything else (0 …) is a power-off.
     */
    public static ModemMode fromCfun(int fun) {
        return switch (fun) {
            case 1, 21 -> LTE_ACTIVATED;
            case 2, 4, 20, 44 -> LTE_DEACTIVATED;
            default -> POWER_OFF;
        };
    }
}
