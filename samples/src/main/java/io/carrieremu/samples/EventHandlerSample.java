package io.carrieremu.samples;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.config.ConfigFileException;
import io.carrieremu.core.config.KconfigLoader;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.event.Numbering;
import io.carrieremu.os.sim.scenario.CarrierFault;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
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
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The event-handler sample: the Java counterpart of the vendor's {@code lwm2m_carrier} sample, run by
 * {@code ./carrier-sample}. It boots a simulated nRF91-style device with the chosen carrier's SIM
 * against that carrier's simulated servers ({@link CarrierSim}: the simulated application obeys the
 * library's LINK_UP / LINK_DOWN / POWER_OFF / MODEM_INIT / MODEM_SHUTDOWN events), prints every event
 * as the vendor sample does, and keeps the device's state in a directory between runs.
 *
 * <p>The run is judged on virtual time only: it drives the world's clock itself, for at most
 * {@code --for} of virtual time. Exit codes: 0 the {@code --until} event was printed (or, without
 * {@code --until}, the {@code --for} budget ran out); 1 the run ended without the {@code --until} event
 * (budget spent, or nothing more scheduled) or the library stopped on a configuration or internal
 * fault; 2 bad command line, configuration file or state directory (one line on stderr); 130 Ctrl-C.
 */
@Command(name = "carrier-sample", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = EventHandlerSample.Version.class,
        description = "Runs the LwM2M carrier library on a simulated nRF91 device against a simulated carrier.",
        footer = {"", "Exit codes: 0 the --until event came (or the --for budget ran out without --until); 1 the run ended",
            "without the --until event, or the library stopped on a fault; 2 bad input or state directory; 130 Ctrl-C."})
public final class EventHandlerSample implements Callable<Integer> {

    /** The carriers the sample can simulate, by command-line name. */
    enum SampleCarrier {
        VERIZON("verizon", "verizon"),
        T_MOBILE("t-mobile", "t-mobile"),
        LG_UPLUS("lg-uplus", "lg-uplus"),
        SOFTBANK("softbank", "softbank"),
        BELL_CA("bell-ca", "bell-ca"),
        GENERIC("generic", "unknown");

        final String cliName;
        final String simProfile;

        SampleCarrier(String cliName, String simProfile) {
            this.cliName = cliName;
            this.simProfile = simProfile;
        }

        @Override
        public String toString() {
            return cliName;
        }
    }

    /** The generic sample's development PSK (the vendor sample's CONFIG_CARRIER_APP_PSK). */
    static final byte[] GENERIC_KEY = HexFormat.of().parseHex("5a0f3c1e9b7d2a4c6e8f1b3d5a7c9e0f");
    static final String GENERIC_BOOTSTRAP = "coaps://bootstrap.sample.invalid:5684";
    static final int GENERIC_SEC_TAG = 2000;
    private static final String PDN_REJECT_APN = "iot.sample.invalid";
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

    @Option(names = "--until", paramLabel = "EVENT", description = "exit 0 when this event is printed (e.g. REGISTERED); 1 if the run ends without it",
            converter = EventConverter.class)
    EventType until;

    @Option(names = "--for", paramLabel = "DURATION", description = "virtual time budget, e.g. 90s, 2h, 30d or PT1H (default: ${DEFAULT-VALUE})",
            converter = DurationConverter.class, defaultValue = "30d")
    Duration budget;

    @Option(names = "--fault", paramLabel = "NAME", description = "bootstrap-unreachable, wrong-psk, finish-dropped, no-msisdn, pdn-reject, server-unreachable, "
                    + "server-wrong-psk, register-forbidden or server-unavailable",
            converter = FaultConverter.class)
    CarrierFault fault;

    @Option(names = "--numbering", paramLabel = "VERSION", description = "event and error numbers of library 3.7 (default) or 3.3",
            converter = NumberingConverter.class, defaultValue = "3.7")
    Numbering numbering = Numbering.V3_7;

    @Option(names = "--json", description = "print one JSON object per event")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "print the events only: no notes, only error logs")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "log what the library does (debug level)")
    boolean verbose;

    @Option(names = "--modem", paramLabel = "URI", description = "run on the JVM backend with the modem at tcp://HOST:PORT or a serial "
            + "device (/dev/ttyUSB0); the run then takes real time, --for bounds it in wall time")
    String modem;

    @Option(names = "--servers", paramLabel = "WHERE", description = "with --modem: simulated (the SIM operator's servers simulated on "
            + "127.0.0.1, default) or real (the operator's servers over this host's network)", defaultValue = "simulated")
    String servers;

    @Option(names = "--serve-modem", paramLabel = "PORT", description = "serve a simulated modem with the --carrier SIM on "
            + "tcp://127.0.0.1:PORT until Ctrl-C or --for (0: any free port) and print its address")
    Integer serveModem;

    /** Milliseconds for event lines: the simulated world's virtual time, or the real run's elapsed time. */
    private volatile java.util.function.LongSupplier clockMillis = () -> 0;

    private PrintStream out = System.out;
    private PrintStream err = System.err;
    private final ObjectMapper mapper = new ObjectMapper();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile CarrierSim world;

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
                })
                .setExecutionExceptionHandler((exception, cmd, parsed) -> {
                    err.println("carrier-sample: " + exception.getMessage());
                    return 2;
                });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (quiet && verbose) {
            return usage("--quiet and --verbose exclude each other");
        }
        logLevel(quiet ? Level.ERROR : verbose ? Level.DEBUG : Level.WARN);
        CarrierConfig config;
        try {
            config = configuration();
        } catch (ConfigFileException e) {
            return usage(e.getMessage());
        }
        if (fault == CarrierFault.PDN_REJECT && carrier != SampleCarrier.GENERIC) {
            return usage("--fault pdn-reject needs --carrier generic (other carriers here use the default PDN)");
        }
        if (serveModem != null) {
            return serveModem();
        }
        if (!servers.equals("simulated") && !servers.equals("real")) {
            return usage("--servers " + servers + ": simulated or real");
        }
        try (StateDirectory state = StateDirectory.open(stateDirectory, erase)) {
            if (erase) {
                note("Erased " + stateDirectory.toAbsolutePath());
            }
            return modem != null ? runOnModem(config) : runWorld(config);
        } catch (StateDirectory.Problem e) {
            return usage(e.getMessage());
        }
    }

    private int runWorld(CarrierConfig config) {
        note("LWM2M Carrier library sample.");
        note("Simulated " + carrier + " device, state in " + stateDirectory.toAbsolutePath());
        CarrierSim.Builder builder = CarrierSim.builder(carrier.simProfile).config(config).stateDirectory(stateDirectory)
                .transcriptLimit(1000);
        if (fault != null) {
            note("Injecting fault: " + fault);
            builder.faults(fault);
        }
        CarrierSim sim;
        try {
            sim = builder.build();
        } catch (UncheckedIOException e) {
            return usage(e.getMessage());
        }
        CountDownLatch closed = new CountDownLatch(1);
        Thread stop = new Thread(() -> {
            // Ctrl-C: end the run, then wait for the library, the servers and the device to stop.
            exit.complete(130);
            try {
                closed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "carrier-sample-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try (sim) {
            world = sim;
            clockMillis = sim.clock()::nowMillis;
            VirtualTimeConverter.use(sim.clock()::nowMillis);
            sim.application().onEvent(event -> {
                print(event);
                return 0;
            });
            sim.start();
            boolean ended = sim.clock().runUntil(() -> exit.isDone() || libraryStopped(sim), budget);
            if (ended && !exit.isDone()) {
                note("The library stopped: " + sim.application().main().getNow(MainResult.STOPPED).text());
                return 1;
            }
            if (!ended) {
                boolean idle = sim.clock().nextEventAt().isEmpty();
                if (until == null) {
                    note("Ran for " + format(budget) + " of virtual time" + (idle ? "; nothing more is scheduled." : "."));
                    return 0;
                }
                note("The run ended without " + until.vendorName() + (idle ? ": nothing more is scheduled"
                        : ": the --for budget of " + format(budget) + " of virtual time is spent") + ".");
                return 1;
            }
            return exit.join();
        } finally {
            removeHook(stop);
            VirtualTimeConverter.use(null);
            closed.countDown();
        }
    }

    /** The library on the JVM backend with the modem at {@code --modem}, on real time. */
    private int runOnModem(CarrierConfig config) {
        note("LWM2M Carrier library sample on the modem at " + modem + " (servers: " + servers + ").");
        io.carrieremu.samples.realtime.ModemRun run;
        try {
            run = io.carrieremu.samples.realtime.ModemRun.start(modem, servers.equals("real")
                    ? io.carrieremu.samples.realtime.ModemRun.Servers.REAL : io.carrieremu.samples.realtime.ModemRun.Servers.SIMULATED,
                    stateDirectory.resolve("jvm"), config, event -> {
                        print(event);
                        return 0;
                    }, this::note);
        } catch (IllegalArgumentException | IOException e) {
            return usage(e.getMessage());
        }
        Thread stop = new Thread(() -> exit.complete(130), "carrier-sample-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try (run) {
            clockMillis = run::nowMillis;
            try {
                return exit.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (until == null) {
                    note("Ran for " + format(budget) + ".");
                    return 0;
                }
                note("The run ended without " + until.vendorName() + ": the --for budget of " + format(budget) + " is spent.");
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            } catch (java.util.concurrent.ExecutionException e) {
                return 1;
            }
        } finally {
            removeHook(stop);
        }
    }

    /** {@code --serve-modem}: a simulated modem on a TCP port until Ctrl-C or the budget. */
    private int serveModem() {
        try (io.carrieremu.samples.realtime.ModemServer server = io.carrieremu.samples.realtime.ModemServer.start(
                carrier.simProfile, serveModem)) {
            out.println("Simulated " + carrier + " modem on tcp://127.0.0.1:" + server.address().getPort());
            out.flush();
            Thread stop = new Thread(() -> exit.complete(130), "carrier-sample-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            try {
                return exit.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return 0;
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                return 130;
            } finally {
                removeHook(stop);
            }
        } catch (IOException e) {
            return usage("--serve-modem " + serveModem + ": " + e.getMessage());
        }
    }

    private static boolean libraryStopped(CarrierSim sim) {
        CompletableFuture<MainResult> main = sim.application().main();
        if (main == null || !main.isDone()) {
            return false;
        }
        MainResult result = main.getNow(MainResult.STOPPED);
        return result == MainResult.INVALID_CONFIG || result == MainResult.INTERNAL_FAULT;
    }

    private int usage(String problem) {
        err.println("carrier-sample: " + problem);
        return 2;
    }

    private static void logLevel(Level level) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.carrieremu")).setLevel(level);
    }

    // ------------------------------------------------------------------ configuration

    private CarrierConfig configuration() throws ConfigFileException {
        CarrierConfig.Builder config;
        if (configFile != null) {
            KconfigLoader.KconfigFile file = KconfigLoader.load(configFile);
            file.notes().forEach(this::note);
            if (!file.foreignKeys().isEmpty()) {
                note("Ignored (options of other subsystems): " + String.join(", ", file.foreignKeys()));
            }
            config = file.config().toBuilder();
        } else if (carrier == SampleCarrier.GENERIC) {
            config = CarrierConfig.builder().carriers(Carrier.GENERIC).serverUri(GENERIC_BOOTSTRAP)
                    .isBootstrapServer(true).serverSecTag(GENERIC_SEC_TAG).appPsk(Psk.ofBytes(GENERIC_KEY));
            if (fault == CarrierFault.PDN_REJECT) {
                config.apn(PDN_REJECT_APN);
            }
        } else if (carrier == SampleCarrier.LG_UPLUS) {
            // LG U+ requires a service code (the vendor's overlay-lgu.conf sets one).
            config = CarrierConfig.builder().lgUplusServiceCode("SMPL1");
        } else {
            config = CarrierConfig.defaults().toBuilder();
        }
        return config.numbering(numbering).build();
    }

    // ------------------------------------------------------------------ output

    private synchronized void print(CarrierEvent event) {
        if (exit.isDone()) {
            return;
        }
        long now = clockMillis.getAsLong();
        if (json) {
            out.println(toJson(event, now));
        } else {
            out.println("[" + virtualTime(now) + " | " + LocalTime.now().format(WALL) + "] " + event.type().vendorName());
            if (event instanceof CarrierEvent.Deferred deferred) {
                out.println("    Reason: " + deferred.reason().text() + ", timeout: " + deferred.timeoutSeconds()
                        + " seconds (retry at " + virtualTime(now + deferred.timeoutSeconds() * 1000L) + ")"
                        + (deferred.serverId() != 0 ? ", server " + deferred.serverId() : ""));
            } else if (event instanceof CarrierEvent.Registered registered && !registered.serverIds().isEmpty()) {
                out.println("    Servers: " + registered.serverIds());
            } else if (event instanceof CarrierEvent.Error error) {
                out.println("    " + numbering.errorText(error.errorType()) + ", reason " + error.value());
            } else if (event instanceof CarrierEvent.AppData data) {
                out.println("    App data event type: " + data.dataType().text() + ", path: " + data.path());
            }
        }
        out.flush();
        if (until != null && event.type() == until) {
            exit.complete(0);
        }
    }

    private String toJson(CarrierEvent event, long now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("virtualMillis", now);
        fields.put("event", event.type().vendorName());
        fields.put("code", number(numbering.code(event)));
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
            fields.put("errorType", numbering.errorTypeName(error.errorType()).replace("LWM2M_CARRIER_ERROR_", ""));
            fields.put("errorTypeCode", number(numbering.errorTypeCode(error.errorType())));
            fields.put("errorText", numbering.errorText(error.errorType()));
            fields.put("value", error.value());
        }
        try {
            return mapper.writeValueAsString(fields);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Integer number(OptionalInt code) {
        return code.isPresent() ? code.getAsInt() : null;
    }

    private void note(String text) {
        if (!quiet) {
            (json ? err : out).println(text);
        }
    }

    static String virtualTime(long millis) {
        long days = millis / 86_400_000;
        String time = String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", (millis / 3_600_000) % 24, (millis / 60_000) % 60,
                (millis / 1000) % 60, millis % 1000);
        return days > 0 ? days + "d " + time : time;
    }

    /** {@code 30d}, {@code 2h}, {@code 90s} …: the largest whole unit, as {@code --for} takes it. */
    static String format(Duration duration) {
        long ms = duration.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting because of Ctrl-C: the hook is running
        }
    }

    // ------------------------------------------------------------------ the state directory

    /**
     * The device's state directory, checked and locked for the run: it must be a directory (created if
     * only it is missing), readable and writable, with a readable {@code nvs.bin} if any, and not in use
     * by another run (a lock on {@code .lock} inside it).
     */
    static final class StateDirectory implements AutoCloseable {

        /** A state directory the run cannot use; the message is one line for the user. */
        static final class Problem extends Exception {
            private static final long serialVersionUID = 1L;

            Problem(String message) {
                super(message);
            }
        }

        private final java.nio.channels.FileChannel channel;
        private final java.nio.channels.FileLock lock;

        private StateDirectory(java.nio.channels.FileChannel channel, java.nio.channels.FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static StateDirectory open(Path directory, boolean erase) throws Problem {
            String name = "--state " + directory;
            if (Files.exists(directory) && !Files.isDirectory(directory)) {
                throw new Problem(name + " is a file, not a directory");
            }
            Path parent = directory.toAbsolutePath().getParent();
            if (!Files.exists(directory) && (parent == null || !Files.isDirectory(parent))) {
                throw new Problem(name + ": its parent directory " + parent + " does not exist");
            }
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new Problem(name + " cannot be created: " + e.getMessage());
            }
            if (!Files.isReadable(directory) || !Files.isWritable(directory) || !Files.isExecutable(directory)) {
                throw new Problem(name + " is not readable and writable");
            }
            StateDirectory state = lock(directory, name);
            try {
                if (erase) {
                    wipe(directory);
                }
                Path nvs = directory.resolve("nvs.bin");
                if (Files.exists(nvs) && (!Files.isRegularFile(nvs) || !Files.isReadable(nvs))) {
                    throw new Problem(name + ": " + nvs.getFileName() + " is not a readable file");
                }
            } catch (Problem e) {
                state.close();
                throw e;
            }
            return state;
        }

        private static StateDirectory lock(Path directory, String name) throws Problem {
            java.nio.channels.FileChannel channel;
            try {
                channel = java.nio.channels.FileChannel.open(directory.resolve(".lock"),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new Problem(name + ": cannot create its lock file: " + e.getMessage());
            }
            java.nio.channels.FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException | IOException e) {
                lock = null;
            }
            if (lock == null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing a channel we could not lock; nothing is lost
                }
                throw new Problem(name + " is in use by another run of the sample");
            }
            return new StateDirectory(channel, lock);
        }

        private static void wipe(Path directory) throws Problem {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    if (!path.equals(directory) && !path.getFileName().toString().equals(".lock")) {
                        Files.delete(path);
                    }
                }
            } catch (IOException e) {
                throw new Problem("--state " + directory + " cannot be erased: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // the lock goes with the process anyway
            }
        }
    }

    // ------------------------------------------------------------------ argument converters

    /** {@code -V}: the version the build stamped into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = EventHandlerSample.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"carrier-sample " + properties.getProperty("version", "(unknown version)")
                    + " (LwM2M carrier library emulation of liblwm2m_carrier 3.7.0; Java " + Runtime.version() + ")"};
        }
    }

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
    static final class FaultConverter implements CommandLine.ITypeConverter<CarrierFault> {
        @Override
        public CarrierFault convert(String value) {
            return CarrierFault.of(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                    "unknown fault '" + value + "', expected one of " + CarrierFault.cliNames()));
        }
    }

    /** Parses {@code --numbering}. */
    static final class NumberingConverter implements CommandLine.ITypeConverter<Numbering> {
        @Override
        public Numbering convert(String value) {
            try {
                return Numbering.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Parses {@code --for}: {@code 500ms}, {@code 90s}, {@code 15m}, {@code 2h}, {@code 30d} or ISO-8601 ({@code PT1H}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.strip().toLowerCase(Locale.ROOT));
            Duration duration = null;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                duration = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                try {
                    duration = Duration.parse(value.strip().toUpperCase(Locale.ROOT));
                } catch (java.time.format.DateTimeParseException e) {
                    // reported below
                }
            }
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new CommandLine.TypeConversionException("bad duration '" + value + "', expected e.g. 90s, 2h, 30d or PT1H");
            }
            return duration;
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
