package io.carrieremu.os.sim.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.Errno;
import io.carrieremu.core.os.Datagram;
import io.carrieremu.core.os.DatagramEndpoint;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnActivation;
import io.carrieremu.core.os.PdnEvent;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.core.os.PdnRejectedException;
import io.carrieremu.core.os.WorkQueue;
import io.carrieremu.os.jvm.at.AtPdn;
import io.carrieremu.os.sim.clock.SimScheduler;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.modem.SimAtChannel;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.transcript.Transcript;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PDN contexts through the AT-based PDN layer, and datagrams gated by the simulated modem. */
class PdnAndTransportTest {

    private final VirtualClock clock = new VirtualClock();
    private final Transcript transcript = new Transcript(clock::nowMillis);
    private final NetworkModel networkModel = SimProfiles.homeNetwork("verizon");
    private SimModem modem;
    private SimScheduler scheduler;
    private AtPdn pdn;
    private SimNetwork network;
    private WorkQueue queue;
    private DatagramSocket echo;
    private Thread echoThread;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        modem = new SimModem(clock, transcript, networkModel, SimModem.Identity.nrf9160("352656100367872"), SimProfiles.verizon());
        scheduler = new SimScheduler(clock, 7);
        SimAtChannel at = new SimAtChannel(modem);
        pdn = new AtPdn(at, scheduler);
        network = new SimNetwork(modem, transcript, clock, 7);
        queue = scheduler.workQueue(0, "wq0");
        echo = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        echoThread = new Thread(() -> {
            byte[] buffer = new byte[2048];
            while (!echo.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    echo.receive(packet);
                    echo.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        echoThread.setDaemon(true);
        echoThread.start();
        network.mapHost("echo.example.invalid", 7, (InetSocketAddress) echo.getLocalSocketAddress());
        pdn.setDefaultContextListener((cid, event, reason) -> events.add(cid + ":" + event));
        modem.execute("AT+CMEE=1");
        modem.execute("AT+CFUN=1");
        clock.advance(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        echo.close();
        network.close();
        scheduler.shutdown();
        modem.close();
    }

    /** Runs {@code work} on the work queue, as the core would, and returns what it returned or threw. */
    private <T> T onQueue(OsCall<T> work) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        queue.submit(() -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                result.set(e);
            }
        });
        clock.runUntil(() -> result.get() != null, Duration.ofMinutes(5));
        if (result.get() instanceof Exception e) {
            throw e;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result.get();
        return value;
    }

    @FunctionalInterface
    private interface OsCall<T> {
        T call() throws Exception;
    }

    @Test
    void acceptedApnActivatesWithCgevMePdnAct() throws Exception {
        List<String> contextEvents = Collections.synchronizedList(new ArrayList<>());
        PdnActivation activation = onQueue(() -> {
            int cid = pdn.createContext((c, e, r) -> contextEvents.add(c + ":" + e));
            pdn.configure(cid, "iot.example", PdnFamily.IPV4V6);
            return pdn.activate(cid);
        });
        assertThat(activation.cid()).isEqualTo(1);
        assertThat(activation.family()).isEqualTo(PdnFamily.IPV4V6);
        assertThat(transcript.lines(Transcript.Kind.AT_NOTIFICATION)).contains("+CGEV: ME PDN ACT 1");
        assertThat(contextEvents).containsExactly("1:ACTIVATED");
        assertThat(onQueue(() -> pdn.pdnId(1))).isEqualTo(1);
    }

    @Test
    void ipv4OnlyGrantIsTheFamilyReturned() throws Exception {
        networkModel.ipv4Only(true);
        PdnActivation activation = onQueue(() -> {
            int cid = pdn.createContext(null);
            pdn.configure(cid, "dual.example", PdnFamily.IPV4V6);
            return pdn.activate(cid);
        });
        assertThat(activation.family()).isEqualTo(PdnFamily.IPV4);
    }

    @Test
    void rejectedApnGivesCnecEsmAndTheCause() {
        networkModel.rejectApn("blocked.example", 33);
        assertThatThrownBy(() -> onQueue(() -> {
            int cid = pdn.createContext(null);
            pdn.configure(cid, "blocked.example", PdnFamily.IPV4V6);
            return pdn.activate(cid);
        })).isInstanceOf(PdnRejectedException.class)
                .satisfies(e -> assertThat(((PdnRejectedException) e).esmCause()).isEqualTo(33));
        assertThat(transcript.lines(Transcript.Kind.AT_NOTIFICATION)).contains("+CNEC_ESM: 33,1");
    }

    @Test
    void networkDetachIsReportedAndTrafficFailsUntilReattach() throws Exception {
        DatagramEndpoint endpoint = network.openDatagram(Network.DEFAULT_PDN, PdnFamily.IPV4V6);
        InetSocketAddress peer = onQueue(() -> network.resolve("echo.example.invalid", 7, PdnFamily.IPV4V6));
        endpoint.send(new Datagram(peer, "ping".getBytes(StandardCharsets.UTF_8)));
        assertThat(endpoint.receive(Duration.ofSeconds(5))).hasValueSatisfying(
                d -> assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("ping"));

        modem.networkDetach();
        clock.runUntilIdle();
        assertThat(transcript.lines(Transcript.Kind.AT_NOTIFICATION)).contains("+CGEV: NW DETACH");
        assertThat(events).contains("0:" + PdnEvent.NETWORK_DETACHED);
        assertThatThrownBy(() -> endpoint.send(new Datagram(peer, new byte[] {1})))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENETDOWN));

        clock.advance(Duration.ofSeconds(2));
        endpoint.send(new Datagram(peer, "again".getBytes(StandardCharsets.UTF_8)));
        assertThat(endpoint.receive(Duration.ofSeconds(5))).isPresent();
        endpoint.close();
    }

    @Test
    void trafficOnAnInactivePdnFails() throws Exception {
        DatagramEndpoint endpoint = network.openDatagram(3, PdnFamily.IPV4V6);
        assertThatThrownBy(() -> endpoint.send(new Datagram((InetSocketAddress) echo.getLocalSocketAddress(), new byte[] {1})))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENETDOWN));
        assertThat(transcript.lines(Transcript.Kind.DATAGRAM_DROPPED)).singleElement().asString().contains("PDN 3 not active");
        modem.execute("AT+CFUN=4");
        DatagramEndpoint defaultEndpoint = network.openDatagram(0, PdnFamily.IPV4V6);
        assertThatThrownBy(() -> defaultEndpoint.send(new Datagram((InetSocketAddress) echo.getLocalSocketAddress(), new byte[] {1})))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENETDOWN));
        endpoint.close();
        defaultEndpoint.close();
    }

    @Test
    void nameResolutionMapsHostsAndNeedsTheLink() throws Exception {
        assertThat(network.resolve("ECHO.example.invalid", 7, PdnFamily.IPV4V6)).isEqualTo(echo.getLocalSocketAddress());
        assertThatThrownBy(() -> network.resolve("nowhere.invalid", 5684, PdnFamily.IPV4V6))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.EHOSTUNREACH));
        assertThat(network.resolve("127.0.0.1", 9, PdnFamily.IPV4)).isEqualTo(new InetSocketAddress("127.0.0.1", 9));
        modem.execute("AT+CFUN=4");
        assertThatThrownBy(() -> network.resolve("echo.example.invalid", 7, PdnFamily.IPV4V6))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENETDOWN));
    }

    @Test
    void blackholedDestinationSwallowsDatagramsSilently() throws Exception {
        InetSocketAddress peer = (InetSocketAddress) echo.getLocalSocketAddress();
        network.blackhole(peer);
        DatagramEndpoint endpoint = network.openDatagram(0, PdnFamily.IPV4V6);
        endpoint.send(new Datagram(peer, new byte[] {1, 2, 3}));
        assertThat(endpoint.receive(Duration.ofMillis(200))).isEmpty();
        assertThat(transcript.lines(Transcript.Kind.DATAGRAM_DROPPED)).singleElement().asString()
                .isEqualTo("PDN 0 echo.example.invalid:7 3 bytes (blackholed)");
        network.restore(peer);
        endpoint.send(new Datagram(peer, new byte[] {4}));
        assertThat(endpoint.receive(Duration.ofSeconds(5))).isPresent();
        endpoint.close();
    }

    @Test
    void lossAndDelayAreApplied() throws Exception {
        InetSocketAddress peer = (InetSocketAddress) echo.getLocalSocketAddress();
        DatagramEndpoint endpoint = network.openDatagram(0, PdnFamily.IPV4V6);
        network.lossRate(1.0);
        endpoint.send(new Datagram(peer, new byte[] {1}));
        assertThat(endpoint.receive(Duration.ofMillis(200))).isEmpty();
        assertThat(transcript.lines(Transcript.Kind.DATAGRAM_DROPPED)).singleElement().asString().endsWith("(lost)");
        network.lossRate(0);
        network.delay(Duration.ofMillis(50));
        endpoint.send(new Datagram(peer, new byte[] {2}));
        assertThat(endpoint.receive(Duration.ofSeconds(5))).hasValueSatisfying(d -> assertThat(d.data()).containsExactly(2));
        endpoint.close();
    }

    @Test
    void closingWakesABlockedReceive() throws Exception {
        DatagramEndpoint endpoint = network.openDatagram(0, PdnFamily.IPV4V6);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread receiver = new Thread(() -> {
            try {
                endpoint.receive(Duration.ZERO);
            } catch (OsException e) {
                failure.set(e);
            }
        });
        receiver.start();
        Thread.sleep(100);
        endpoint.close();
        receiver.join(5000);
        assertThat(failure.get()).isInstanceOf(OsException.class)
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ECANCELED));
    }
}
