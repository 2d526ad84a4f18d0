package io.carrieremu.core.api;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.base.VendorCode;

/** What the application passes to {@link io.carrieremu.core.LwM2mCarrier#onModemInit(ModemInitResult)}. */
public enum ModemInitResult implements VendorCode {
    /** Modem initialized. */
    SUCCESS(0, "LWM2M_CARRIER_MODEM_INIT_SUCCESS", "Modem initialized"),
    /** The modem now runs new firmware (a modem delta update was applied). */
    UPDATED(1, "LWM2M_CARRIER_MODEM_INIT_UPDATED", "Modem firmware update successful"),
    /** Applying new modem firmware failed; the modem runs the old firmware or none. */
    UPDATE_FAILED(2, "LWM2M_CARRIER_MODEM_INIT_UPDATE_FAILED", "Modem firmware update failed"),
    /** Initialisation failed with an unhandled error; the glue passes {@code -EIO}. */
    IO_ERROR(Errno.EIO.negative(), "-EIO", "Could not initialize modem library");

    private final int code;
    private final String vendorName;
    private final String text;

    ModemInitResult(int code, String vendorName, String text) {
        this.code = code;
        this.vendorName = vendorName;
        this.text = text;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return vendorName;
    }

    @Override
    public String text() {
        return text;
    }
}
