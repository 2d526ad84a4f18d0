package io.carrieremu.os.sim.scenario;

import io.carrieremu.core.api.Request;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.CarrierProfileException;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.SimulatedApplication;
import io.carrieremu.os.sim.SimulatedDevice;
import io.carrieremu.os.sim.carrier.ExchangeLog;
import io.carrieremu.os.sim.carrier.SimulatedCarrier;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.transcript.Transcript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;

/**
 * One simulated world ready to run: a {@link SimulatedDevice} with a SIM profile, its
 * {@link SimulatedApplication} running the carrier library with a {@link CarrierConfig}, and the
 * {@link SimulatedCarrier} of the SIM's operator (detected by the core's own rules), with the device
 * provisioned on it (endpoint name from the core's identity rules, factory key in the modem, the
 * configuration's application PSK — or, for a custom server without one, the factory key — in the
 * configuration's sec tag) and the chosen {@link CarrierFault}s injected. A
 * configured custom server is simulated too: a custom bootstrap server replaces the carrier's, a
 * custom DM server ({@code is_bootstrap_server = false}) leads to the carrier's first DM server.
 *
 * <pre>{@code
 * try (CarrierSim sim = CarrierSim.builder("verizon").build().start()) {
 *     sim.runUntil(EventType.REGISTERED, 1, Duration.ofHours(1));
 * }
 * }</pre>
 *
 * <p>Nothing runs until {@link #start()}; time runs only while a caller drives the clock
 * ({@link #runUntil}, {@link #clock()}). Not thread-safe: one test or tool drives it.
 */
public final class CarrierSim implements AutoCloseable {

    /** How often the application asks for registration when the carrier waits for a REGISTER request. */
    private static final Duration REGISTER_POLL = Duration.ofSeconds(5);

    private final SimulatedDevice device;
    private final SimulatedCarrier carrier;
    private final SimulatedApplication application;
    private final CarrierProfile profile;
    private final Optional<SimulatedCarrier.Device> provisioned;
    private final boolean requestRegistration;

    private CarrierSim(Builder b) {
        boolean noMsisdn = b.faults.contains(CarrierFault.NO_MSISDN);
        SimCard card = b.sim != null ? b.sim : noMsisdn ? SimProfiles.builder(b.simProfile).msisdn(null).build()
                : SimProfiles.card(b.simProfile);
        SimulatedDevice.Builder deviceBuilder = SimulatedDevice.builder().profile(b.simProfile).sim(card).imei(b.imei)
                .seed(b.seed).transcriptLimit(b.transcriptLimit);
        if (b.stateDirectory != null) {
            try {
                deviceBuilder.stateDirectory(b.stateDirectory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the device state in " + b.stateDirectory + ": " + e.getMessage(), e);
            }
        }
        this.device = deviceBuilder.build();
        try {
            CarrierProfiles profiles = b.profiles != null ? b.profiles : CarrierProfiles.builtIn();
            this.profile = SimulatedCarrier.profileOf(device, profiles);
            CarrierConfig config = b.config;
            SimulatedCarrier.Options options = b.options;
            boolean customServer = config.serverSettingsApply() && config.hasCustomServer();
            // A server the caller placed explicitly (the one a SIM bootstrap record names) wins over the configuration's.
            if (customServer && options.bootstrapUri() == null && options.dmUri() == null) {
                options = config.isBootstrapServer() ? options.withBootstrapUri(config.serverUri())
                        : options.withCustomDmServer(config.serverUri());
            }
            this.carrier = SimulatedCarrier.start(profile, device.transport(), b.timing, options);
            byte[] key = config.appPsk().map(Psk::bytes).orElse(b.bootstrapKey);
            this.provisioned = key != null ? carrier.provision(device, key) : carrier.provision(device);
            // The configured sec tag holds the application PSK or, for a custom server without one, the
            // provisioned key: what the application (or its user) would have written there.
            Optional<Psk> secTagKey = config.appPsk();
            if (secTagKey.isEmpty() && customServer) {
                secTagKey = device.os().credentials().psk(CarrierConfig.FACTORY_BOOTSTRAP_SEC_TAG);
            }
            if (config.serverSecTag() != 0 && secTagKey.isPresent()) {
                device.os().credentials().write(config.serverSecTag(), Credential.psk(secTagKey.get()));
            }
            for (CarrierFault fault : b.faults) {
                inject(fault, config);
            }
            SimulatedApplication.Builder app = SimulatedApplication.builder(device, config).transportTiming(b.timing);
            if (b.profiles != null) {
                app.profiles(b.profiles);
            }
            b.objects.forEach(app::addObject);
            this.application = app.build();
        } catch (CarrierProfileException | OsException | RuntimeException e) {
            device.close();
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
        }
        this.requestRegistration = b.requestRegistration && !profile.autoRegister();
    }

    /** A builder for a device with SIM profile {@code simProfile} ({@link SimProfiles#IDS}, e.g. {@code "verizon"}). */
    public static Builder builder(String simProfile) {
        return new Builder(simProfile);
    }

    private void inject(CarrierFault fault, CarrierConfig config) {
        int firstDm = profile.serverIds().dm().get(0);
        switch (fault) {
            case BOOTSTRAP_UNREACHABLE -> carrier.makeBootstrapUnreachable();
            case WRONG_PSK -> carrier.rejectBootstrapHandshakes();
            case FINISH_DROPPED -> carrier.dropBootstrapFinish(true);
            case NO_MSISDN -> {
                // the SIM was built without an MSISDN
            }
            case PDN_REJECT -> {
                if (config.apn().isEmpty()) {
                    throw new IllegalArgumentException("the pdn-reject fault needs a custom APN in the configuration");
                }
                device.network().rejectApn(config.apn(), 33);
            }
            case SERVER_UNREACHABLE -> carrier.makeDmServerUnreachable(firstDm);
            case SERVER_WRONG_PSK -> carrier.rejectDmHandshakes(firstDm);
            case REGISTER_FORBIDDEN -> carrier.forbidRegistration(firstDm);
            case SERVER_UNAVAILABLE -> carrier.putInMaintenance(firstDm);
            default -> throw new IllegalStateException("unreachable");
        }
    }

    /** Boots the device: the application builds and starts the library, now and after every reboot. */
    public CarrierSim start() {
        application.start();
        if (requestRegistration) {
            device.clock().schedule(REGISTER_POLL, "register request", this::requestRegistration);
        }
        return this;
    }

    /** For carriers that register only on request (SoftBank): ask until the library takes the request. */
    private void requestRegistration() {
        if (application.carrier() == null) {
            return;
        }
        Result result = application.carrier().request(Request.REGISTER);
        if (result.is(Errno.EBADR)) {
            device.clock().schedule(REGISTER_POLL, "register request", this::requestRegistration);
        }
    }

    /** The device. */
    public SimulatedDevice device() {
        return device;
    }

    /** The carrier side. */
    public SimulatedCarrier carrier() {
        return carrier;
    }

    /** The application on the device; it records every event with its virtual time (the event log). */
    public SimulatedApplication application() {
        return application;
    }

    /** The world's clock. */
    public VirtualClock clock() {
        return device.clock();
    }

    /** Every LwM2M exchange of the carrier's servers. */
    public ExchangeLog exchanges() {
        return carrier.exchanges();
    }

    /** The device's transcript (AT commands, datagrams). */
    public Transcript transcript() {
        return device.transcript();
    }

    /** The carrier profile in effect on the carrier side (the SIM's operator). */
    public CarrierProfile profile() {
        return profile;
    }

    /**
     * The device as the carrier provisioned it (endpoint name, PSK identity; keys redacted in
     * {@code toString}); empty when its SIM has no MSISDN the carrier's endpoint names need.
     */
    public Optional<SimulatedCarrier.Device> provisioned() {
        return provisioned;
    }

    /**
     * The endpoint name the carrier knows the device by.
     *
     * @throws IllegalStateException if the carrier could not name the device (no MSISDN)
     */
    public String endpoint() {
        return provisioned.orElseThrow(() -> new IllegalStateException("the carrier could not name the device: its SIM has no MSISDN"))
                .endpoint();
    }

    /** Every event of every boot, in order. */
    public List<CarrierEvent> events() {
        return application.events();
    }

    /**
     * Runs virtual time until {@code type} has been delivered {@code times} times, at most {@code max}.
     *
     * @return true if it was
     */
    public boolean runUntil(EventType type, int times, Duration max) {
        return clock().runUntil(() -> application.count(type) >= times, max);
    }

    /** Runs virtual time until the first event of {@code type}, at most {@code max}; true if it came. */
    public boolean runUntil(EventType type, Duration max) {
        return runUntil(type, 1, max);
    }

    /**
     * Runs until an event of {@code type} and returns the first one.
     *
     * @throws AssertionError if none came within {@code max} of virtual time, listing the events seen
     */
    public CarrierEvent await(EventType type, Duration max) {
        if (!runUntil(type, max)) {
            throw new AssertionError("no " + type + " within " + max + " of virtual time; events: " + application.eventTypes());
        }
        return events().stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }

    /**
     * A request from DM server {@code ssid} to the registered device, answered in virtual time.
     *
     * @throws AssertionError if the device is not registered there
     */
    public <T extends LwM2mResponse> T send(int ssid, DownlinkRequest<T> request) {
        Registration registration = carrier.dmServer(ssid).getRegistrationService().getByEndpoint(endpoint());
        if (registration == null) {
            throw new AssertionError("the device is not registered at server " + ssid);
        }
        return carrier.send(ssid, registration, request, Duration.ofMinutes(5));
    }

    /**
     * The instance of the Server object (1) that belongs to DM server {@code ssid}. The device serves all
     * its servers from one object model, so every registration announces every Server instance: server
     * {@code ssid} reads the Short Server ID ({@code /1/x/0}) of each until it finds its own (the reads
     * are real requests, in the exchange log).
     *
     * @throws AssertionError if the device is not registered there, or announces no instance of {@code ssid}
     */
    public int serverObjectInstance(int ssid) {
        Registration registration = carrier.dmServer(ssid).getRegistrationService().getByEndpoint(endpoint());
        if (registration == null) {
            throw new AssertionError("the device is not registered at server " + ssid);
        }
        List<Integer> instances = Arrays.stream(registration.getObjectLinks())
                .map(Link::getUriReference)
                .filter(uri -> uri.matches("/1/\\d+"))
                .map(uri -> Integer.parseInt(uri.substring(3)))
                .toList();
        for (int instance : instances) {
            ReadResponse read = send(ssid, new ReadRequest(1, instance, 0));
            if (read.isSuccess() && read.getContent() instanceof LwM2mResource resource
                    && ((Number) resource.getValue()).intValue() == ssid) {
                return instance;
            }
        }
        throw new AssertionError("no Server instance of server " + ssid + " in " + instances);
    }

    /** Stops the library, lets the world settle, and stops the servers and the device. */
    @Override
    public void close() {
        application.stop();
        device.clock().runUntilIdle();
        carrier.close();
        device.close();
    }

    /** Builds a {@link CarrierSim}. */
    public static final class Builder {
        private final String simProfile;
        private CarrierConfig config = CarrierConfig.defaults();
        private SimCard sim;
        private String imei = "352656100367872";
        private byte[] bootstrapKey;
        private final Set<CarrierFault> faults = EnumSet.noneOf(CarrierFault.class);
        private SimulatedCarrier.Options options = SimulatedCarrier.Options.defaults();
        private TransportTiming timing = TransportTiming.STANDARD;
        private CarrierProfiles profiles;
        private Path stateDirectory;
        private int transcriptLimit = Transcript.UNBOUNDED;
        private long seed = 1;
        private boolean requestRegistration = true;
        private final List<LwM2mObjectEnabler> objects = new ArrayList<>();

        private Builder(String simProfile) {
            if (!SimProfiles.IDS.contains(simProfile)) {
                throw new IllegalArgumentException("unknown SIM profile '" + simProfile + "', expected one of " + SimProfiles.IDS);
            }
            this.simProfile = simProfile;
        }

        /** The library configuration (default: the C defaults). */
        public Builder config(CarrierConfig value) {
            this.config = Objects.requireNonNull(value, "value");
            return this;
        }

        /** A SIM instead of the profile's (the device stays on the profile's home network). */
        public Builder sim(SimCard value) {
            this.sim = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * The device's factory bootstrap key (default: one derived from the IMEI), e.g. the key a test also
         * puts in a SIM bootstrap record; a configured application PSK wins over it.
         */
        public Builder bootstrapKey(byte[] value) {
            this.bootstrapKey = Objects.requireNonNull(value, "value").clone();
            return this;
        }

        /** The device's IMEI (default {@code 352656100367872}). */
        public Builder imei(String value) {
            this.imei = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Faults to inject before the device boots. */
        public Builder faults(CarrierFault... value) {
            faults.addAll(List.of(value));
            return this;
        }

        /**
         * How the carrier side runs (Connection IDs, DM URIs). A custom server of the configuration is added
         * on top, unless these options place a bootstrap or DM server themselves (the bootstrap server a SIM's
         * bootstrap record names, say): then theirs runs.
         */
        public Builder carrierOptions(SimulatedCarrier.Options value) {
            this.options = Objects.requireNonNull(value, "value");
            return this;
        }

        /** CoAP/DTLS timing of device and servers (default the vendor's standard timing; costs no wall time). */
        public Builder timing(TransportTiming value) {
            this.timing = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Carrier profiles instead of the built-in ones (both sides). */
        public Builder profiles(CarrierProfiles value) {
            this.profiles = Objects.requireNonNull(value, "value");
            return this;
        }

        /** Keeps the device's NVS in {@code directory}, so state survives the JVM. */
        public Builder stateDirectory(Path directory) {
            this.stateDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Keeps only the last {@code entries} of the transcript (for long runs). */
        public Builder transcriptLimit(int entries) {
            this.transcriptLimit = entries;
            return this;
        }

        /** Seed of everything random. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Whether the application asks for registration (a REGISTER request every 5 s until taken) when the
         * carrier does not register by itself (SoftBank), as the vendor's SoftBank integration must (default true).
         */
        public Builder requestRegistration(boolean value) {
            this.requestRegistration = value;
            return this;
        }

        /** An object of the application's own, served next to the carrier's. */
        public Builder addObject(LwM2mObjectEnabler object) {
            objects.add(Objects.requireNonNull(object, "object"));
            return this;
        }

        /**
         * The world, its servers started, the device provisioned and faults injected; not booted yet.
         *
         * @throws IllegalArgumentException for a fault the configuration cannot have (pdn-reject without APN)
         */
        public CarrierSim build() {
            return new CarrierSim(this);
        }
    }
}
