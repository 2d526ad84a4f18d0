package io.carrieremu.os.sim;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.api.ModemMode;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Subscription;
import io.carrieremu.core.transport.TransportTiming;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated device's application: the glue every embedder writes, once. On each boot of a
 * {@link SimulatedDevice} it builds the carrier library, hooks the modem's CFUN changes into
 * {@code onModemCfun}, starts the library, reports the modem initialised and brings LTE up; and it
 * obeys every action event as the vendor's sample does — LTE_LINK_UP {@code AT+CFUN=1}, LTE_LINK_DOWN
 * {@code AT+CFUN=4}, LTE_POWER_OFF {@code AT+CFUN=0}, MODEM_INIT and MODEM_SHUTDOWN through the device's
 * modem library — and lets REBOOT happen. A hook sees every event first and may answer it (a non-zero
 * answer to REBOOT defers the reboot).
 *
 * <p>Events are recorded with the virtual time they were delivered at, for tests and tools.
 */
public final class SimulatedApplication {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedApplication.class);

    /** An event and the virtual time (ms) it was delivered at. */
    public record TimedEvent(long at, CarrierEvent event) {
    }

    private final SimulatedDevice device;
    private volatile Supplier<CarrierConfig> config;
    private final CarrierProfiles profiles;
    private final TransportTiming timing;
    private final List<LwM2mObjectEnabler> objects;
    private final List<TimedEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final List<List<EventType>> eventsPerBoot = Collections.synchronizedList(new ArrayList<>());
    private volatile Function<CarrierEvent, Integer> hook = event -> 0;
    private volatile boolean obey = true;
    private final java.util.Set<EventType> ignored = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile LwM2mCarrier current;
    private volatile CompletableFuture<MainResult> main;
    private Subscription cfunHook;

    private SimulatedApplication(Builder builder) {
        this.device = builder.device;
        this.config = builder.config;
        this.profiles = builder.profiles;
        this.timing = builder.timing;
        this.objects = List.copyOf(builder.objects);
    }

    /** An application for {@code device} running the library with {@code config}. */
    public static Builder builder(SimulatedDevice device, CarrierConfig config) {
        return new Builder(device, () -> config);
    }

    /** Boots the application now, and after every reboot of the device. */
    public SimulatedApplication start() {
        device.onBoot(this::firmware);
        return this;
    }

    /** The configuration the next boots use (a changed prj.conf between runs). */
    public void config(CarrierConfig value) {
        Objects.requireNonNull(value, "value");
        this.config = () -> value;
    }

    /**
     * Lets a caller see every event first and answer it (e.g. defer a reboot); the default answer is 0.
     * The hook runs on the library's thread and must not block.
     */
    public void onEvent(Function<CarrierEvent, Integer> value) {
        this.hook = Objects.requireNonNull(value, "value");
    }

    /** Whether the application obeys action events (default true); false makes it a misbehaving one. */
    public void obey(boolean value) {
        this.obey = value;
    }

    /** The application does not act on the next event of {@code type} (a misbehaving application, once). */
    public void ignoreNext(EventType type) {
        ignored.add(Objects.requireNonNull(type, "type"));
    }

    private void firmware(LwM2mOs os) {
        List<EventType> bootEvents = Collections.synchronizedList(new ArrayList<>());
        eventsPerBoot.add(bootEvents);
        if (cfunHook != null) {
            cfunHook.close();
        }
        LwM2mCarrier[] self = new LwM2mCarrier[1];
        LwM2mCarrier.Builder builder = LwM2mCarrier.builder(os, config.get(), event -> {
            events.add(new TimedEvent(device.clock().nowMillis(), event));
            bootEvents.add(event.type());
            int answer = hook.apply(event);
            if (obey && !ignored.remove(event.type())) {
                act(os, self[0], event);
            }
            return answer;
        }).transportTiming(timing);
        if (profiles != null) {
            builder.profiles(profiles);
        }
        objects.forEach(builder::addObject);
        LwM2mCarrier instance = builder.build();
        self[0] = instance;
        current = instance;
        cfunHook = device.modem().onCfun(fun -> instance.onModemCfun(ModemMode.fromCfun(fun)));
        main = instance.start();
        instance.onModemInit(device.modemInit());
        send(os, "AT+CFUN=1");
    }

    private void act(LwM2mOs os, LwM2mCarrier carrier, CarrierEvent event) {
        switch (event.type()) {
            case LTE_LINK_UP -> send(os, "AT+CFUN=1");
            case LTE_LINK_DOWN -> send(os, "AT+CFUN=4");
            case LTE_POWER_OFF -> send(os, "AT+CFUN=0");
            case MODEM_INIT -> carrier.onModemInit(device.modemInit());
            case MODEM_SHUTDOWN -> {
                carrier.onModemShutdown();
                device.modemShutdown();
            }
            default -> {
                // informational; REBOOT: the hook's answer decides
            }
        }
    }

    private static void send(LwM2mOs os, String command) {
        try {
            os.at().send(command);
        } catch (OsException e) {
            LOG.warn("{} failed: {}", command, e.getMessage());
        }
    }

    /** The library instance of the current boot. */
    public LwM2mCarrier carrier() {
        return current;
    }

    /** What {@code main()} of the current boot returns, when it does. */
    public CompletableFuture<MainResult> main() {
        return main;
    }

    /** Every event of every boot, with its virtual time. */
    public List<TimedEvent> timedEvents() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Every event of every boot. */
    public List<CarrierEvent> events() {
        synchronized (events) {
            return events.stream().map(TimedEvent::event).toList();
        }
    }

    /** The event types of every boot, in order. */
    public List<EventType> eventTypes() {
        synchronized (events) {
            return events.stream().map(e -> e.event().type()).toList();
        }
    }

    /** The event types of each boot. */
    public List<List<EventType>> eventsPerBoot() {
        synchronized (eventsPerBoot) {
            return eventsPerBoot.stream().map(List::copyOf).toList();
        }
    }

    /** The virtual times (ms) at which events of {@code type} were delivered, in order. */
    public List<Long> times(EventType type) {
        synchronized (events) {
            return events.stream().filter(e -> e.event().type() == type).map(TimedEvent::at).toList();
        }
    }

    /** How many events of {@code type} were delivered. */
    public long count(EventType type) {
        synchronized (events) {
            return events.stream().filter(e -> e.event().type() == type).count();
        }
    }

    /** The device this application runs on. */
    public SimulatedDevice device() {
        return device;
    }

    /** Stops the library of the current boot. */
    public void stop() {
        LwM2mCarrier instance = current;
        if (instance != null) {
            instance.close();
        }
    }

    /** Builds a {@link SimulatedApplication}. */
    public static final class Builder {
        private final SimulatedDevice device;
        private final Supplier<CarrierConfig> config;
        private CarrierProfiles profiles;
        private TransportTiming timing = TransportTiming.STANDARD;
        private final List<LwM2mObjectEnabler> objects = new ArrayList<>();

        private Builder(SimulatedDevice device, Supplier<CarrierConfig> config) {
            this.device = Objects.requireNonNull(device, "device");
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Carrier profiles instead of the built-in ones. */
        public Builder profiles(CarrierProfiles value) {
            this.profiles = Objects.requireNonNull(value, "value");
            return this;
        }

        /** CoAP/DTLS timing (default the vendor device's standard timing, which costs no wall time here). */
        public Builder transportTiming(TransportTiming value) {
            this.timing = Objects.requireNonNull(value, "value");
            return this;
        }

        /** An object of the application's own, served next to the carrier's. */
        public Builder addObject(LwM2mObjectEnabler object) {
            this.objects.add(Objects.requireNonNull(object, "object"));
            return this;
        }

        /** The application; {@link SimulatedApplication#start()} boots it. */
        public SimulatedApplication build() {
            return new SimulatedApplication(this);
        }
    }
}
