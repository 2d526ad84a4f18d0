package io.carrieremu.core.object.device;

import io.carrieremu.core.base.VendorCode;

/** Available power sources, Device object {@code /3/0/6} (value 3 is unused by the vendor). */
public enum PowerSource implements VendorCode {
    /** DC. */
    DC(0, "DC"),
    /** Int batt. */
    INTERNAL_BATTERY(1, "Int batt"),
    /** Ext batt. */
    EXTERNAL_BATTERY(2, "Ext batt"),
    /** Ethernet. */
    ETHERNET(4, "Ethernet"),
    /** USB. */
    USB(5, "USB"),
    /** AC. */
    AC(6, "AC"),
    /** Solar. */
    SOLAR(7, "Solar");

    private final int code;
    private final String text;

    PowerSource(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_POWER_SOURCE_" + name();
    }

    /** The label the vendor shell lists ("0 DC, 1 Int batt, …"). */
    @Override
    public String text() {
        return text;
    }
}
