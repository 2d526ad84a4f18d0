package io.carrieremu.core.api;

import io.carrieremu.core.base.VendorCode;

/** Requests the application can make with {@link io.carrieremu.core.LwM2mCarrier#request(Request)}. */
public enum Request implements VendorCode {
    /** Reboot the device: {@code LTE_POWER_OFF} then {@code REBOOT}. */
    REBOOT(0, "Request a system reboot"),
    /** The application is about to go online; the library answers with {@code LTE_LINK_UP} when ready. */
    LINK_UP(1, "Request to connect to the LTE network"),
    /** The application is about to go offline; the library answers with {@code LTE_LINK_DOWN} when ready. */
    LINK_DOWN(2, "Request to disconnect from the LTE network"),
    /** Register to every configured server (SoftBank and generic only). */
    REGISTER(3, "Request registration to the servers"),
    /** Deregister from every connected server (SoftBank and generic only). */
    DEREGISTER(4, "Request deregistration from the servers");

    private final int code;
    private final String text;

    Request(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_REQUEST_" + name();
    }

    @Override
    public String text() {
        return text;
    }
}
