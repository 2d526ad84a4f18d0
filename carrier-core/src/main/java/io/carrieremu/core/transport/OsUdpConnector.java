package io.carrieremu.core.transport;

import io.carrieremu.core.os.Datagram;
import io.carrieremu.core.os.DatagramEndpoint;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnFamily;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;
import org.eclipse.californium.elements.UdpEndpointContext;
import org.eclipse.californium.elements.util.ClockUtil;

/**
 * A plain UDP connector for Californium on a datagram endpoint of the OS layer's {@link Network}: sends
 * on the caller's thread, receives what the endpoint pushes. No threads of its own.
 */
public final class OsUdpConnector implements Connector {

    private final Network network;
    private final int pdnId;
    private final PdnFamily family;
    private final ConnectionMonitor monitor;
    private volatile DatagramEndpoint endpoint;
    private volatile RawDataChannel receiver;
    private volatile InetSocketAddress localAddress = new InetSocketAddress(0);

    /** @param monitor told about each datagram sent and received */
    public OsUdpConnector(Network network, int pdnId, PdnFamily family, ConnectionMonitor monitor) {
        this.network = network;
        this.pdnId = pdnId;
        this.family = family;
        this.monitor = monitor;
    }

    @Override
    public synchronized void start() throws IOException {
        if (endpoint != null) {
            return;
        }
        try {
            DatagramEndpoint opened = network.openDatagram(pdnId, family, this::deliver);
            localAddress = opened.localAddress();
            endpoint = opened;
        } catch (OsException e) {
            throw new IOException("no datagram endpoint: " + e.getMessage(), e);
        }
    }

    private void deliver(Datagram datagram) {
        RawDataChannel channel = receiver;
        if (channel == null || endpoint == null) {
            return;
        }
        monitor.received(datagram);
        channel.receiveData(RawData.inbound(datagram.data(), new UdpEndpointContext(datagram.peer()), false,
                ClockUtil.nanoRealtime(), localAddress));
    }

    @Override
    public synchronized void stop() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
    }

    @Override
    public void destroy() {
        stop();
    }

    @Override
    public void send(RawData message) {
        DatagramEndpoint current = endpoint;
        if (current == null) {
            message.onError(new IOException("connector not running"));
            return;
        }
        if (!monitor.mayPass()) {
            message.onError(new IOException("connection sealed"));
            return;
        }
        Datagram datagram = new Datagram(message.getInetSocketAddress(), message.getBytes());
        message.onContextEstablished(new UdpEndpointContext(message.getInetSocketAddress()));
        try {
            current.send(datagram);
        } catch (OsException e) {
            message.onError(new IOException("datagram not sent: " + e.getMessage(), e));
            return;
        }
        monitor.sent(datagram);
        message.onSent();
    }

    @Override
    public void setRawDataReceiver(RawDataChannel messageHandler) {
        this.receiver = messageHandler;
    }

    @Override
    public void setEndpointContextMatcher(EndpointContextMatcher matcher) {
        // plain UDP: every context matches
    }

    @Override
    public InetSocketAddress getAddress() {
        return localAddress;
    }

    @Override
    public String getProtocol() {
        return "UDP";
    }

    @Override
    public boolean isRunning() {
        return endpoint != null;
    }

    @Override
    public void processDatagram(DatagramPacket datagram) {
        deliver(new Datagram((InetSocketAddress) datagram.getSocketAddress(),
                java.util.Arrays.copyOfRange(datagram.getData(), datagram.getOffset(), datagram.getOffset() + datagram.getLength())));
    }

    /** What this connection showed on the wire. */
    public ConnectionMonitor monitor() {
        return monitor;
    }
}
