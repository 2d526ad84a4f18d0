package io.carrieremu.core.event;

import io.carrieremu.core.event.CarrierEvent;

/**
 * The application's event handler: the Java shape of {@code lwm2m_carrier_event_handler()}.
 *
 * <p>Events arrive one at a time, in order, on a thread of the OS layer's work queues (never two
 * at once). The handler may call any {@link io.carrieremu.core.LwM2mCarrier} method, including {@code request(...)}
 * and the modem hooks, without deadlock. It must obey the action events promptly:
 * {@code LTE_LINK_UP}, {@code LTE_LINK_DOWN}, {@code LTE_POWER_OFF}, {@code MODEM_INIT},
 * {@code MODEM_SHUTDOWN}, {@code FOTA_START}.
 */
@FunctionalInterface
public interface CarrierEventHandler {

    /**
     * Handles one event.
     *
     * @return the error of the action taken, 0 otherwise. Only {@code REBOOT} looks at it: non-zero
     *     defers the reboot, the library stops and {@link io.carrieremu.core.LwM2mCarrier#main()} returns
     *     {@link io.carrieremu.core.api.MainResult#STOPPED}; the application must then reboot at its earliest convenience.
     */
    int onEvent(CarrierEvent event);
}
