package io.carrieremu.core.object.device;

import io.carrieremu.core.base.VendorCode;

/** Battery status, Device object {@code /3/0/20}; meaningful only with an internal battery. */
public enum BatteryStatus implements VendorCode {
    /** Normal. */
    NORMAL(0, "Normal"),
    /** Charging. */
    CHARGING(1, "Charging"),
    /** Charge complete. */
    CHARGE_COMPLETE(2, "Charge complete"),
    /** Damaged. */
    DAMAGED(3, "Damaged"),
    /** Low battery. */
    LOW_BATTERY(4, "Low battery"),
    /** Not installed. */
    NOT_INSTALLED(5, "Not installed"),
    /** Unknown. */
    UNKNOWN(6, "Unknown");

    private final int code;
    private final String text;

    BatteryStatus(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_BATTERY_STATUS_" + name();
    }

    @Override
    public String text() {
        return text;
    }
}
