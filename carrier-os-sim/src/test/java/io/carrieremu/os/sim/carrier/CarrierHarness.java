package io.carrieremu.os.sim.carrier;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.api.ModemMode;
import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.SimulatedApplication;
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
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.registration.Registration;

/**
 * A simulated device running the carrier core through the {@link SimulatedApplication} (which obeys
 * link requests with AT+CFUN, forwards the modem's CFUN hook, lets reboots happen), against the
 * simulated carrier side of the SIM's carrier, in one simulated world on the standard CoAP/DTLS
 * timing. Tests state only what differs.
 */
final class CarrierHarness implements AutoCloseable {

    static final String IMEI = "352656100367872";
    static final byte[] BOOTSTRAP_KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
    static final byte[] DM_KEY = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");
    static final TransportTiming TIMING = TransportTiming.STANDARD;

    /** An event and the virtual time it was delivered at. */
    record TimedEvent(long at, CarrierEvent event) {
    }

    final SimulatedDevice device;
    final SimulatedCarrier carrier;
    private final List<org.eclipse.leshan.client.resource.LwM2mObjectEnabler> objects = new ArrayList<>();
    private volatile CarrierConfig config;
    private volatile SimulatedApplication application;
    final List<CarrierEvent> events = Collections.synchronizedList(new ArrayList<>());
    final List<TimedEvent> timed = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean ignoreNextLinkDown;
    private volatile Function<CarrierEvent, Integer> eventHook = event -> 0;

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

    /** The SIM of {@code simProfile} on its home network, keeping only the last {@code transcriptLimit} transcript entries. */
    CarrierHarness(String simProfile, CarrierConfig config, int transcriptLimit) throws Exception {
        this(SimProfiles.card(simProfile), simProfile, carrierOf(simProfile), SimulatedCarrier.Options.defaults(), config,
                transcriptLimit);
    }

    private CarrierHarness(SimCard card, String networkProfile, Carrier carrierSide, SimulatedCarrier.Options options,
            CarrierConfig config) throws Exception {
        this(card, networkProfile, carrierSide, options, config, 0);
    }

    private CarrierHarness(SimCard card, String networkProfile, Carrier carrierSide, SimulatedCarrier.Options options,
            CarrierConfig config, int transcriptLimit) throws Exception {
        SimulatedDevice.Builder builder = SimulatedDevice.builder().profile(networkProfile).sim(card);
        if (transcriptLimit > 0) {
            builder.transcriptLimit(transcriptLimit);
        }
        this.device = builder.build();
        CarrierProfile profile = CarrierProfiles.builtIn().of(carrierSide).orElseThrow();
        SimulatedCarrier.Device identity = deviceFor(profile, card);
        this.carrier = SimulatedCarrier.start(profile, device.transport(), identity, TIMING, options);
        this.config = config;
        provision(CarrierConfig.FACTORY_BOOTSTRAP_SEC_TAG, BOOTSTRAP_KEY);
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
        if (application != null) {
            application.config(value);
        }
    }

    /** An object of the application's own, served next to the carrier's (before {@link #boot()}). */
    CarrierHarness withObject(org.eclipse.leshan.client.resource.LwM2mObjectEnabler object) {
        objects.add(object);
        return this;
    }

    /** The application on the device (after {@link #boot()}). */
    SimulatedApplication application() {
        return application;
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
        SimulatedApplication.Builder builder = SimulatedApplication.builder(device, config).transportTiming(TIMING);
        objects.forEach(builder::addObject);
        SimulatedApplication app = builder.build();
        app.onEvent(event -> {
            events.add(event);
            timed.add(new TimedEvent(device.clock().nowMillis(), event));
            int answer = eventHook.apply(event);
            if (event.type() == EventType.LTE_LINK_DOWN && ignoreNextLinkDown) {
                ignoreNextLinkDown = false;
                app.ignoreNext(EventType.LTE_LINK_DOWN);
                app.carrier().onModemCfun(ModemMode.LTE_DEACTIVATED);
            }
            return answer;
        });
        this.application = app;
        app.start();
        return this;
    }

    /** Event types of all boots so far, in order. */
    List<EventType> eventTypes() {
        synchronized (events) {
            return events.stream().map(CarrierEvent::type).toList();
        }
    }

    /** Event types of each boot. */
    List<List<EventType>> eventsPerBoot() {
        return application.eventsPerBoot();
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
        return application.carrier();
    }

    CompletableFuture<MainResult> main() {
        return application.main();
    }

    /** A request from DM server {@code ssid} to the device, answered in virtual time. */
    <T extends LwM2mResponse> T send(int ssid, DownlinkRequest<T> request) {
        Registration registration = carrier.dmServer(ssid).getRegistrationService().getByEndpoint(endpoint());
        if (registration == null) {
            throw new AssertionError("the device is not registered at server " + ssid);
        }
        return carrier.send(ssid, registration, request, Duration.ofMinutes(5));
    }

    /** The endpoint name the carrier side provisioned. */
    String endpoint() {
        return carrier.devices().get(0).endpoint();
    }

    @Override
    public void close() {
        if (application != null) {
            application.stop();
        }
        device.clock().runUntilIdle();
        carrier.close();
        device.close();
    }

    /**
     * True if {@code condition} holds: the carrier side runs in the same simulated world, so once the
     * clock has run, it has handled everything the device sent — there is nothing to wait for.
     */
    static boolean eventually(java.util.function.BooleanSupplier condition) {
        return condition.getAsBoolean();
    }

    /**
     * The instance of the Server object (1) that belongs to DM server {@code ssid}: the device serves all
     * its servers from one object model, so a registration announces every Server instance; the one whose
     * Short Server ID (resource 0) is {@code ssid} is the server's own.
     */
    int serverObjectInstance(int ssid, Registration registration) {
        List<Integer> instances = java.util.Arrays.stream(registration.getObjectLinks())
                .map(link -> link.getUriReference())
                .filter(uri -> uri.matches("/1/\\d+"))
                .map(uri -> Integer.parseInt(uri.substring(3)))
                .toList();
        for (int instance : instances) {
            org.eclipse.leshan.core.response.ReadResponse read = carrier.send(ssid, registration,
                    new org.eclipse.leshan.core.request.ReadRequest(1, instance, 0), Duration.ofSeconds(5));
            if (read.isSuccess() && read.getContent() instanceof org.eclipse.leshan.core.node.LwM2mResource resource
                    && ((Number) resource.getValue()).intValue() == ssid) {
                return instance;
            }
        }
        throw new AssertionError("no Server instance of server " + ssid + " in " + instances);
    }
}
