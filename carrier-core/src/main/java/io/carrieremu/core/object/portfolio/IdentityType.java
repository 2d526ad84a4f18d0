package io.carrieremu.core.object.portfolio;

import io.carrieremu.core.base.VendorCode;

/** Identity types of the Portfolio object, {@code /16/x/0/<type>}. */
public enum IdentityType implements VendorCode {
    /** Host device ID. */
    ID(0, "Host device ID"),
    /** Host device manufacturer. */
    MANUFACTURER(1, "Host device manufacturer"),
    /** Host device model. */
    MODEL(2, "Host device model"),
    /** Host device software version. */
    SW_VERSION(3, "Host device software version");

    private final int code;
    private final String text;

    IdentityType(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_IDENTITY_" + name();
    }

    @Override
    public String text() {
        return text;
    }
}
