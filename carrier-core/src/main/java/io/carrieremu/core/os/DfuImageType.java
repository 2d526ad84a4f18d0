package io.carrieremu.core.os;

import io.carrieremu.core.base.VendorCode;

/** Firmware image types the DFU target recognises ({@code LWM2M_OS_DFU_IMG_TYPE_*}). */
public enum DfuImageType implements VendorCode {
    /** Not recognised. */
    NONE(0, "Unknown image"),
    /** An MCUboot application image. */
    APPLICATION(1, "Application image"),
    /** A modem delta (firmware difference) image. */
    MODEM_DELTA(2, "Modem delta image"),
    /** One part of an MCUboot image split over several files (SoftBank divided FOTA). */
    APPLICATION_FILE(3, "Application image part");

    private final int code;
    private final String text;

    DfuImageType(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_OS_DFU_IMG_TYPE_" + name();
    }

    @Override
    public String text() {
        return text;
    }
}
