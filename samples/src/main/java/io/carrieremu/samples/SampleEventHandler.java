package io.carrieremu.samples;

import io.carrieremu.core.event.CarrierEventHandler;
import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import java.util.function.Consumer;

/**
 * The sample's event handler: the Java counterpart of the vendor sample's
 * {@code lwm2m_carrier_event_handler()}. It prints every event and obeys the ones that ask the
 * application to act — copy it as the starting point of a gateway integration:
 *
 * <ul>
 *   <li>LTE_LINK_UP / LTE_LINK_DOWN / LTE_POWER_OFF: bring the link up ({@code AT+CFUN=1}), take it
 *       down ({@code AT+CFUN=4}) or power the modem off ({@code AT+CFUN=0});
 *   <li>MODEM_INIT / MODEM_SHUTDOWN: initialise or shut down the modem and tell the library;
 *   <li>REBOOT: return 0 to let the library reboot the device (non-zero would defer it);
 *   <li>everything else is informational.
 * </ul>
 */
final class SampleEventHandler implements CarrierEventHandler {

    /** What the application does for MODEM_INIT / MODEM_SHUTDOWN on its platform. */
    interface ModemLibrary {
        /** Initialises the modem library and reports the result to the carrier library. */
        void init(LwM2mCarrier carrier);

        /** Shuts the modem library down and reports it to the carrier library. */
        void shutdown(LwM2mCarrier carrier);
    }

    private final LwM2mOs os;
    private final ModemLibrary modem;
    private final Consumer<CarrierEvent> printer;
    private volatile LwM2mCarrier carrier;

    SampleEventHandler(LwM2mOs os, ModemLibrary modem, Consumer<CarrierEvent> printer) {
        this.os = os;
        this.modem = modem;
        this.printer = printer;
    }

    /** The library instance this handler serves (set right after building it). */
    void attach(LwM2mCarrier instance) {
        this.carrier = instance;
    }

    @Override
    public int onEvent(CarrierEvent event) {
        printer.accept(event);
        try {
            switch (event.type()) {
                case LTE_LINK_UP -> os.at().send("AT+CFUN=1");
                case LTE_LINK_DOWN -> os.at().send("AT+CFUN=4");
                case LTE_POWER_OFF -> os.at().send("AT+CFUN=0");
                case MODEM_INIT -> modem.init(carrier);
                case MODEM_SHUTDOWN -> modem.shutdown(carrier);
                default -> {
                    // informational; REBOOT returns 0 so the library reboots the device
                }
            }
        } catch (OsException e) {
            System.err.println("Failed to act on " + event.type().vendorName() + ": " + e.getMessage());
            return e.errno().negative();
        }
        return 0;
    }
}
