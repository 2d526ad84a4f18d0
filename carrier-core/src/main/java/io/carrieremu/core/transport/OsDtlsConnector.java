package io.carrieremu.core.transport;

import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.PdnFamily;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/** Scandium's DTLS connector on a datagram endpoint of the OS layer's {@link Network}. */
public final class OsDtlsConnector extends DTLSConnector {

    private final Network network;
    private final int pdnId;
    private final PdnFamily family;
    private final TrafficListener traffic;
    private final BiConsumer<InetSocketAddress, CipherSuite> onEstablished;
    private volatile EndpointDatagramSocket socket;

    /**
     * @param onEstablished told the peer and cipher suite of each handshake that completes
     * @param traffic told about each datagram sent and received
     */
    public OsDtlsConnector(DtlsConnectorConfig config, Network network, int pdnId, PdnFamily family,
            BiConsumer<InetSocketAddress, CipherSuite> onEstablished, TrafficListener traffic) {
        super(config);
        this.network = network;
        this.pdnId = pdnId;
        this.family = family;
        this.traffic = traffic;
        this.onEstablished = onEstablished;
    }

    @Override
    protected void onInitializeHandshaker(Handshaker handshaker) {
        super.onInitializeHandshaker(handshaker);
        handshaker.addSessionListener(new SessionAdapter() {
            @Override
            public void contextEstablished(Handshaker h, DTLSContext context) {
                onEstablished.accept(h.getPeerAddress(), context.getSession().getCipherSuite());
            }
        });
    }

    @Override
    protected void start(InetSocketAddress bindAddress) throws IOException {
        if (isRunning()) {
            return;
        }
        socket = EndpointDatagramSocket.open(network, pdnId, family, traffic);
        init(socket.localEndpointAddress(), socket, socket.maxPayloadSize());
    }

    /** True if {@code peer} ever sent a datagram to this connector (it answered a handshake flight). */
    public boolean peerAnswered(InetSocketAddress peer) {
        EndpointDatagramSocket current = socket;
        return current != null && current.answeredBy(peer);
    }
}
