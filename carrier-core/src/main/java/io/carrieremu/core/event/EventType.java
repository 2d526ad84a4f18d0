package io.carrieremu.core.event;

import io.carrieremu.core.base.VendorCode;
import java.util.Optional;

/**
 * Event types with their liblwm2m_carrier 3.7.0 numbers ({@code lwm2m_carrier_event_t.type}).
 *
 * <p>{@link #text()} is what the vendor sample prints for the event: its macro name.
 */
public enum EventType implements VendorCode {
    /** The application must connect to LTE. */
    LTE_LINK_UP(1),
    /** The application must disconnect from LTE and stay offline until the next {@link #LTE_LINK_UP}. */
    LTE_LINK_DOWN(2),
    /** The application must power off the modem (CFUN=0). */
    LTE_POWER_OFF(3),
    /** Informational: bootstrap done. */
    BOOTSTRAPPED(4),
    /** Informational: first successful registration since start. */
    REGISTERED(5),
    /** Informational: deregistered on request. */
    DEREGISTERED(6),
    /** Informational: a connection attempt failed and will be retried after a timeout. */
    DEFERRED(7),
    /** The application must close its TLS and DTLS sessions: a firmware download starts. */
    FOTA_START(8),
    /** Informational: the firmware update succeeded. */
    FOTA_SUCCESS(9),
    /** The library will reboot the device; a non-zero handler return defers the reboot. */
    REBOOT(10),
    /** Informational and deprecated: a modem domain event. */
    MODEM_DOMAIN(11),
    /** Data written to, or observation started/stopped on, an app data container. */
    APP_DATA(12),
    /** The application must initialise the modem library. */
    MODEM_INIT(13),
    /** The application must shut the modem library down. */
    MODEM_SHUTDOWN(14),
    /** The server executed Device Reset Error Code; re-add the error codes that still apply. */
    ERROR_CODE_RESET(15),
    /** Informational: an error occurred. */
    ERROR(20);

    private final int code;

    EventType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return "LWM2M_CARRIER_EVENT_" + name();
    }

    /** The vendor sample prints the macro name for every event. */
    @Override
    public String text() {
        return vendorName();
    }

    /** The type with the given 3.7.0 number, or empty. */
    public static Optional<EventType> fromCode(int code) {
        return VendorCode.byCode(EventType.class, code);
    }
}
