package io.carrieremu.os.sim.jvmbackend;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.jvm.at.AtChannelOptions;
import io.carrieremu.os.jvm.at.ModemAtChannel;
import io.carrieremu.os.jvm.at.TcpAtTransport;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.modem.AtTcpServer;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.transcript.Transcript;
import java.io.IOException;
import java.time.Duration;

/**
 * The simulated modem served over TCP by {@link AtTcpServer}, its clock advancing on its own (so the
 * modem's registration and notifications happen in real time, at once), optionally behind a
 * {@link ModemLinkProxy}, and the JVM backend's {@link ModemAtChannel} connected to it.
 */
final class TcpModemFixture implements AutoCloseable {

    static final String IMEI = "352656100367872";
    static final AtChannelOptions FAST = AtChannelOptions.DEFAULTS.withReconnect(Duration.ofMillis(20), Duration.ofMillis(200));

    final VirtualClock clock = new VirtualClock();
    final Transcript transcript = new Transcript(clock::nowMillis);
    final SimModem modem;
    AtTcpServer server;
    final ModemLinkProxy proxy;
    final ModemAtChannel channel;

    TcpModemFixture(boolean throughProxy) throws IOException {
        modem = new SimModem(clock, transcript, SimProfiles.homeNetwork("verizon"), SimModem.Identity.nrf9160(IMEI),
                SimProfiles.verizon());
        clock.startAutoAdvance();
        server = AtTcpServer.start(modem, 0);
        proxy = throughProxy ? ModemLinkProxy.start(server.address()) : null;
        int port = throughProxy ? proxy.port() : server.address().getPort();
        channel = ModemAtChannel.open(new TcpAtTransport("127.0.0.1", port), FAST);
        assertThat(channel.awaitConnected(Duration.ofSeconds(10))).isTrue();
    }

    /** Sends a command that must succeed. */
    AtResponse ok(String command) throws OsException {
        AtResponse response = channel.send(command);
        assertThat(response.isOk()).as("%s answered %s", command, response.finalLine()).isTrue();
        return response;
    }

    /** The modem's server goes away (connections closed) and comes back on the same port. */
    void restartServer() throws IOException {
        int port = server.address().getPort();
        server.close();
        server = AtTcpServer.start(modem, port);
    }

    @Override
    public void close() throws IOException {
        channel.close();
        if (proxy != null) {
            proxy.close();
        }
        server.close();
        clock.stopAutoAdvance();
        modem.close();
    }
}
