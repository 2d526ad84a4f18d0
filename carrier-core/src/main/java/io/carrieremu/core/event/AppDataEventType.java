package io.carrieremu.core.event;

import io.carrieremu.core.base.VendorCode;

/**
 * What happened on an app data container resource ({@code lwm2m_carrier_event_app_data_t.type}).
 * {@link #text()} is the word the vendor sample prints after "App data event type:".
 */
public enum AppDataEventType implements VendorCode {
    /** A server wrote data. */
    DATA_WRITE(0),
    /** A server started observing. */
    OBSERVE_START(1),
    /** A server stopped observing. */
    OBSERVE_STOP(2);

    private final int code;

    AppDataEventType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_APP_DATA_EVENT_" + name();
    }

    @Override
    public String text() {
        return name();
    }
}
