package io.carrieremu.os.sim.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.client.DeviceClient;
import io.carrieremu.core.client.Evidence;
import io.carrieremu.core.client.Exchange;
import io.carrieremu.core.client.ExchangeOutcome;
import io.carrieremu.core.client.ServerAddress;
import io.carrieremu.core.client.ServerConnection;
import io.carrieremu.core.client.ServerTarget;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.modem.ModemInfo;
import io.carrieremu.core.object.ObjectEvents;
import io.carrieremu.core.object.registry.ObjectRegistry;
import io.carrieremu.core.object.device.ModemClock;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.SimulatedDevice;
import io.carrieremu.os.sim.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.response.BootstrapResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core's client on the OS transport reaches the simulated Verizon bootstrap server through the
 * simulated modem and network over real DTLS, by the carrier's live host name — and the transport tells
 * an unreachable server from a failed handshake, with the standard CoAP/DTLS timing in virtual time.
 */
class BootstrapOverSimulatedNetworkTest {

    private static final String ENDPOINT = "urn:imei-msisdn:352656100367872-5551234567";
    private static final byte[] BOOTSTRAP_KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
    private static final byte[] DM_KEY = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");
    private static final TransportTiming TIMING = TransportTiming.STANDARD;

    private SimulatedDevice device;
    private SimulatedCarrier carrier;
    private ObjectRegistry objects;
    private DeviceClient client;
    private ServerConnection connection;
    private final AtomicReference<ExchangeOutcome<BootstrapResponse>> answer = new AtomicReference<>();
    private final AtomicReference<List<String>> finished = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        device = SimulatedDevice.builder().profile("verizon").build();
        device.os().at().send("AT+CFUN=1");
        device.clock().advance(Duration.ofSeconds(2));
        CarrierProfile verizon = CarrierProfiles.builtIn().of(Carrier.VERIZON).orElseThrow();
        carrier = SimulatedCarrier.start(verizon, device.transport(),
                new SimulatedCarrier.Device("352656100367872", ENDPOINT, ENDPOINT, BOOTSTRAP_KEY, DM_KEY), TIMING);
    }

    /** Sends Bootstrap-Request from the core's client, inside the world. */
    private void bootstrap(boolean sealed) {
        LwM2mOs os = device.os();
        device.clock().run(() -> {
            objects = new ObjectRegistry(os.scheduler().stackExecutor(), new ModemClock(os.at()), List.of());
            client = new DeviceClient(os, ENDPOINT, objects.enablers(), TIMING, Optional.empty(), List::of,
                    new DeviceClient.Listener() {
                        @Override
                        public void objectLinksChanged() {
                        }

                        @Override
                        public void bootstrapFinished(List<String> errors) {
                            finished.set(errors);
                        }
                    });
            try {
                ServerAddress address = ServerAddress.parse("coaps://boot.lwm2m.vzwdm.com:5684").orElseThrow();
                SecurityInstance account = new SecurityInstance(0, address.toString(), true, SecurityInstance.MODE_PSK,
                        ENDPOINT.getBytes(StandardCharsets.UTF_8), BOOTSTRAP_KEY, 0, 0);
                connection = client.connect(new ServerTarget(account, address, address.resolve(os.network()), Network.DEFAULT_PDN));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (sealed) {
                connection.monitor().seal();
            }
            client.bootstrapHandler().tryToInitSession();
            Exchange.start(os, client, connection, new BootstrapRequest(ENDPOINT), TIMING.exchangeLifetime(),
                    command -> os.scheduler().workQueue(0, "test").submit(command), answer::set);
        });
        device.clock().runUntil(() -> answer.get() != null && (finished.get() != null || !isSuccess(answer.get())),
                Duration.ofMinutes(10));
    }

    private static boolean isSuccess(ExchangeOutcome<BootstrapResponse> outcome) {
        return outcome instanceof ExchangeOutcome.Answered<BootstrapResponse> answered && answered.response().isSuccess();
    }

    private Evidence failure() {
        assertThat(answer.get()).isInstanceOf(ExchangeOutcome.Failed.class);
        return ((ExchangeOutcome.Failed<BootstrapResponse>) answer.get()).evidence();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            device.clock().run(client::close);
        }
        carrier.close();
        device.close();
    }

    @Test
    void bootstrapsOverDtlsThroughTheSimulatedNetworkByTheLiveHostName() throws Exception {
        bootstrap(false);
        assertThat(finished.get()).as("bootstrap finished").isEmpty();
        assertThat(carrier.bootstrapSessions()).containsExactly(ENDPOINT);
        assertThat(device.transcript().lines(Transcript.Kind.DATAGRAM_OUT)).isNotEmpty()
                .allMatch(line -> line.startsWith("PDN 0 boot.lwm2m.vzwdm.com:5684 "));
        assertThat(connection.monitor().negotiatedCipherSuite(carrier.bootstrapAddress()).map(Enum::name))
                .contains("TLS_PSK_WITH_AES_128_CCM_8");
        assertThat(objects.accounts().servers()).hasSize(2);
    }

    @Test
    void unreachableBootstrapServerNeverAnswers() throws Exception {
        carrier.makeBootstrapUnreachable();
        bootstrap(false);
        assertThat(failure()).as("no route").isEqualTo(Evidence.NO_ANSWER);
        assertThat(connection.monitor().peerAnswered(carrier.bootstrapAddress())).as("no route").isFalse();
        assertThat(device.transcript().lines(Transcript.Kind.DATAGRAM_DROPPED)).isNotEmpty();
    }

    @Test
    void wrongKeyFailsAfterTheServerAnswered() throws Exception {
        carrier.rejectBootstrapHandshakes();
        bootstrap(false);
        assertThat(failure()).isEqualTo(Evidence.HANDSHAKE_FAILED);
        assertThat(carrier.bootstrapSessions()).isEmpty();
        assertThat(connection.monitor().peerAnswered(carrier.bootstrapAddress())).as("handshake failed").isTrue();
    }

    @Test
    void sealedTransportLetsNothingOut() throws Exception {
        bootstrap(true);
        failure();
        assertThat(device.transcript().lines(Transcript.Kind.DATAGRAM_OUT)).isEmpty();
        assertThat(carrier.bootstrapSessions()).isEmpty();
    }
}
