package io.carrieremu.core.event;

import io.carrieremu.core.base.VendorCode;

/** Modem domain events carried by the deprecated {@code MODEM_DOMAIN} event. */
public enum ModemDomainEvent implements VendorCode {
    /** Modem overheated. */
    ME_OVERHEATED(0, "Modem overheated"),
    /** Modem battery low. */
    ME_BATTERY_LOW(1, "Modem battery low"),
    /** The modem restricts attach attempts for the next 30 minutes. */
    RESET_LOOP(2, "Modem reset loop: attach attempts restricted for 30 minutes");

    private final int code;
    private final String text;

    ModemDomainEvent(int code, String text) {
        this.code = code;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_MODEM_EVENT_" + name();
    }

    @Override
    public String text() {
        return text;
    }
}
