package io.carrieremu.os.sim.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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
    private SimNetwork world;
    private Network network;
    private WorkQueue queue;
    private InetSocketAddress echo;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final BlockingQueue<Datagram> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        modem = new SimModem(clock, transcript, networkModel, SimModem.Identity.nrf9160("352656100367872"), SimProfiles.verizon());
        scheduler = new SimScheduler(clock, 7);
        SimAtChannel at = new SimAtChannel(modem);
        pdn = new AtPdn(at, scheduler);
        world = new SimNetwork(clock, 7);
        network = world.attach(modem, transcript);
        queue = scheduler.workQueue(0, "wq0");
        DatagramEndpoint[] echoEndpoint = new DatagramEndpoint[1];
        echoEndpoint[0] = world.newHost("echo").bind(7, datagram -> {
            try {
                echoEndpoint[0].send(datagram);
            } catch (OsException e) {
                throw new IllegalStateException(e);
            }
        });
        echo = echoEndpoint[0].localAddress();
        world.mapHost("echo.example.invalid", 7, echo);
        pdn.setDefaultContextListener((cid, event, reason) -> events.add(cid + ":" + event));
        modem.execute("AT+CMEE=1");
        modem.execute("AT+CFUN=1");
        clock.advance(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
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
        PdnActivation activation = done(onQueue(() -> {
            int cid = pdn.createContext((c, e, r) -> contextEvents.add(c + ":" + e));
            pdn.configure(cid, "iot.example", PdnFamily.IPV4V6);
            return pdn.activate(cid);
        }));
        assertThat(activation.cid()).isEqualTo(1);
        assertThat(activation.family()).isEqualTo(PdnFamily.IPV4V6);
        assertThat(transcript.lines(Transcript.Kind.AT_NOTIFICATION)).contains("+CGEV: ME PDN ACT 1");
        assertThat(contextEvents).containsExactly("1:ACTIVATED");
        assertThat(onQueue(() -> pdn.pdnId(1))).isEqualTo(1);
    }

    @Test
    void ipv4OnlyGrantIsTheFamilyReturned() throws Exception {
        networkModel.ipv4Only(true);
        PdnActivation activation = done(onQueue(() -> {
            int cid = pdn.createContext(null);
            pdn.configure(cid, "dual.example", PdnFamily.IPV4V6);
            return pdn.activate(cid);
        }));
        assertThat(activation.family()).isEqualTo(PdnFamily.IPV4);
    }

    @Test
    void rejectedApnGivesCnecEsmAndTheCause() throws Exception {
        networkModel.rejectApn("blocked.example", 33);
        java.util.concurrent.CompletableFuture<PdnActivation> activation = onQueue(() -> {
            int cid = pdn.createContext(null);
            pdn.configure(cid, "blocked.example", PdnFamily.IPV4V6);
            return pdn.activate(cid);
        });
        clock.runUntil(activation::isDone, Duration.ofMinutes(1));
        assertThatThrownBy(activation::get).cause().isInstanceOf(PdnRejectedException.class)
                .satisfies(e -> assertThat(((PdnRejectedException) e).esmCause()).isEqualTo(33));
        assertThat(transcript.lines(Transcript.Kind.AT_NOTIFICATION)).contains("+CNEC_ESM: 33,1");
    }

    @Test
    void networkDetachIsReportedAndTrafficFailsUntilReattach() throws Exception {
        DatagramEndpoint endpoint = network.openDatagram(Network.DEFAULT_PDN, PdnFamily.IPV4V6, received::add);
        InetSocketAddress peer = onQueue(() -> network.resolve("echo.example.invalid", 7, PdnFamily.IPV4V6));
        endpoint.send(new Datagram(peer, "ping".getBytes(StandardCharsets.UTF_8)));
        assertThat(receive()).hasValueSatisfying(
                d -> assertThat(new String(d.data(), StandardCharsets.UTF_8)).isEqualTo("ping"));

        modem.networkDetach();
        clock.runUntilIdle();
        assertThat(transcript.lines(Transcript.Kind.AT_NOTIFICATION)).contains("+CGEV: NW DETACH");
        assertThat(events).contains("0:" + PdnEvent.NETWORK_DETACHED);
        assertThatThrownBy(() -> endpoint.send(new Datagram(peer, new byte[] {1})))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENETDOWN));

        clock.advance(Duration.ofSeconds(2));
        endpoint.send(new Datagram(peer, "again".getBytes(StandardCharsets.UTF_8)));
        assertThat(receive()).isPresent();
        endpoint.close();
    }

    @Test
    void trafficOnAnInactivePdnFails() throws Exception {
        DatagramEndpoint endpoint = network.openDatagram(3, PdnFamily.IPV4V6, received::add);
        assertThatThrownBy(() -> endpoint.send(new Datagram(echo, new byte[] {1})))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENETDOWN));
        assertThat(transcript.lines(Transcript.Kind.DATAGRAM_DROPPED)).singleElement().asString().contains("PDN 3 not active");
        modem.execute("AT+CFUN=4");
        DatagramEndpoint defaultEndpoint = network.openDatagram(0, PdnFamily.IPV4V6, received::add);
        assertThatThrownBy(() -> defaultEndpoint.send(new Datagram(echo, new byte[] {1})))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENETDOWN));
        endpoint.close();
        defaultEndpoint.close();
    }

    @Test
    void nameResolutionMapsHostsAndNeedsTheLink() throws Exception {
        assertThat(network.resolve("ECHO.example.invalid", 7, PdnFamily.IPV4V6)).isEqualTo(echo);
        assertThatThrownBy(() -> network.resolve("nowhere.invalid", 5684, PdnFamily.IPV4V6))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.EHOSTUNREACH));
        assertThat(network.resolve("127.0.0.1", 9, PdnFamily.IPV4)).isEqualTo(new InetSocketAddress("127.0.0.1", 9));
        modem.execute("AT+CFUN=4");
        assertThatThrownBy(() -> network.resolve("echo.example.invalid", 7, PdnFamily.IPV4V6))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ENETDOWN));
    }

    @Test
    void blackholedDestinationSwallowsDatagramsSilently() throws Exception {
        InetSocketAddress peer = echo;
        world.blackhole(peer);
        DatagramEndpoint endpoint = network.openDatagram(0, PdnFamily.IPV4V6, received::add);
        endpoint.send(new Datagram(peer, new byte[] {1, 2, 3}));
        assertThat(receive()).isEmpty();
        assertThat(transcript.lines(Transcript.Kind.DATAGRAM_DROPPED)).singleElement().asString()
                .isEqualTo("PDN 0 echo.example.invalid:7 3 bytes (blackholed)");
        world.restore(peer);
        endpoint.send(new Datagram(peer, new byte[] {4}));
        assertThat(receive()).isPresent();
        endpoint.close();
    }

    @Test
    void lossAndDelayAreApplied() throws Exception {
        InetSocketAddress peer = echo;
        DatagramEndpoint endpoint = network.openDatagram(0, PdnFamily.IPV4V6, received::add);
        world.lossRate(1.0);
        endpoint.send(new Datagram(peer, new byte[] {1}));
        assertThat(receive()).isEmpty();
        assertThat(transcript.lines(Transcript.Kind.DATAGRAM_DROPPED)).singleElement().asString().endsWith("(lost)");
        world.lossRate(0);
        world.delay(Duration.ofMillis(50));
        endpoint.send(new Datagram(peer, new byte[] {2}));
        assertThat(receive()).hasValueSatisfying(d -> assertThat(d.data()).containsExactly(2));
        endpoint.close();
    }

    @Test
    void nothingArrivesAfterClose() throws Exception {
        DatagramEndpoint endpoint = network.openDatagram(0, PdnFamily.IPV4V6, received::add);
        endpoint.send(new Datagram(echo, new byte[] {1}));
        endpoint.close();
        assertThat(receive()).isEmpty();
        assertThatThrownBy(() -> endpoint.send(new Datagram(echo, new byte[] {2})))
                .satisfies(e -> assertThat(((OsException) e).errno()).isEqualTo(Errno.ECANCELED));
    }

    /** Runs the world until {@code future} completes, and gives its value. */
    private <T> T done(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        clock.runUntil(future::isDone, Duration.ofMinutes(2));
        return future.get();
    }

    /** Runs the world until it is idle and takes the datagram that arrived, if any. */
    private java.util.Optional<Datagram> receive() {
        clock.advance(Duration.ofSeconds(1));
        return java.util.Optional.ofNullable(received.poll());
    }
}
