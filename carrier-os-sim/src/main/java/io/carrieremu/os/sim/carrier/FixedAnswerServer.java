package io.carrieremu.os.sim.carrier;

import io.carrieremu.core.transport.OsTransport;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.network.SimNetwork;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.MessageDeliverer;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;

/**
 * A DM server that lets the device in but always gives the same answer: a CoAP server over DTLS (PSK)
 * on a host of the simulated network that completes the handshake with the devices' credentials and
 * answers every request with one response code (5.03 Service Unavailable for maintenance, 4.00 Bad
 * Request for a rejected Register), or with nothing at all (a null code: a server that hangs). Build it
 * inside the world ({@code VirtualClock.call}).
 */
final class FixedAnswerServer implements AutoCloseable {

    private final CoapServer server;
    private final InetSocketAddress address;

    private FixedAnswerServer(CoapServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    static FixedAnswerServer start(SimNetwork.Host host, ScheduledExecutorService executor, java.util.Map<String, byte[]> keys,
            ResponseCode answer, TransportTiming timing, java.util.function.Consumer<org.eclipse.californium.core.network.Endpoint> watch)
            throws IOException {
        Configuration configuration = OsTransport.configure(Configuration.createStandardWithoutFile(), timing);
        configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        ObservedDtlsConnector connector = new ObservedDtlsConnector(DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress(host.address(), 0))
                .setAdvancedPskStore(pskStore(keys))
                .build(), new ObservedDtlsConnector.Counters(), host, executor);
        CoapServer server = new CoapServer(configuration);
        server.setExecutors(executor, executor, true);
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(configuration).setConnector(connector).build();
        watch.accept(endpoint);
        server.addEndpoint(endpoint);
        server.setMessageDeliverer(new MessageDeliverer() {
            @Override
            public void deliverRequest(Exchange exchange) {
                if (answer != null) {
                    exchange.sendResponse(new Response(answer));
                }
            }

            @Override
            public void deliverResponse(Exchange exchange, Response response) {
            }
        });
        server.start();
        return new FixedAnswerServer(server, connector.getAddress());
    }

    /** The PSKs of every provisioned device, by PSK identity. */
    private static AdvancedMultiPskStore pskStore(java.util.Map<String, byte[]> keys) {
        AdvancedMultiPskStore store = new AdvancedMultiPskStore();
        keys.forEach(store::setKey);
        return store;
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
