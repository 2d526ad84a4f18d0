package io.carrieremu.core.transport;

import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.PdnFamily;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;

/** Californium's plain UDP connector on a datagram endpoint of the OS layer's {@link Network}. */
public final class OsUdpConnector extends UDPConnector {

    private final Network network;
    private final int pdnId;
    private final PdnFamily family;
    private final TrafficListener traffic;

    /** @param traffic told about each datagram sent and received */
    public OsUdpConnector(Configuration configuration, Network network, int pdnId, PdnFamily family, TrafficListener traffic) {
        super(new InetSocketAddress(0), configuration);
        this.network = network;
        this.pdnId = pdnId;
        this.family = family;
        this.traffic = traffic;
    }

    @Override
    public synchronized void start() throws IOException {
        if (isRunning()) {
            return;
        }
        init(EndpointDatagramSocket.open(network, pdnId, family, traffic));
    }
}
