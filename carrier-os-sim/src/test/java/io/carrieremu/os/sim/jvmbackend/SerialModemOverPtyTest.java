package io.carrieremu.os.sim.jvmbackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.jvm.at.ModemAtChannel;
import io.carrieremu.os.jvm.at.SerialAtTransport;
import io.carrieremu.os.jvm.at.SerialSettings;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.modem.AtTcpServer;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.transcript.Transcript;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serial AT path (jSerialComm) against the simulated modem: socat makes a pseudo-terminal and bridges
 * it to the modem's TCP server, so the JVM backend opens a real tty. Skipped, with the reason, where
 * socat is missing or no pseudo-terminal can be made; the TCP path is covered by the other tests.
 */
class SerialModemOverPtyTest {

    @TempDir
    Path temp;

    private final VirtualClock clock = new VirtualClock();
    private SimModem modem;
    private AtTcpServer server;
    private Process socat;
    private Path tty;

    @BeforeEach
    void bridge() throws Exception {
        Assumptions.assumeTrue(socatPath() != null, "socat is not installed (apt-get install socat): serial test skipped");
        modem = new SimModem(clock, new Transcript(clock::nowMillis), SimProfiles.homeNetwork("verizon"),
                SimModem.Identity.nrf9160(TcpModemFixture.IMEI), SimProfiles.verizon());
        clock.startAutoAdvance();
        server = AtTcpServer.start(modem, 0);
        tty = temp.resolve("modem-tty");
        startSocat();
    }

    private static String socatPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File candidate = new File(dir, "socat");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    private void startSocat() throws Exception {
        socat = new ProcessBuilder(socatPath(), "pty,link=" + tty + ",raw,echo=0",
                "tcp:127.0.0.1:" + server.address().getPort())
                .redirectErrorStream(true).redirectOutput(temp.resolve("socat.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(tty) && socat.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (!Files.exists(tty)) {
            String log = Files.exists(temp.resolve("socat.log")) ? Files.readString(temp.resolve("socat.log")) : "";
            socat.destroyForcibly();
            Assumptions.abort("socat could not make a pseudo-terminal: " + log.strip());
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (socat != null) {
            socat.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        clock.stopAutoAdvance();
        if (modem != null) {
            modem.close();
        }
    }

    private ModemAtChannel open() {
        ModemAtChannel channel = ModemAtChannel.open(new SerialAtTransport(new SerialSettings(tty.toString(), 115_200,
                SerialSettings.FlowControl.NONE)), TcpModemFixture.FAST);
        if (!channel.awaitConnected(Duration.ofSeconds(10))) {
            channel.close();
            Assumptions.abort("the serial library could not open the pseudo-terminal " + tty);
        }
        return channel;
    }

    @Test
    void commandsAndNotificationsOverASerialPort() throws Exception {
        try (ModemAtChannel channel = open()) {
            BlockingQueue<String> cereg = new LinkedBlockingQueue<>();
            channel.subscribe("+CEREG", cereg::add);
            assertThat(channel.send("AT+CGSN=1")).isEqualTo(AtResponse.ok(List.of("+CGSN: \"" + TcpModemFixture.IMEI + "\"")));
            assertThat(channel.send("AT+CFUN=4").isOk()).isTrue();
            assertThat(channel.send("AT+CIMI").lines()).containsExactly("311480123456789");
            assertThat(channel.send("AT+CEREG=5").isOk()).isTrue();
            assertThat(channel.send("AT+CFUN=1").isOk()).isTrue();
            assertThat(cereg.poll(10, TimeUnit.SECONDS)).isEqualTo("+CEREG: 2");
            assertThat(channel.send("AT+CMEE=1").isOk()).isTrue();
            assertThat(channel.send("AT%CMNG=0,25,3,\"0102\"")).isEqualTo(AtResponse.cmeError(518));
        }
    }

    @Test
    void thePortVanishingFailsWithEioAndTheChannelReopensItWhenItIsBack() throws Exception {
        try (ModemAtChannel channel = open()) {
            assertThat(channel.send("AT+CGMI").lines()).containsExactly("Nordic Semiconductor ASA");
            socat.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (channel.isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(channel.isConnected()).as("the vanished port is noticed").isFalse();
            assertThatThrownBy(() -> channel.send("AT+CGMI", Duration.ofMillis(300)))
                    .isInstanceOfSatisfying(OsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIO));
            startSocat();
            assertThat(channel.awaitConnected(Duration.ofSeconds(10))).isTrue();
            assertThat(channel.send("AT+CGMI").lines()).containsExactly("Nordic Semiconductor ASA");
        }
    }
}
