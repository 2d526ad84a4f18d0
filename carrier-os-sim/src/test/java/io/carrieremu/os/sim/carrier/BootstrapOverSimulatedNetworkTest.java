package io.carrieremu.os.sim.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.core.transport.OsTransport;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.SimulatedDevice;
import io.carrieremu.os.sim.transcript.Transcript;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.engine.DefaultRegistrationEngineFactory;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leshan's client on the core's OS transport reaches the simulated Verizon bootstrap server through the
 * simulated modem and network over real DTLS, by the carrier's live host name — and the transport tells
 * an unreachable server from a failed handshake.
 */
class BootstrapOverSimulatedNetworkTest {

    private static final String ENDPOINT = "urn:imei-msisdn:352656100367872-5551234567";
    private static final byte[] BOOTSTRAP_KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
    private static final byte[] DM_KEY = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");

    private SimulatedDevice device;
    private SimulatedCarrier carrier;
    private LeshanClient client;
    private OsTransport transport;
    private final CountDownLatch bootstrapped = new CountDownLatch(1);
    private final CountDownLatch gaveUp = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        device = SimulatedDevice.builder().profile("verizon").build();
        device.os().at().send("AT+CFUN=1");
        device.clock().advance(Duration.ofSeconds(2));
        CarrierProfile verizon = CarrierProfiles.builtIn().of(Carrier.VERIZON).orElseThrow();
        carrier = SimulatedCarrier.start(verizon, device.transport(),
                new SimulatedCarrier.Device("352656100367872", ENDPOINT, ENDPOINT, BOOTSTRAP_KEY, DM_KEY), TransportTiming.COMPRESSED);
    }

    private void startClient() throws Exception {
        startClient(false);
    }

    private void startClient(boolean sealed) throws Exception {
        InetSocketAddress bootstrap = device.os().network().resolve("boot.lwm2m.vzwdm.com", 5684, PdnFamily.IPV4V6);
        ObjectsInitializer objects = new ObjectsInitializer();
        objects.setInstancesForObject(0, Security.pskBootstrap("coaps://127.0.0.1:" + bootstrap.getPort(),
                ENDPOINT.getBytes(StandardCharsets.UTF_8), BOOTSTRAP_KEY));
        objects.setClassForObject(1, Server.class);
        objects.setInstancesForObject(3, new Device("Nordic Semiconductor ASA", "nRF9160", "352656100367872"));
        transport = new OsTransport(device.os().network(), () -> 0);
        if (sealed) {
            transport.seal();
        }
        CaliforniumClientEndpointsProvider.Builder endpoints = new CaliforniumClientEndpointsProvider.Builder(transport.protocolProviders());
        endpoints.setConfiguration(OsTransport.configure(endpoints.createDefaultConfiguration(), TransportTiming.COMPRESSED));
        client = new LeshanClientBuilder(ENDPOINT)
                .setObjects(objects.createAll())
                .setEndpointsProviders(endpoints.build())
                .setRegistrationEngineFactory(new DefaultRegistrationEngineFactory().setRequestTimeoutInMs(3000)
                        .setBootstrapSessionTimeoutInSec(10))
                .build();
        client.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onBootstrapSuccess(LwM2mServer server, BootstrapRequest request) {
                bootstrapped.countDown();
            }

            @Override
            public void onBootstrapTimeout(LwM2mServer server, BootstrapRequest request) {
                gaveUp.countDown();
            }

            @Override
            public void onBootstrapFailure(LwM2mServer server, BootstrapRequest request, ResponseCode code, String message,
                    Exception cause) {
                gaveUp.countDown();
            }
        });
        client.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.destroy(false);
        }
        carrier.close();
        device.close();
    }

    @Test
    void bootstrapsOverDtlsThroughTheSimulatedNetworkByTheLiveHostName() throws Exception {
        startClient();
        assertThat(bootstrapped.await(20, TimeUnit.SECONDS)).as("bootstrap finished").isTrue();
        assertThat(carrier.bootstrapSessions()).containsExactly(ENDPOINT);
        assertThat(device.transcript().lines(Transcript.Kind.DATAGRAM_OUT)).isNotEmpty()
                .allMatch(line -> line.startsWith("PDN 0 boot.lwm2m.vzwdm.com:5684 "));
        assertThat(transport.negotiatedCipherSuite(carrier.bootstrapAddress()).map(Enum::name))
                .contains("TLS_PSK_WITH_AES_128_CCM_8");
        assertThat(client.getObjectTree().getObjectEnabler(1).getAvailableInstanceIds()).hasSize(2);
    }

    @Test
    void unreachableBootstrapServerNeverAnswers() throws Exception {
        carrier.makeBootstrapUnreachable();
        startClient();
        assertThat(gaveUp.await(20, TimeUnit.SECONDS)).as("bootstrap gave up").isTrue();
        assertThat(transport.lastDtlsConnector().peerAnswered(carrier.bootstrapAddress())).as("no route").isFalse();
        assertThat(device.transcript().lines(Transcript.Kind.DATAGRAM_DROPPED)).isNotEmpty();
    }

    @Test
    void wrongKeyFailsAfterTheServerAnswered() throws Exception {
        carrier.rejectBootstrapHandshakes();
        startClient();
        assertThat(gaveUp.await(20, TimeUnit.SECONDS)).as("bootstrap gave up").isTrue();
        assertThat(carrier.bootstrapSessions()).isEmpty();
        assertThat(transport.lastDtlsConnector().peerAnswered(carrier.bootstrapAddress())).as("handshake failed").isTrue();
    }

    @Test
    void sealedTransportLetsNothingOut() throws Exception {
        startClient(true);
        assertThat(gaveUp.await(20, TimeUnit.SECONDS)).as("bootstrap gave up").isTrue();
        assertThat(device.transcript().lines(Transcript.Kind.DATAGRAM_OUT)).isEmpty();
        assertThat(carrier.bootstrapSessions()).isEmpty();
    }
}
