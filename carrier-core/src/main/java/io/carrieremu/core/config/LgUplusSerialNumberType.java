package io.carrieremu.core.config;

import io.carrieremu.core.base.VendorCode;

/** Which device serial number LG U+ uses ({@code lg_uplus.device_serial_no_type}). */
public enum LgUplusSerialNumberType implements VendorCode {
    /** IMEI. */
    IMEI(0, "IMEI"),
    /** The 2D barcode printed on the module. */
    TWO_DID(1, "2DID");

    private final int code;
    private final String text;

    LgUplusSerialNumberType(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_LG_UPLUS_DEVICE_SERIAL_NO_" + (this == TWO_DID ? "2DID" : "IMEI");
    }

    @Override
    public String text() {
        return text;
    }
}
