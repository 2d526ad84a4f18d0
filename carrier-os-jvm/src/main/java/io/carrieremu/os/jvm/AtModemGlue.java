package io.carrieremu.os.jvm;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.ModemInitResult;
import io.carrieremu.core.api.ModemMode;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.CarrierEventHandler;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendor's integration glue ({@code os/lwm2m_carrier.c}) for a modem on an AT channel: it obeys the
 * library's action events with the AT commands a device application sends — LTE_LINK_UP
 * {@code AT+CFUN=1}, LTE_LINK_DOWN {@code AT+CFUN=4}, LTE_POWER_OFF {@code AT+CFUN=0} — and reports each
 * functional-mode change the modem accepted back through {@code onModemCfun}; MODEM_INIT and
 * MODEM_SHUTDOWN become {@code onModemInit(SUCCESS)} and {@code onModemShutdown()}. Every event then
 * goes to the application's handler, whose answer counts (a non-zero REBOOT answer defers the reboot).
 *
 * <p>Use: build the library with this as its handler, {@link #attach} the instance, call
 * {@link #start()}. Events arrive on the library's work queue; the AT commands are sent from there.
 */
public final class AtModemGlue implements CarrierEventHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AtModemGlue.class);

    private final AtChannel at;
    private final CarrierEventHandler application;
    private volatile LwM2mCarrier carrier;

    /**
     * @param at the modem's AT channel
     * @param application the application's handler, called after the glue acted on each event
     */
    public AtModemGlue(AtChannel at, CarrierEventHandler application) {
        this.at = Objects.requireNonNull(at, "at");
        this.application = Objects.requireNonNull(application, "application");
    }

    /** The library instance the glue reports to (built with this glue as its handler). */
    public AtModemGlue attach(LwM2mCarrier instance) {
        this.carrier = Objects.requireNonNull(instance, "instance");
        return this;
    }

    /**
     * Starts the library on the modem as the vendor's sample does: the library runs, the modem is
     * reported initialised, LTE goes up.
     *
     * @throws IllegalStateException if no instance is attached
     */
    public void start() {
        LwM2mCarrier instance = requireAttached();
        instance.start();
        instance.onModemInit(ModemInitResult.SUCCESS);
        cfun(1);
    }

    @Override
    public int onEvent(CarrierEvent event) {
        LwM2mCarrier instance = carrier;
        if (instance != null) {
            switch (event.type()) {
                case LTE_LINK_UP -> cfun(1);
                case LTE_LINK_DOWN -> cfun(4);
                case LTE_POWER_OFF -> cfun(0);
                case MODEM_INIT -> instance.onModemInit(ModemInitResult.SUCCESS);
                case MODEM_SHUTDOWN -> instance.onModemShutdown();
                default -> {
                }
            }
        }
        return application.onEvent(event);
    }

    private void cfun(int fun) {
        try {
            AtResponse response = at.send("AT+CFUN=" + fun);
            if (response.isOk()) {
                requireAttached().onModemCfun(ModemMode.fromCfun(fun));
            } else {
                LOG.warn("the modem refused AT+CFUN={}: {}", fun, response.finalLine());
            }
        } catch (OsException e) {
            LOG.warn("AT+CFUN={} failed: {}", fun, e.getMessage());
        }
    }

    private LwM2mCarrier requireAttached() {
        LwM2mCarrier instance = carrier;
        if (instance == null) {
            throw new IllegalStateException("no library instance attached");
        }
        return instance;
    }
}
