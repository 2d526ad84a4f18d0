package io.carrieremu.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The sample's real CLI entry point, its output and exit codes. */
class EventHandlerSampleTest {

    @TempDir
    Path state;

    /** One run: exit code, stdout and stderr. */
    private record Run(int exit, String out, String err) {
        List<String> events() {
            return Arrays.stream(out.split("\n")).filter(l -> l.contains("LWM2M_CARRIER_EVENT_"))
                    .map(l -> l.substring(l.indexOf("LWM2M_CARRIER_EVENT_") + "LWM2M_CARRIER_EVENT_".length()).strip())
                    .toList();
        }
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of("--state", state.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = EventHandlerSample.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void firstRunBootstrapsSecondOnlyRegistersAndEraseStartsOver() {
        Run first = run("--until", "REGISTERED");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).startsWith("LWM2M Carrier library sample.");
        assertThat(first.events()).containsExactly("LTE_LINK_DOWN", "LTE_LINK_UP", "LTE_LINK_DOWN", "BOOTSTRAPPED", "LTE_LINK_UP",
                "REGISTERED");

        Run second = run("--until", "REGISTERED");
        assertThat(second.exit()).isZero();
        assertThat(second.events()).containsExactly("REGISTERED");

        Run erased = run("--erase", "--until", "REGISTERED");
        assertThat(erased.exit()).isZero();
        assertThat(erased.events()).containsExactly("LTE_LINK_DOWN", "LTE_LINK_UP", "LTE_LINK_DOWN", "BOOTSTRAPPED", "LTE_LINK_UP",
                "REGISTERED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"verizon", "t-mobile", "lg-uplus", "softbank", "bell-ca", "generic"})
    void everyCarrierReachesRegistered(String carrier) {
        Run run = run("--carrier", carrier, "--until", "REGISTERED");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.events()).endsWith("REGISTERED");
    }

    @Test
    void wrongPskDefersOnTheProfileScheduleThenReportsTheConnectError() {
        Run run = run("--fault", "wrong-psk", "--until", "ERROR");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains(
                "Reason: Failed to connect to bootstrap server, timeout: 120 seconds",
                "Reason: Failed to connect to bootstrap server, timeout: 240 seconds",
                "Reason: Failed to connect to bootstrap server, timeout: 360 seconds",
                "Reason: Failed to connect to bootstrap server, timeout: 480 seconds",
                "Connection failure, reason -113");
        assertThat(run.events()).endsWith("DEFERRED", "ERROR");
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
        "bootstrap-unreachable, verizon, No route to bootstrap server",
        "no-msisdn, verizon, Waiting for SIM MSISDN",
        "pdn-reject, generic, Failed to activate PDN",
        "server-unavailable, t-mobile, Server in maintenance mode",
        "finish-dropped, verizon, Bootstrap sequence not completed",
        "server-unreachable, verizon, No route to server",
        "server-wrong-psk, verizon, Failed to connect to server",
        "register-forbidden, verizon, Server registration sequence not completed"})
    void eachFaultPrintsItsDeferredReason(String fault, String carrier, String reason) {
        Run run = run("--carrier", carrier, "--fault", fault, "--until", "DEFERRED");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Reason: " + reason + ", timeout: ");
    }

    @Test
    void jsonOutputIsOneObjectPerLineWithThe370Codes() throws Exception {
        Run run = run("--json", "--until", "REGISTERED");
        assertThat(run.exit()).isZero();
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            if (!line.isBlank()) {
                lines.add(mapper.readTree(line));
            }
        }
        assertThat(lines).extracting(node -> node.get("event").asText()).endsWith("LWM2M_CARRIER_EVENT_REGISTERED");
        assertThat(lines).extracting(node -> node.get("code").asInt()).endsWith(5);
        assertThat(lines).allMatch(node -> node.has("virtualMillis"));
    }

    @Test
    void badInputIsOneClearLineAndExitCodeTwo() throws Exception {
        Run unknownCarrier = run("--carrier", "vodafone");
        assertThat(unknownCarrier.exit()).isEqualTo(2);
        assertThat(unknownCarrier.err().strip().lines()).singleElement().asString().contains("unknown carrier 'vodafone'");

        Run missingConfig = run("--config", state.resolve("missing.conf").toString());
        assertThat(missingConfig.exit()).isEqualTo(2);
        assertThat(missingConfig.err().strip().lines()).singleElement().asString().contains("missing.conf:0: cannot be read");

        Path badConfig = state.resolve("bad.conf");
        Files.writeString(badConfig, "CONFIG_LWM2M_CARRIER_QUEUE_MODE=maybe\n");
        Run badValue = run("--config", badConfig.toString());
        assertThat(badValue.exit()).isEqualTo(2);
        assertThat(badValue.err()).contains("bad.conf:1: CONFIG_LWM2M_CARRIER_QUEUE_MODE: expected y or n");

        Run badUntil = run("--until", "SOMETIME");
        assertThat(badUntil.exit()).isEqualTo(2);
        assertThat(badUntil.err().strip().lines()).singleElement().asString().contains("unknown event 'SOMETIME'");
    }

    @Test
    void helpDescribesTheOptions() {
        Run help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--carrier", "--config", "--state", "--erase", "--until", "--for", "--fault", "--numbering",
                "--json", "--quiet", "--verbose", "--version", "(default: 30d)", "Exit codes:");
    }
}
