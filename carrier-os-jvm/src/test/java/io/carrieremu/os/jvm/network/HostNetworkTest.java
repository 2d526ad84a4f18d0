package io.carrieremu.os.jvm.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.Datagram;
import io.carrieremu.core.os.DatagramEndpoint;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnFamily;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HostNetworkTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static Errno errno(Throwable e) {
        return ((OsException) e).errno();
    }

    @Test
    void datagramsGoBothWaysAndArriveOnTheReceiveThreadInOrder() throws Exception {
        HostNetwork network = HostNetwork.builder().bindTo(LOOPBACK).build();
        BlockingQueue<Datagram> atA = new LinkedBlockingQueue<>();
        BlockingQueue<String> threads = new LinkedBlockingQueue<>();
        try (DatagramEndpoint a = network.openDatagram(Network.DEFAULT_PDN, PdnFamily.IPV4, d -> {
                    threads.add(Thread.currentThread().getName());
                    atA.add(d);
                });
             DatagramEndpoint b = network.openDatagram(0, PdnFamily.IPV4, d -> { })) {
            assertThat(a.localAddress().getAddress()).isEqualTo(LOOPBACK);
            for (int i = 0; i < 20; i++) {
                b.send(new Datagram(a.localAddress(), ("datagram " + i).getBytes(StandardCharsets.US_ASCII)));
            }
            for (int i = 0; i < 20; i++) {
                Datagram d = atA.poll(10, TimeUnit.SECONDS);
                assertThat(d).isNotNull();
                assertThat(new String(d.data(), StandardCharsets.US_ASCII)).isEqualTo("datagram " + i);
                assertThat(d.peer()).isEqualTo(b.localAddress());
            }
            assertThat(threads.poll()).startsWith("udp-receive");
        }
    }

    @Test
    void nothingArrivesAfterClose() throws Exception {
        HostNetwork network = HostNetwork.builder().bindTo(LOOPBACK).build();
        BlockingQueue<Datagram> received = new LinkedBlockingQueue<>();
        DatagramEndpoint a = network.openDatagram(Network.DEFAULT_PDN, PdnFamily.IPV4, received::add);
        InetSocketAddress address = a.localAddress();
        a.close();
        a.close();
        try (DatagramEndpoint b = network.openDatagram(Network.DEFAULT_PDN, PdnFamily.IPV4, d -> { })) {
            b.send(new Datagram(address, new byte[] {1}));
            assertThat(received.poll(100, TimeUnit.MILLISECONDS)).isNull();
        }
        assertThatThrownBy(() -> a.send(new Datagram(address, new byte[] {1})))
                .satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.ECANCELED));
    }

    @Test
    void oversizedPayloadIsE2big() throws Exception {
        try (DatagramEndpoint a = HostNetwork.create().openDatagram(Network.DEFAULT_PDN, PdnFamily.IPV4, d -> { })) {
            assertThatThrownBy(() -> a.send(new Datagram(new InetSocketAddress(LOOPBACK, 9), new byte[a.maxPayloadSize() + 1])))
                    .satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.E2BIG));
        }
    }

    @Test
    void resolutionUsesTheHostAndMapsErrors() throws Exception {
        HostNetwork network = HostNetwork.builder()
                .mapHost("boot.lwm2m.vzwdm.com", 5684, new InetSocketAddress(LOOPBACK, 45684))
                .build();
        assertThat(network.resolve("localhost", 5683, PdnFamily.IPV4V6).getPort()).isEqualTo(5683);
        assertThat(network.resolve("127.0.0.1", 5683, PdnFamily.IPV4).getAddress()).isEqualTo(LOOPBACK);
        assertThat(network.resolve("BOOT.lwm2m.vzwdm.com", 5684, PdnFamily.IPV4V6))
                .isEqualTo(new InetSocketAddress(LOOPBACK, 45684));
        assertThatThrownBy(() -> network.resolve("no-such-host.invalid", 5683, PdnFamily.IPV4V6))
                .satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EHOSTUNREACH));
        assertThatThrownBy(() -> network.resolve("127.0.0.1", 5683, PdnFamily.IPV6))
                .satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EHOSTUNREACH));
    }

    @Test
    void endpointsCanBeBoundToAnInterfaceOrPerPdn() throws Exception {
        java.net.NetworkInterface loopback = java.net.NetworkInterface.getByInetAddress(LOOPBACK);
        org.junit.jupiter.api.Assumptions.assumeTrue(loopback != null, "no loopback interface");
        HostNetwork network = HostNetwork.builder().bindToInterface(loopback.getName()).route(3, LOOPBACK).build();
        try (DatagramEndpoint viaInterface = network.openDatagram(Network.DEFAULT_PDN, PdnFamily.IPV4, d -> { });
             DatagramEndpoint viaRoute = network.openDatagram(3, PdnFamily.IPV4, d -> { })) {
            assertThat(viaInterface.localAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(viaRoute.localAddress().getAddress()).isEqualTo(LOOPBACK);
        }
        assertThatThrownBy(() -> HostNetwork.builder().bindToInterface("no-such-if0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownPdnIdIsEinval() {
        assertThatThrownBy(() -> HostNetwork.create().openDatagram(-7, PdnFamily.IPV4, d -> { }))
                .satisfies(e -> assertThat(errno(e)).isEqualTo(Errno.EINVAL));
    }
}
