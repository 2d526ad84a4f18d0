package io.carrieremu.core.object.device;

import io.carrieremu.core.base.VendorCode;

/** Device error codes, Device object {@code /3/0/11}. */
public enum DeviceErrorCode implements VendorCode {
    /** No error. */
    NO_ERROR(0, "No error"),
    /** Low battery power. */
    LOW_CHARGE(1, "Low battery power"),
    /** External power supply off. */
    EXTERNAL_SUPPLY_OFF(2, "External power supply off"),
    /** GPS module failure. */
    GPS_FAILURE(3, "GPS module failure"),
    /** Low received signal strength. */
    LOW_SIGNAL(4, "Low received signal strength"),
    /** Out of memory. */
    OUT_OF_MEMORY(5, "Out of memory"),
    /** SMS failure. */
    SMS_FAILURE(6, "SMS failure"),
    /** IP connectivity failure. */
    IP_CONNECTIVITY_FAILURE(7, "IP connectivity failure"),
    /** Peripheral malfunction. */
    PERIPHERAL_MALFUNCTION(8, "Peripheral malfunction");

    private final int code;
    private final String text;

    DeviceErrorCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_ERROR_CODE_" + name();
    }

    @Override
    public String text() {
        return text;
    }
}
