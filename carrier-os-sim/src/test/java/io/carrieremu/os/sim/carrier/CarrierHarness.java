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

    final SimulatedDevice device;
    final SimulatedCarrier carrier;
    final List<CarrierEvent> events = Collections.synchronizedList(new ArrayList<>());
    final List<List<EventType>> eventsPerBoot = Collections.synchronizedList(new ArrayList<>());
    private final CarrierConfig config;
    private Function<CarrierEvent, Integer> eventHook = event -> 0;
    private volatile LwM2mCarrier current;
    private volatile CompletableFuture<MainResult> main;
    private Subscription cfunHook;

    CarrierHarness(String simProfile, CarrierConfig config) throws Exception {
        this(SimulatedDevice.builder().profile(simProfile), SimProfiles.card(simProfile), carrierOf(simProfile), config);
    }

    CarrierHarness(SimulatedDevice.Builder deviceBuilder, SimCard card, Carrier carrierSide, CarrierConfig config) throws Exception {
        this.config = config;
        this.device = deviceBuilder.sim(card).build();
        CarrierProfile profile = CarrierProfiles.builtIn().of(carrierSide).orElseThrow();
        String endpoint = profile.endpointName().replace("{imei}", IMEI)
                .replace("{msisdn10}", card.msisdn(Long.MAX_VALUE).map(m -> m.substring(m.length() - 10)).orElse(""));
        this.carrier = SimulatedCarrier.start(profile, device.transport(),
                new SimulatedCarrier.Device(IMEI, endpoint, endpoint, BOOTSTRAP_KEY, DM_KEY), TransportTiming.COMPRESSED);
        provision(CarrierEngine.FACTORY_BOOTSTRAP_KEY_TAG, BOOTSTRAP_KEY);
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
        LwM2mCarrier instance = LwM2mCarrier.builder(os, config, event -> {
            events.add(event);
            bootEvents.add(event.type());
            int hooked = eventHook.apply(event);
            try {
                switch (event.type()) {
                    case LTE_LINK_UP -> os.at().send("AT+CFUN=1");
                    case LTE_LINK_DOWN -> os.at().send("AT+CFUN=4");
                    case LTE_POWER_OFF -> os.at().send("AT+CFUN=0");
                    default -> {
                    }
                }
            } catch (OsException e) {
                throw new IllegalStateException(e);
            }
            return hooked;
        }).transportTiming(TransportTiming.COMPRESSED).build();
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
}
