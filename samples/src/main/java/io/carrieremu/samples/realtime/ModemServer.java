package io.carrieremu.samples.realtime;

import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.modem.AtTcpServer;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.transcript.Transcript;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A simulated nRF91 modem with a carrier's SIM, served over TCP on 127.0.0.1 ({@link AtTcpServer}) for
 * {@code --modem tcp://…} runs or other tools. Its world advances on its own, jumping over idle time:
 * the modem has no real-time peer to keep pace with (its AT client waits for answers).
 */
public final class ModemServer implements AutoCloseable {

    /** The IMEI of the served modem. */
    public static final String IMEI = "352656100367872";

    private final VirtualClock clock = new VirtualClock();
    private final SimModem modem;
    private final AtTcpServer server;

    private ModemServer(String simProfile, int port) throws IOException {
        modem = new SimModem(clock, new Transcript(clock::nowMillis, 10_000), SimProfiles.homeNetwork(simProfile),
                SimModem.Identity.nrf9160(IMEI), SimProfiles.card(simProfile));
        clock.startAutoAdvance();
        server = AtTcpServer.start(modem, port);
    }

    /**
     * Serves a modem with the SIM of {@code simProfile} ({@code verizon}, {@code t-mobile} …).
     *
     * @param port the TCP port, 0 for an ephemeral one
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException for an unknown SIM profile
     */
    public static ModemServer start(String simProfile, int port) throws IOException {
        return new ModemServer(simProfile, port);
    }

    /** The address AT clients connect to. */
    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
        clock.stopAutoAdvance();
        modem.close();
    }
}
