package io.carrieremu.core.transport;

import io.carrieremu.core.os.Datagram;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.PdnFamily;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;

/**
 * Scandium's DTLS connector on a datagram endpoint of the OS layer's {@link Network}, running on the
 * OS layer's stack executor: no receiver, worker or timer threads of its own (configure
 * {@code DTLS_RECEIVER_THREAD_COUNT} 0, as {@code StackConfiguration} does). Arriving datagrams are pushed
 * in by the endpoint; handshake retransmissions are the executor's timers, so they run on virtual time
 * in the simulator.
 */
public class OsDtlsConnector extends DTLSConnector {

    private final Network network;
    private final int pdnId;
    private final PdnFamily family;
    private final ConnectionMonitor monitor;
    private volatile EndpointDatagramSocket socket;

    /**
     * @param executor the OS layer's stack executor: connection executor and timer
     * @param monitor told about each datagram and completed handshake
     */
    public OsDtlsConnector(DtlsConnectorConfig config, Network network, int pdnId, PdnFamily family, ConnectionMonitor monitor,
            ScheduledExecutorService executor) {
        super(config);
        this.network = network;
        this.pdnId = pdnId;
        this.family = family;
        this.monitor = monitor;
        setExecutor(executor);
    }

    @Override
    protected void onInitializeHandshaker(Handshaker handshaker) {
        super.onInitializeHandshaker(handshaker);
        handshaker.addSessionListener(new SessionAdapter() {
            @Override
            public void contextEstablished(Handshaker h, DTLSContext context) {
                monitor.handshakeCompleted(h.getPeerAddress(), context.getSession().getCipherSuite());
            }
        });
    }

    @Override
    protected void start(InetSocketAddress bindAddress) throws IOException {
        if (isRunning()) {
            return;
        }
        socket = EndpointDatagramSocket.open(network, pdnId, family, monitor, this::deliver);
        init(socket.localEndpointAddress(), socket, socket.maxPayloadSize());
    }

    private void deliver(Datagram datagram) {
        if (!isRunning()) {
            return;
        }
        byte[] data = datagram.data();
        processDatagram(new DatagramPacket(data, data.length, datagram.peer()));
    }

    /** What this connection showed on the wire. */
    public ConnectionMonitor monitor() {
        return monitor;
    }
}
