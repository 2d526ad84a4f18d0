package io.carrieremu.os.sim.carrier;

import io.carrieremu.core.transport.OsTransport;
import io.carrieremu.core.transport.TransportTiming;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.MessageDeliverer;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * A DM server in maintenance: a CoAP server over DTLS (PSK) that completes the handshake with the
 * device's credentials and answers every request with 5.03 Service Unavailable.
 */
final class MaintenanceServer implements AutoCloseable {

    private final CoapServer server;
    private final InetSocketAddress address;

    private MaintenanceServer(CoapServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    static MaintenanceServer start(String identity, byte[] key, TransportTiming timing) throws IOException {
        Configuration configuration = OsTransport.configure(Configuration.createStandardWithoutFile(), timing);
        configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
                .build());
        CoapServer server = new CoapServer(configuration);
        server.addEndpoint(new CoapEndpoint.Builder().setConfiguration(configuration).setConnector(connector).build());
        server.setMessageDeliverer(new MessageDeliverer() {
            @Override
            public void deliverRequest(Exchange exchange) {
                exchange.sendResponse(new Response(ResponseCode.SERVICE_UNAVAILABLE));
            }

            @Override
            public void deliverResponse(Exchange exchange, Response response) {
            }
        });
        server.start();
        return new MaintenanceServer(server, connector.getAddress());
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        server.destroy();
    }
}
