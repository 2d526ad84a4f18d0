package io.carrieremu.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each friction point a new user met with the sample, through its real entry point. */
class SampleCliTest {

    @TempDir
    Path dir;

    /** One run: exit code, stdout, stderr and what the logging wrote to the process's stderr. */
    private record Run(int exit, String out, String err, String log) {
        List<String> errLines() {
            return err.strip().lines().toList();
        }
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream processErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            int exit = EventHandlerSample.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    log.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(processErr);
        }
    }

    private Run runIn(String state, String... args) {
        List<String> all = new ArrayList<>(List.of("--state", state));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private Path conf(String text) throws IOException {
        Path file = dir.resolve("prj.conf");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void untilOnARunThatNeverGetsThereExitsOneAtTheForBound() {
        Run run = runIn(dir.resolve("s").toString(), "--fault", "server-unreachable", "--until", "REGISTERED", "--for", "2h");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("The run ended without LWM2M_CARRIER_EVENT_REGISTERED: the --for budget of 2h of virtual time is spent.");
        assertThat(run.out()).contains("Reason: No route to server, timeout: 120 seconds");
    }

    @Test
    void untilIsBoundedByTheDefaultThirtyDaysOfVirtualTime() {
        Run run = runIn(dir.resolve("s").toString(), "--fault", "bootstrap-unreachable", "--until", "REGISTERED");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("Connection failure, reason -113")
                .containsPattern("The run ended without LWM2M_CARRIER_EVENT_REGISTERED: (nothing more is scheduled|the --for budget of 30d)");
    }

    @Test
    void withoutUntilTheRunEndsWellAtTheForBound() {
        Run run = runIn(dir.resolve("s").toString(), "--for", "1h");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("LWM2M_CARRIER_EVENT_REGISTERED").contains("Ran for 1h of virtual time");
    }

    @Test
    void badForIsOneLineAndExitTwo() {
        Run run = runIn(dir.resolve("s").toString(), "--for", "soon");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString().contains("bad duration 'soon'");
    }

    @Test
    void stateThatIsAFileIsOneLineAndExitTwo() throws IOException {
        Path file = Files.writeString(dir.resolve("state.txt"), "not a directory");
        Run run = runIn(file.toString(), "--until", "REGISTERED");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("carrier-sample: --state " + file + " is a file, not a directory");
        assertThat(run.log()).isEmpty();
    }

    @Test
    void stateWithoutAParentIsOneLineAndExitTwo() {
        Path orphan = dir.resolve("missing").resolve("state");
        Run run = runIn(orphan.toString(), "--until", "REGISTERED");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .startsWith("carrier-sample: --state " + orphan + ": its parent directory").endsWith("does not exist");
    }

    @Test
    void stateWithAnUnreadableNvsIsOneLineAndExitTwo() throws IOException {
        Path state = Files.createDirectories(dir.resolve("s"));
        Files.createDirectory(state.resolve("nvs.bin"));
        Run run = runIn(state.toString(), "--until", "REGISTERED");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).containsExactly("carrier-sample: --state " + state + ": nvs.bin is not a readable file");
    }

    @Test
    void aStateDirectoryInUseByAnotherRunIsRefused() throws Exception {
        Path state = dir.resolve("s");
        try (EventHandlerSample.StateDirectory held = EventHandlerSample.StateDirectory.open(state, false)) {
            Run run = runIn(state.toString(), "--until", "REGISTERED");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.errLines()).containsExactly("carrier-sample: --state " + state + " is in use by another run of the sample");
        }
        assertThat(runIn(state.toString(), "--until", "REGISTERED").exit()).as("free again").isZero();
    }

    @Test
    void versionIsPrinted() {
        Run run = run("-V");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("carrier-sample 0.1.0").contains("3.7.0");
    }

    @Test
    void quietPrintsTheEventsOnlyAndVerboseLogsWithVirtualTime() {
        Run quiet = runIn(dir.resolve("q").toString(), "--quiet", "--until", "REGISTERED");
        assertThat(quiet.exit()).isZero();
        assertThat(quiet.out().lines()).allMatch(line -> line.contains("LWM2M_CARRIER_EVENT_") || line.startsWith("    "));
        assertThat(quiet.log()).isEmpty();

        Run normal = runIn(dir.resolve("n").toString(), "--until", "REGISTERED");
        assertThat(normal.log()).as("no INFO chatter by default").isEmpty();

        Run verbose = runIn(dir.resolve("v").toString(), "--verbose", "--until", "REGISTERED");
        assertThat(verbose.exit()).isZero();
        assertThat(verbose.log().lines().filter(l -> l.matches("\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\| \\d\\d:\\d\\d:\\d\\d\\.\\d{3}] (DEBUG|INFO ).*")))
                .as("log lines carry the virtual time, then the wall time").isNotEmpty();
        assertThat(verbose.log()).contains("[00:00:02.000 |");
        assertThat(run("--quiet", "--verbose").exit()).isEqualTo(2);
    }

    @Test
    void vendorOptionNamesFromTheGuideGetAHint() throws IOException {
        Run run = runIn(dir.resolve("s").toString(), "--config", conf("CONFIG_LWM2M_CARRIER=y\nCONFIG_LWM2M_CARRIER_BOOTSTRAP_SMARTCARD=y\n").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errLines()).singleElement().asString()
                .endsWith("prj.conf:2: CONFIG_LWM2M_CARRIER_BOOTSTRAP_SMARTCARD: removed in 3.6.0: use CONFIG_UICC_LWM2M"
                        + " (smartcard bootstrap is automatic when it is enabled)");
        Run serial = runIn(dir.resolve("s").toString(), "--config", conf("CONFIG_LWM2M_CARRIER_LG_UPLUS_DEVICE_SERIAL_NUMBER=y\n").toString());
        assertThat(serial.exit()).isEqualTo(2);
        assertThat(serial.err()).contains("use CONFIG_LWM2M_CARRIER_LG_UPLUS_IMEI=y or CONFIG_LWM2M_CARRIER_LG_UPLUS_2DID=y");
    }

    @Test
    void ignoredKeysAreListedOnce() throws IOException {
        Path config = conf("CONFIG_LWM2M_CARRIER=y\nCONFIG_NRF_MODEM_LIB=y\nCONFIG_NVS=y\nCONFIG_NRF_MODEM_LIB=y\n"
                + "# CONFIG_LWM2M_CARRIER_IS_SERVER_BOOTSTRAP is not set\n");
        Run run = runIn(dir.resolve("s").toString(), "--config", config.toString(), "--until", "REGISTERED");
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines().filter(l -> l.startsWith("Ignored"))).containsExactly(
                "Ignored (options of other subsystems): CONFIG_NRF_MODEM_LIB, CONFIG_NVS");
        assertThat(run.out()).contains("CONFIG_LWM2M_CARRIER_IS_SERVER_BOOTSTRAP: renamed in 3.x, read as CONFIG_LWM2M_CARRIER_IS_BOOTSTRAP_SERVER");
    }

    @Test
    void customDmServerInGenericModeRegistersWithoutDeferring() throws IOException {
        Path config = conf("CONFIG_LWM2M_CARRIER=y\nCONFIG_LWM2M_CARRIER_GENERIC=y\n"
                + "CONFIG_LWM2M_CARRIER_CUSTOM_URI=\"coaps://leshan.example.invalid:5684\"\n"
                + "# CONFIG_LWM2M_CARRIER_IS_BOOTSTRAP_SERVER is not set\n"
                + "CONFIG_LWM2M_CARRIER_SERVER_SEC_TAG=2000\nCONFIG_CARRIER_APP_PSK=\"000102030405060708090a0b0c0d0e0f\"\n");
        Run run = runIn(dir.resolve("s").toString(), "--carrier", "generic", "--config", config.toString(), "--until", "REGISTERED",
                "--for", "1d");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("LWM2M_CARRIER_EVENT_REGISTERED").doesNotContain("DEFERRED", "BOOTSTRAPPED");
    }

    @Test
    void theSameFaultPrintsEachGenerationsCodesAndErrorValues() throws Exception {
        List<JsonNode> v37 = json(runIn(dir.resolve("a").toString(), "--fault", "bootstrap-unreachable", "--until", "ERROR", "--json"));
        List<JsonNode> v33 = json(runIn(dir.resolve("b").toString(), "--fault", "bootstrap-unreachable", "--until", "ERROR", "--json",
                "--numbering", "3.3"));
        assertThat(codes(v37, "LWM2M_CARRIER_EVENT_DEFERRED")).containsOnly(7).hasSize(4);
        assertThat(codes(v33, "LWM2M_CARRIER_EVENT_DEFERRED")).containsOnly(6).hasSize(4);
        JsonNode error37 = v37.get(v37.size() - 1);
        JsonNode error33 = v33.get(v33.size() - 1);
        assertThat(List.of(error37.get("code").asInt(), error37.get("errorTypeCode").asInt(), error37.get("value").asInt()))
                .containsExactly(20, 8, -113);
        assertThat(error37.get("errorType").asText()).isEqualTo("CONNECT");
        assertThat(List.of(error33.get("code").asInt(), error33.get("errorTypeCode").asInt(), error33.get("value").asInt()))
                .containsExactly(20, 3, -110);
        assertThat(error33.get("errorType").asText()).isEqualTo("BOOTSTRAP");
        assertThat(codes(v33, "LWM2M_CARRIER_EVENT_LTE_LINK_DOWN")).containsOnly(2);

        Run text33 = runIn(dir.resolve("c").toString(), "--fault", "bootstrap-unreachable", "--until", "ERROR", "--numbering", "3.3");
        assertThat(text33.out()).contains("Bootstrap error, reason -110");
        assertThat(runIn(dir.resolve("d").toString(), "--numbering", "3.5").errLines()).singleElement().asString()
                .contains("unknown numbering '3.5', expected 3.7 or 3.3");
    }

    private static List<JsonNode> json(Run run) throws IOException {
        assertThat(run.exit()).as(run.err()).isZero();
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            if (!line.isBlank()) {
                lines.add(mapper.readTree(line));
            }
        }
        return lines;
    }

    private static List<Integer> codes(List<JsonNode> lines, String event) {
        return lines.stream().filter(n -> n.get("event").asText().equals(event)).map(n -> n.get("code").asInt()).toList();
    }

    @Test
    void launcherPassesJavaOptsToJava() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String dependencies = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().startsWith(root.resolve("samples").resolve("target")))
                .collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder launcher = new ProcessBuilder("bash", root.resolve("carrier-sample").toString(), "-V")
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
        launcher.environment().put("CARRIER_SAMPLE_CLASSPATH", dependencies);
        launcher.environment().put("JAVA_OPTS", "-Dcarrier.probe=42 -XshowSettings:properties");
        Process process = launcher.start();
        // A safety bound for a hung process, not part of what is tested.
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("out.txt"))).startsWith("carrier-sample 0.1.0");
        assertThat(Files.readString(dir.resolve("err.txt"))).contains("carrier.probe = 42");
    }
}
