package io.carrieremu.os.sim.carrier;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.MainResult;
import io.carrieremu.core.ModemMode;
import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.engine.CarrierEngine;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.Subscription;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.SimulatedDevice;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.sim.SimProfiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A simulated device running the carrier core with an application that behaves like the vendor's
 * glue and sample (obeys link requests with AT+CFUN, forwards the modem's CFUN hook, lets reboots
 * happen), against the simulated carrier side of the SIM's carrier. Tests state only what differs.
 */
final class CarrierHarness implements AutoCloseable {

    static final String IMEI = "352656100367872";
    static final byte[] BOOTSTRAP_KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
    static final byte[] DM_KEY = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");

    /** An event and the virtual time it was delivered at. */
    record TimedEvent(long at, CarrierEvent event) {
    }

    final SimulatedDevice device;
    final SimulatedCarrier carrier;
    final List<CarrierEvent> events = Collections.synchronizedList(new ArrayList<>());
    final List<TimedEvent> timed = Collections.synchronizedList(new ArrayList<>());
    final List<List<EventType>> eventsPerBoot = Collections.synchronizedList(new ArrayList<>());
    private volatile CarrierConfig config;
    private volatile boolean ignoreNextLinkDown;
    private Function<CarrierEvent, Integer> eventHook = event -> 0;
    private volatile LwM2mCarrier current;
    private volatile CompletableFuture<MainResult> main;
    private Subscription cfunHook;

    CarrierHarness(String simProfile, CarrierConfig config) throws Exception {
        this(SimProfiles.card(simProfile), simProfile, carrierOf(simProfile), SimulatedCarrier.Options.defaults(), config);
    }

    /**
     * @param card the SIM
     * @param networkProfile the SIM profile whose home network the device is on
     * @param carrierSide the carrier whose servers run
     * @param bootstrapUri the bootstrap server's URI, or null for the profile's
     */
    CarrierHarness(SimCard card, String networkProfile, Carrier carrierSide, String bootstrapUri, CarrierConfig config)
            throws Exception {
        this(card, networkProfile, carrierSide, SimulatedCarrier.Options.defaults().withBootstrapUri(bootstrapUri), config);
    }

    /** The SIM of {@code simProfile} on its home network, with the carrier side run with {@code options}. */
    CarrierHarness(String simProfile, CarrierConfig config, SimulatedCarrier.Options options) throws Exception {
        this(SimProfiles.card(simProfile), simProfile, carrierOf(simProfile), options, config);
    }

    private CarrierHarness(SimCard card, String networkProfile, Carrier carrierSide, SimulatedCarrier.Options options,
            CarrierConfig config) throws Exception {
        this.config = config;
        this.device = SimulatedDevice.builder().profile(networkProfile).sim(card).build();
        CarrierProfile profile = CarrierProfiles.builtIn().of(carrierSide).orElseThrow();
        SimulatedCarrier.Device identity = deviceFor(profile, card);
        this.carrier = SimulatedCarrier.start(profile, device.transport(), identity, TransportTiming.COMPRESSED, options);
        provision(CarrierEngine.FACTORY_BOOTSTRAP_KEY_TAG, BOOTSTRAP_KEY);
    }

    /** The identity and keys the carrier side provisions for {@code card} under {@code profile}. */
    static SimulatedCarrier.Device deviceFor(CarrierProfile profile, SimCard card) {
        String endpoint = profile.endpointName().replace("{imei}", IMEI)
                .replace("{msisdn10}", card.msisdn(Long.MAX_VALUE).map(m -> m.substring(m.length() - 10)).orElse(""));
        return new SimulatedCarrier.Device(IMEI, endpoint, endpoint, BOOTSTRAP_KEY, DM_KEY);
    }

    /** The configuration the next boots use (a changed prj.conf between runs). */
    void config(CarrierConfig value) {
        this.config = value;
    }

    /** The application ignores the next LINK_DOWN but tells the library the link is down (a misbehaving app). */
    void ignoreNextLinkDown() {
        this.ignoreNextLinkDown = true;
    }

    static Carrier carrierOf(String simProfile) {
        return switch (simProfile) {
            case "verizon" -> Carrier.VERIZON;
            case "t-mobile" -> Carrier.T_MOBILE;
            case "lg-uplus" -> Carrier.LG_UPLUS;
            case "softbank" -> Carrier.SOFTBANK;
            case "bell-ca" -> Carrier.BELL_CA;
            default -> Carrier.GENERIC;
        };
    }

    /** Writes a PSK into the modem as a factory or user would, while LTE is off. */
    void provision(int secTag, byte[] key) throws OsException {
        device.os().at().send("AT%CMNG=0," + secTag + ",3,\"" + HexFormat.of().formatHex(key) + "\"");
    }

    /** Lets a test answer events (e.g. lie about CFUN, defer a reboot); default: obey and return 0. */
    void onEvent(Function<CarrierEvent, Integer> hook) {
        this.eventHook = hook;
    }

    /** Boots the device with the application, now and after every reboot. */
    CarrierHarness boot() {
        device.onBoot(this::firmware);
        return this;
    }

    private void firmware(LwM2mOs os) {
        List<EventType> bootEvents = Collections.synchronizedList(new ArrayList<>());
        eventsPerBoot.add(bootEvents);
        if (cfunHook != null) {
            cfunHook.close();
        }
        LwM2mCarrier[] self = new LwM2mCarrier[1];
        LwM2mCarrier instance = LwM2mCarrier.builder(os, config, event -> {
            events.add(event);
            timed.add(new TimedEvent(device.clock().nowMillis(), event));
            bootEvents.add(event.type());
            int hooked = eventHook.apply(event);
            try {
                switch (event.type()) {
                    case LTE_LINK_UP -> os.at().send("AT+CFUN=1");
                    case LTE_LINK_DOWN -> {
                        if (ignoreNextLinkDown) {
                            ignoreNextLinkDown = false;
                            self[0].onModemCfun(ModemMode.LTE_DEACTIVATED);
                        } else {
                            os.at().send("AT+CFUN=4");
                        }
                    }
                    case LTE_POWER_OFF -> os.at().send("AT+CFUN=0");
                    default -> {
                    }
                }
            } catch (OsException e) {
                throw new IllegalStateException(e);
            }
            return hooked;
        }).transportTiming(TransportTiming.COMPRESSED).build();
        self[0] = instance;
        current = instance;
        cfunHook = device.modem().onCfun(fun -> instance.onModemCfun(ModemMode.fromCfun(fun)));
        main = instance.start();
        instance.onModemInit(device.modemInit());
        try {
            os.at().send("AT+CFUN=1");
        } catch (OsException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Event types of all boots so far, in order. */
    List<EventType> eventTypes() {
        synchronized (events) {
            return events.stream().map(CarrierEvent::type).toList();
        }
    }

    boolean saw(EventType type) {
        return eventTypes().contains(type);
    }

    /** Runs virtual time until {@code type} has been seen {@code times} times, at most {@code max}. */
    boolean runUntil(EventType type, int times, Duration max) {
        return device.clock().runUntil(() -> eventTypes().stream().filter(t -> t == type).count() >= times, max);
    }

    /** Virtual times at which events of {@code type} were delivered. */
    List<Long> timesOf(EventType type) {
        synchronized (timed) {
            return timed.stream().filter(t -> t.event().type() == type).map(TimedEvent::at).toList();
        }
    }

    LwM2mCarrier carrierInstance() {
        return current;
    }

    CompletableFuture<MainResult> main() {
        return main;
    }

    @Override
    public void close() {
        LwM2mCarrier instance = current;
        if (instance != null) {
            instance.close();
        }
        carrier.close();
        device.close();
    }

    /**
     * Waits (real time, at most 10 s) for a carrier-side server to have handled what the device already
     * sent: the servers run on their own threads, outside the virtual clock.
     */
    static boolean eventually(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return true;
    }

    /** The instance of the Server object (1) a registration announced. */
    static int serverObjectInstance(org.eclipse.leshan.server.registration.Registration registration) {
        return java.util.Arrays.stream(registration.getObjectLinks())
                .map(link -> link.getUriReference())
                .filter(uri -> uri.matches("/1/\\d+"))
                .map(uri -> Integer.parseInt(uri.substring(3)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Server object instance in "
                        + java.util.Arrays.toString(registration.getObjectLinks())));
    }
}
