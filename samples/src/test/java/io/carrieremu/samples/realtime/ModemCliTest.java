package io.carrieremu.samples.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.samples.EventHandlerSample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample on the JVM backend through its real entry point: {@code --modem tcp://…} against a
 * TCP-served simulated modem and the simulated carrier on loopback, in real time; {@code --serve-modem};
 * bad {@code --modem} forms.
 */
class ModemCliTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = EventHandlerSample.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theSampleRegistersOverATcpModemWithTheSimulatedCarrier(@TempDir Path state) throws Exception {
        try (ModemServer modem = ModemServer.start("verizon", 0)) {
            Run run = run("--modem", "tcp://127.0.0.1:" + modem.address().getPort(), "--state", state.toString(),
                    "--until", "REGISTERED", "--for", "60s");
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("LWM2M_CARRIER_EVENT_BOOTSTRAPPED", "LWM2M_CARRIER_EVENT_REGISTERED",
                    "Simulated verizon servers on 127.0.0.1 for urn:imei-msisdn:" + ModemServer.IMEI);
        }
    }

    @Test
    void serveModemPrintsItsAddressAndEndsAtTheBudget() {
        Run run = run("--serve-modem", "0", "--carrier", "t-mobile", "--for", "1s");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).matches("(?s)Simulated t-mobile modem on tcp://127\\.0\\.0\\.1:\\d+\\R");
    }

    @Test
    void aModemThatIsNeitherTcpNorADeviceIsOneLineAndExitTwo(@TempDir Path state) {
        Run run = run("--modem", "http://example.invalid/modem", "--state", state.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip()).doesNotContain("\n").contains("tcp://HOST:PORT");
    }
}
