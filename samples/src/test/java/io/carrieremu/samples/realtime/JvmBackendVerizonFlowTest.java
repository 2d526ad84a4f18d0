package io.carrieremu.samples.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.jvm.AtModemGlue;
import io.carrieremu.os.jvm.JvmOs;
import io.carrieremu.os.jvm.network.HostNetwork;
import io.carrieremu.os.sim.carrier.SimulatedCarrier;
import io.carrieremu.os.sim.modem.AtTcpServer;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.network.UdpGateway;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.transcript.Transcript;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM backend end to end, on real time: the library talks AT over TCP to the simulated modem (served
 * by {@link AtTcpServer}) and CoAP/DTLS over real UDP sockets on 127.0.0.1 to the simulated Verizon
 * carrier (reached through a {@link UdpGateway}), with compressed CoAP timing, and goes through the
 * whole first boot: the vendor sequence, the bootstrap, registration at both DM servers.
 */
class JvmBackendVerizonFlowTest {

    private static final String IMEI = "352656100367872";
    private static final byte[] BOOTSTRAP_KEY = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
    private static final byte[] DM_KEY = HexFormat.of().parseHex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0");

    @Test
    void verizonFirstBootAndRegistrationOverTcpAtAndRealUdp(@TempDir Path state) throws Exception {
        try (RealTimeWorld world = new RealTimeWorld(1).start()) {
            SimCard card = SimProfiles.verizon();
            SimModem modem = new SimModem(world.clock(), new Transcript(world.clock()::nowMillis),
                    SimProfiles.homeNetwork("verizon"), SimModem.Identity.nrf9160(IMEI), card);
            CarrierProfile verizon = CarrierProfiles.builtIn().of(Carrier.VERIZON).orElseThrow();
            String msisdn = card.msisdn(0).orElseThrow();
            String endpoint = "urn:imei-msisdn:" + IMEI + "-" + msisdn.substring(msisdn.length() - 10);
            SimulatedCarrier carrierSide = SimulatedCarrier.start(verizon, world.network(),
                    new SimulatedCarrier.Device(IMEI, endpoint, endpoint, BOOTSTRAP_KEY, DM_KEY), TransportTiming.COMPRESSED);
            try (AtTcpServer modemServer = AtTcpServer.start(modem, 0); UdpGateway gateway = UdpGateway.into(world.network())) {
                HostNetwork.Builder network = HostNetwork.builder();
                for (Map.Entry<String, InetSocketAddress> host : gateway.exposeMappedHosts().entrySet()) {
                    int colon = host.getKey().lastIndexOf(':');
                    network.mapHost(host.getKey().substring(0, colon), Integer.parseInt(host.getKey().substring(colon + 1)),
                            host.getValue());
                }
                try (JvmOs os = JvmOs.builder().stateDirectory(state).modemTcp("127.0.0.1", modemServer.address().getPort())
                        .network(network.build()).transportTiming(TransportTiming.COMPRESSED).build()) {
                    os.credentials().write(CarrierConfig.FACTORY_BOOTSTRAP_SEC_TAG, Credential.psk(Psk.ofBytes(BOOTSTRAP_KEY)));
                    List<CarrierEvent> events = Collections.synchronizedList(new ArrayList<>());
                    CountDownLatch registered = new CountDownLatch(1);
                    AtModemGlue glue = new AtModemGlue(os.at(), event -> {
                        events.add(event);
                        if (event.type() == EventType.REGISTERED) {
                            registered.countDown();
                        }
                        return 0;
                    });
                    LwM2mCarrier library = LwM2mCarrier.builder(os, CarrierConfig.defaults(), glue)
                            .transportTiming(os.transportTiming()).build();
                    glue.attach(library).start();
                    try {
                        assertThat(registered.await(60, TimeUnit.SECONDS)).as("REGISTERED; events so far: %s", events).isTrue();
                        assertThat(events.stream().map(CarrierEvent::type).toList()).startsWith(EventType.LTE_LINK_DOWN,
                                EventType.LTE_LINK_UP, EventType.LTE_LINK_DOWN, EventType.BOOTSTRAPPED, EventType.LTE_LINK_UP,
                                EventType.REGISTERED);
                        for (int ssid : List.of(101, 102)) {
                            assertThat(carrierSide.dmServer(ssid).getRegistrationService().getByEndpoint(endpoint))
                                    .as("registered at %d", ssid).isNotNull();
                        }
                        assertThat(carrierSide.bootstrapSessions()).containsExactly(endpoint);
                    } finally {
                        library.close();
                    }
                }
            } finally {
                carrierSide.close();
                modem.close();
            }
        }
    }
}
