package io.carrieremu.core.object.device;

import io.carrieremu.core.base.VendorCode;

/** Device error codes, Device object {@code /3/0/11}. */
public enum DeviceErrorCode implements VendorCode {
    NO_ERROR(0, "No error"),
    LOW_CHARGE(1, "Low battery power"),
    EXTERNAL_SUPPLY_OFF(2, "External power supply off"),
    GPS_FAILURE(3, "GPS module failure"),
    LOW_SIGNAL(4, "Low received signal strength"),
    OUT_OF_MEMORY(5, "Out of memory"),
    SMS_FAILURE(6, "SMS failure"),
    IP_CONNECTIVITY_FAILURE(7, "IP connectivity failure"),
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
