package io.carrieremu.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.api.ModemMode;
import io.carrieremu.core.api.Request;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.config.ConfigFileException;
import io.carrieremu.core.config.KconfigLoader;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.Subscription;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.SimulatedDevice;
import io.carrieremu.os.sim.carrier.SimulatedCarrier;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.sim.SimProfiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The event-handler sample: the Java counterpart of the vendor's {@code lwm2m_carrier} sample, run by
 * {@code ./carrier-sample}. It boots a simulated nRF91-style device with the chosen carrier's SIM
 * against that carrier's simulated servers, runs the carrier library on it, prints every event as the
 * vendor sample does, and keeps the device's state in a directory between runs.
 */
@Command(name = "carrier-sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the LwM2M carrier library on a simulated nRF91 device against a simulated carrier.")
public final class EventHandlerSample implements Callable<Integer> {

    /** The carriers the sample can simulate, by command-line name. */
    enum SampleCarrier {
        VERIZON("verizon", Carrier.VERIZON, "verizon"),
        T_MOBILE("t-mobile", Carrier.T_MOBILE, "t-mobile"),
        LG_UPLUS("lg-uplus", Carrier.LG_UPLUS, "lg-uplus"),
        SOFTBANK("softbank", Carrier.SOFTBANK, "softbank"),
        BELL_CA("bell-ca", Carrier.BELL_CA, "bell-ca"),
        GENERIC("generic", Carrier.GENERIC, "unknown");

        final String cliName;
        final Carrier carrier;
        final String simProfile;

        SampleCarrier(String cliName, Carrier carrier, String simProfile) {
            this.cliName = cliName;
            this.carrier = carrier;
            this.simProfile = simProfile;
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    /** Faults the sample can inject on the carrier side or the SIM. */
    enum Fault {
        BOOTSTRAP_UNREACHABLE("bootstrap-unreachable"),
        WRONG_PSK("wrong-psk"),
        NO_MSISDN("no-msisdn"),
        PDN_REJECT("pdn-reject"),
        SERVER_UNAVAILABLE("server-unavailable"),
        FINISH_DROPPED("finish-dropped"),
        SERVER_UNREACHABLE("server-unreachable"),
        SERVER_WRONG_PSK("server-wrong-psk"),
        REGISTER_FORBIDDEN("register-forbidden");

        final String cliName;

        Fault(String cliName) {
            this.cliName = cliName;
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    static final String IMEI = "352656100367872";
    /** The factory bootstrap key the simulated carriers know this device by (the sample's stand-in for the vendor's). */
    static final byte[] FACTORY_KEY = HexFormat.of().parseHex("5a0f3c1e9b7d2a4c6e8f1b3d5a7c9e0f");
    static final byte[] DM_KEY = HexFormat.of().parseHex("c3a5e7f90b1d2f4a6c8e0a2b4d6f8a1c");
    static final String GENERIC_BOOTSTRAP = "coaps://bootstrap.sample.invalid:5684";
    static final int GENERIC_SEC_TAG = 2000;
    private static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

    @Option(names = "--carrier", paramLabel = "NAME", description = "verizon, t-mobile, lg-uplus, softbank, bell-ca or generic (default: ${DEFAULT-VALUE})",
            converter = CarrierConverter.class, defaultValue = "verizon")
    SampleCarrier carrier = SampleCarrier.VERIZON;

    @Option(names = "--config", paramLabel = "FILE", description = "Kconfig-style settings (CONFIG_LWM2M_CARRIER_*=...), as in prj.conf")
    Path configFile;

    @Option(names = "--state", paramLabel = "DIR", description = "where the device keeps its state between runs (default: ${DEFAULT-VALUE})",
            defaultValue = "carrier-state")
    Path stateDirectory;

    @Option(names = "--erase", description = "wipe the device state first (the vendor's erase and re-flash)")
    boolean erase;

    @Option(names = "--until", paramLabel = "EVENT", description = "exit 0 when this event is printed (e.g. REGISTERED); non-zero if the run ends without it",
            converter = EventConverter.class)
    EventType until;

    @Option(names = "--fault", paramLabel = "NAME", description = "bootstrap-unreachable, wrong-psk, finish-dropped, no-msisdn, pdn-reject, server-unreachable, "
                    + "server-wrong-psk, register-forbidden or server-unavailable",
            converter = FaultConverter.class)
    Fault fault;

    @Option(names = "--json", description = "print one JSON object per event")
    boolean json;

    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private final ObjectMapper mapper = new ObjectMapper();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile long lastEventWallNanos = System.nanoTime();

    /** Entry point of {@code ./carrier-sample}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the sample with {@code args}; returns the exit code (2 for bad command-line input). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        EventHandlerSample sample = new EventHandlerSample();
        sample.out = out;
        sample.err = err;
        CommandLine commandLine = new CommandLine(sample)
                .setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(err, true))
                .setParameterExceptionHandler((exception, arguments) -> {
                    err.println("carrier-sample: " + exception.getMessage() + " (see --help)");
                    return 2;
                });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        CarrierConfig config;
        try {
            config = configuration();
        } catch (ConfigFileException e) {
            err.println("carrier-sample: " + e.getMessage());
            return 2;
        }
        if (fault == Fault.PDN_REJECT && carrier != SampleCarrier.GENERIC) {
            err.println("carrier-sample: --fault pdn-reject needs --carrier generic (other carriers here use the default PDN)");
            return 2;
        }
        if (erase) {
            deleteRecursively(stateDirectory);
            note("Erased " + stateDirectory.toAbsolutePath());
        }
        note("LWM2M Carrier library sample.");
        note("Simulated " + carrier + " device, state in " + stateDirectory.toAbsolutePath());

        SimCard card = fault == Fault.NO_MSISDN
                ? SimProfiles.builder(carrier.simProfile).msisdn(null).build()
                : SimProfiles.card(carrier.simProfile);
        try (AutoCloseable signalClosed = () -> {
                 if (closedLatch != null) {
                     closedLatch.countDown();
                 }
             };
             SimulatedDevice device = SimulatedDevice.builder().profile(carrier.simProfile).sim(card)
                .stateDirectory(stateDirectory).build();
             SimulatedCarrier carrierSide = startCarrierSide(device, card, config)) {
            virtualNow = device.clock()::nowMillis;
            provision(device, config);
            injectFault(device, carrierSide);
            device.clock().startAutoAdvance();
            Subscription[] cfunHook = new Subscription[1];
            device.onBoot(os -> firmware(device, os, config, cfunHook));
            // Ctrl-C: end the run, then let try-with-resources stop the library, the servers and the device.
            java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
            Thread stop = new Thread(() -> {
                exit.complete(0);
                try {
                    closed.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "carrier-sample-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                int code = waitForExit(device);
                if (current != null) {
                    current.close();
                }
                return code;
            } finally {
                removeHook(stop);
                closedLatch = closed;
            }
        }
    }

    // ------------------------------------------------------------------ the application on the device

    /** What runs after every boot: build the library, hook the modem to it, start it, bring LTE up. */
    private void firmware(SimulatedDevice device, LwM2mOs os, CarrierConfig config, Subscription[] cfunHook) {
        SampleEventHandler handler = new SampleEventHandler(os, new SampleEventHandler.ModemLibrary() {
            @Override
            public void init(LwM2mCarrier instance) {
                instance.onModemInit(device.modemInit());
            }

            @Override
            public void shutdown(LwM2mCarrier instance) {
                device.modemShutdown();
                instance.onModemShutdown();
            }
        }, this::print);
        LwM2mCarrier instance = LwM2mCarrier.builder(os, config, handler).transportTiming(TransportTiming.STANDARD).build();
        handler.attach(instance);
        current = instance;
        if (cfunHook[0] != null) {
            cfunHook[0].close();
        }
        cfunHook[0] = device.modem().onCfun(fun -> instance.onModemCfun(ModemMode.fromCfun(fun)));
        instance.start().thenAccept(result -> {
            if (result == MainResult.INVALID_CONFIG || result == MainResult.INTERNAL_FAULT) {
                note("The library stopped: " + result.text());
                exit.complete(1);
            }
        });
        instance.onModemInit(device.modemInit());
        try {
            os.at().send("AT+CFUN=1");
            registerWhenReady(os, instance);
        } catch (OsException e) {
            err.println("carrier-sample: " + e.getMessage());
        }
    }

    /** For carriers that do not register by themselves (SoftBank), ask for it once the library is ready. */
    private void registerWhenReady(LwM2mOs os, LwM2mCarrier instance) throws OsException {
        if (profile().autoRegister()) {
            return;
        }
        OsTimer[] timer = new OsTimer[1];
        timer[0] = os.scheduler().newTimer(() -> {
            Result result = instance.request(Request.REGISTER);
            if (result.is(io.carrieremu.core.base.Errno.EBADR)) {
                timer[0].start(os.scheduler().workQueue(1, "sample"), Duration.ofSeconds(5));
            } else {
                note("Requested registration: " + result);
                timer[0].close();
            }
        });
        timer[0].start(os.scheduler().workQueue(1, "sample"), Duration.ofSeconds(5));
    }

    // ------------------------------------------------------------------ the simulated world

    private CarrierConfig configuration() throws ConfigFileException {
        if (configFile != null) {
            return KconfigLoader.load(configFile).config();
        }
        if (carrier == SampleCarrier.GENERIC) {
            CarrierConfig.Builder generic = CarrierConfig.builder().carriers(Carrier.GENERIC).serverUri(GENERIC_BOOTSTRAP)
                    .isBootstrapServer(true).serverSecTag(GENERIC_SEC_TAG).appPsk(Psk.ofBytes(FACTORY_KEY));
            if (fault == Fault.PDN_REJECT) {
                generic.apn("iot.sample.invalid");
            }
            return generic.build();
        }
        if (carrier == SampleCarrier.LG_UPLUS) {
            // LG U+ requires a service code (the vendor's overlay-lgu.conf sets one).
            return CarrierConfig.builder().lgUplusServiceCode("SMPL1").build();
        }
        return CarrierConfig.defaults();
    }

    private SimulatedCarrier startCarrierSide(SimulatedDevice device, SimCard card, CarrierConfig config) throws Exception {
        CarrierProfile profile = profile();
        String endpoint = profile.endpointName().replace("{imei}", IMEI)
                .replace("{msisdn10}", card.msisdn(Long.MAX_VALUE).map(m -> m.substring(m.length() - 10)).orElse(""));
        byte[] key = config.appPsk().map(Psk::bytes).orElse(FACTORY_KEY);
        SimulatedCarrier.Device identity = new SimulatedCarrier.Device(IMEI, endpoint, endpoint, key, DM_KEY);
        boolean custom = config.serverSettingsApply() && config.hasCustomServer() && config.isBootstrapServer();
        return custom
                ? SimulatedCarrier.startWithBootstrapServer(profile, device.transport(), identity, TransportTiming.STANDARD, config.serverUri())
                : SimulatedCarrier.start(profile, device.transport(), identity, TransportTiming.STANDARD);
    }

    /** The factory key, and the application's PSK into its sec tag (the vendor sample's CARRIER_APP_PSK). */
    private void provision(SimulatedDevice device, CarrierConfig config) throws OsException {
        device.os().credentials().write(CarrierConfig.FACTORY_BOOTSTRAP_SEC_TAG, Credential.psk(Psk.ofBytes(FACTORY_KEY)));
        if (config.appPsk().isPresent() && config.serverSecTag() != 0) {
            device.os().credentials().write(config.serverSecTag(), Credential.psk(config.appPsk().get()));
            note("PSK provisioned, tag " + config.serverSecTag());
        }
    }

    private void injectFault(SimulatedDevice device, SimulatedCarrier carrierSide) throws IOException {
        if (fault == null) {
            return;
        }
        note("Injecting fault: " + fault);
        switch (fault) {
            case BOOTSTRAP_UNREACHABLE -> carrierSide.makeBootstrapUnreachable();
            case WRONG_PSK -> carrierSide.rejectBootstrapHandshakes();
            case PDN_REJECT -> device.network().rejectApn("iot.sample.invalid", 33);
            case SERVER_UNAVAILABLE -> carrierSide.putInMaintenance(firstDmServer());
            case FINISH_DROPPED -> carrierSide.dropBootstrapFinish(true);
            case SERVER_UNREACHABLE -> carrierSide.makeDmServerUnreachable(firstDmServer());
            case SERVER_WRONG_PSK -> carrierSide.rejectDmHandshakes(firstDmServer());
            case REGISTER_FORBIDDEN -> carrierSide.forbidRegistration(firstDmServer());
            case NO_MSISDN -> {
                // the SIM was built without an MSISDN
            }
            default -> throw new IllegalStateException("unreachable");
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting because of Ctrl-C: the hook is running
        }
    }

    /** The DM server the faults act on: the profile's first (Verizon: 102). */
    private int firstDmServer() {
        return profile().serverIds().dm().get(0);
    }

    private CarrierProfile profile() {
        try {
            return CarrierProfiles.builtIn().of(carrier.carrier).orElseThrow();
        } catch (io.carrieremu.core.carrier.CarrierProfileException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ output and exit

    private int waitForExit(SimulatedDevice device) throws Exception {
        int quietChecks = 0;
        while (true) {
            try {
                return exit.get(500, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                boolean nothingScheduled = device.clock().nextEventAt().isEmpty();
                boolean quiet = System.nanoTime() - lastEventWallNanos > TimeUnit.SECONDS.toNanos(2);
                quietChecks = nothingScheduled && quiet ? quietChecks + 1 : 0;
                if (until != null && quietChecks >= 4) {
                    note("The run ended without " + until.vendorName() + ": nothing more is scheduled.");
                    return 1;
                }
            }
        }
    }

    private synchronized void print(CarrierEvent event) {
        if (exit.isDone()) {
            return;
        }
        lastEventWallNanos = System.nanoTime();
        long now = virtualNow.getAsLong();
        String virtual = virtualTime(now);
        if (json) {
            out.println(toJson(event, now));
        } else {
            out.println("[" + virtual + " | " + LocalTime.now().format(WALL) + "] " + event.type().vendorName());
            if (event instanceof CarrierEvent.Deferred deferred) {
                out.println("    Reason: " + deferred.reason().text() + ", timeout: " + deferred.timeoutSeconds()
                        + " seconds (retry at " + virtualTime(now + deferred.timeoutSeconds() * 1000L) + ")"
                        + (deferred.serverId() != 0 ? ", server " + deferred.serverId() : ""));
            } else if (event instanceof CarrierEvent.Registered registered && !registered.serverIds().isEmpty()) {
                out.println("    Servers: " + registered.serverIds());
            } else if (event instanceof CarrierEvent.Error error) {
                out.println("    " + error.errorType().text() + ", reason " + error.value());
            } else if (event instanceof CarrierEvent.AppData data) {
                out.println("    App data event type: " + data.dataType().text() + ", path: " + data.path());
            }
        }
        out.flush();
        if (until != null && event.type() == until) {
            exit.complete(0);
        }
    }

    private volatile java.util.function.LongSupplier virtualNow = () -> 0;
    private volatile LwM2mCarrier current;
    private java.util.concurrent.CountDownLatch closedLatch;

    private String toJson(CarrierEvent event, long now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("virtualMillis", now);
        fields.put("event", event.type().vendorName());
        fields.put("code", event.code());
        if (event instanceof CarrierEvent.Deferred deferred) {
            fields.put("reason", deferred.reason().name());
            fields.put("reasonCode", deferred.reason().code());
            fields.put("reasonText", deferred.reason().text());
            fields.put("timeoutSeconds", deferred.timeoutSeconds());
            if (deferred.serverId() != 0) {
                fields.put("serverId", deferred.serverId());
            }
        } else if (event instanceof CarrierEvent.Registered registered) {
            fields.put("serverIds", registered.serverIds());
        } else if (event instanceof CarrierEvent.Error error) {
            fields.put("errorType", error.errorType().name());
            fields.put("errorTypeCode", error.errorType().code());
            fields.put("errorText", error.errorType().text());
            fields.put("value", error.value());
        }
        try {
            return mapper.writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void note(String text) {
        (json ? err : out).println(text);
    }

    static String virtualTime(long millis) {
        long days = millis / 86_400_000;
        String time = String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", (millis / 3_600_000) % 24, (millis / 60_000) % 60,
                (millis / 1000) % 60, millis % 1000);
        return days > 0 ? days + "d " + time : time;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    // ------------------------------------------------------------------ argument converters

    /** Parses {@code --carrier}. */
    static final class CarrierConverter implements CommandLine.ITypeConverter<SampleCarrier> {
        @Override
        public SampleCarrier convert(String value) {
            for (SampleCarrier candidate : SampleCarrier.values()) {
                if (candidate.cliName.equalsIgnoreCase(value)) {
                    return candidate;
                }
            }
            throw new CommandLine.TypeConversionException("unknown carrier '" + value + "', expected one of "
                    + List.of(SampleCarrier.values()));
        }
    }

    /** Parses {@code --fault}. */
    static final class FaultConverter implements CommandLine.ITypeConverter<Fault> {
        @Override
        public Fault convert(String value) {
            for (Fault candidate : Fault.values()) {
                if (candidate.cliName.equalsIgnoreCase(value)) {
                    return candidate;
                }
            }
            throw new CommandLine.TypeConversionException("unknown fault '" + value + "', expected one of " + List.of(Fault.values()));
        }
    }

    /** Parses {@code --until}: an event name with or without the vendor prefix. */
    static final class EventConverter implements CommandLine.ITypeConverter<EventType> {
        @Override
        public EventType convert(String value) {
            String name = value.toUpperCase(Locale.ROOT).replace("LWM2M_CARRIER_EVENT_", "");
            try {
                return EventType.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("unknown event '" + value + "', expected e.g. REGISTERED or "
                        + "LWM2M_CARRIER_EVENT_BOOTSTRAPPED");
            }
        }
    }
}
