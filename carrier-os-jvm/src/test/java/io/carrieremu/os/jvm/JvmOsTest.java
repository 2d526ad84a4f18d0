package io.carrieremu.os.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.transport.TransportTiming;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmOsTest {

    @TempDir
    Path state;

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** A modem that answers OK to everything and records the commands. */
    private static final class OkModem implements AutoCloseable {
        final ServerSocket server;
        final List<String> commands = new CopyOnWriteArrayList<>();

        OkModem() throws Exception {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread thread = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                        OutputStream out = socket.getOutputStream();
                        String line;
                        while ((line = in.readLine()) != null) {
                            commands.add(line);
                            out.write((line.equals("AT+CFUN?") ? "+CFUN: 4\r\nOK\r\n" : "OK\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                        }
                    } catch (java.io.IOException e) {
                        // next connection
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    @Test
    void assemblesEveryGroupOnOneStateDirectoryAndOneModem() throws Exception {
        try (OkModem modem = new OkModem();
             JvmOs os = JvmOs.builder().stateDirectory(state).modemTcp("127.0.0.1", modem.port())
                     .transportTiming(TransportTiming.COMPRESSED).build()) {
            LwM2mOs lwm2m = os;
            assertThat(lwm2m.at().send("AT+CGMI")).isEqualTo(AtResponse.ok(List.of()));
            lwm2m.storage().write(0xCA10, new byte[] {1, 2, 3});
            assertThat(lwm2m.storage().read(0xCA10)).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
            Psk key = Psk.ofHex("0102030405060708");
            lwm2m.credentials().write(25, Credential.psk(key));
            assertThat(modem.commands).contains("AT%CMNG=0,25,3,\"" + key.hex() + "\"");
            assertThat(lwm2m.credentials().psk(25)).contains(key);
            assertThat(lwm2m.scheduler()).isSameAs(os.scheduler());
            assertThat(lwm2m.network().resolve("127.0.0.1", 5683, io.carrieremu.core.os.PdnFamily.IPV4).getPort()).isEqualTo(5683);
            assertThat(lwm2m.uicc().bootstrapEnabled()).isTrue();
            assertThat(os.transportTiming()).isEqualTo(TransportTiming.COMPRESSED);
            assertThat(state.resolve("nvs")).isDirectory();
            assertThat(state.resolve("credentials")).isDirectory();
            assertThat(state.resolve("dfu")).isDirectory();
        }
        try (JvmOs again = JvmOs.builder().stateDirectory(state).modemTcp("127.0.0.1", 1).build()) {
            assertThat(again.storage().read(0xCA10)).as("files outlive the instance").isPresent();
            assertThat(again.credentialStore().psk(25)).isPresent();
        }
    }

    @Test
    void buildingDoesNotWaitForTheModem() throws Exception {
        long start = System.nanoTime();
        try (JvmOs os = JvmOs.builder().stateDirectory(state).modemTcp("127.0.0.1", 1).build()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void theRunnerRestartsTheCarrierInstanceOnReboot() throws Exception {
        List<LwM2mOs> systems = new CopyOnWriteArrayList<>();
        List<CarrierEvent> events = new CopyOnWriteArrayList<>();
        // An invalid server URI: the instance stops at once with INVALID_CONFIG, without touching the modem.
        CarrierConfig config = CarrierConfig.builder().serverUri("http://not-coap.invalid").build();
        JvmOs.Builder builder = JvmOs.builder().stateDirectory(state).modemTcp("127.0.0.1", 1);
        try (JvmCarrierRunner runner = JvmCarrierRunner.start(builder, os -> {
            systems.add(os);
            return LwM2mCarrier.create(os, config, event -> {
                events.add(event);
                return 0;
            });
        })) {
            assertThat(runner.result().get(10, TimeUnit.SECONDS)).isEqualTo(MainResult.INVALID_CONFIG);
            JvmOs first = runner.os();
            first.system().reboot();
            await(() -> runner.boots() == 2, "a second instance");
            assertThat(systems).hasSize(2);
            assertThat(systems.get(1)).isNotSameAs(first);
            assertThat(first.scheduler().isClosed()).as("the old OS layer is closed").isTrue();
            assertThat(runner.result().get(10, TimeUnit.SECONDS)).isEqualTo(MainResult.INVALID_CONFIG);
        }
        assertThat(((JvmOs) systems.get(1)).scheduler().isClosed()).isTrue();
    }
}
