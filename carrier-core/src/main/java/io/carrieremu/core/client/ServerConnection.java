package io.carrieremu.core.client;

import io.carrieremu.core.transport.ConnectionMonitor;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.leshan.client.servers.LwM2mServer;

/**
 * The connection to one server: its own CoAP endpoint (and DTLS session) on the device's client, and
 * what it showed on the wire. Made by {@link DeviceClient#connect}, ended by {@link DeviceClient#disconnect}.
 */
public final class ServerConnection {

    private final ServerTarget target;
    private final LwM2mServer server;
    private final ConnectionMonitor monitor;
    private final CoapEndpoint endpoint;
    private volatile int closedAfterHandshakes = -1;

    ServerConnection(ServerTarget target, LwM2mServer server, ConnectionMonitor monitor, CoapEndpoint endpoint) {
        this.target = Objects.requireNonNull(target, "target");
        this.server = Objects.requireNonNull(server, "server");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The server this connection goes to. */
    public ServerTarget target() {
        return target;
    }

    /** Leshan's identity of the server. */
    public LwM2mServer server() {
        return server;
    }

    /** The server's address as resolved. */
    public InetSocketAddress peer() {
        return target.resolved();
    }

    /** What the connection showed on the wire. */
    public ConnectionMonitor monitor() {
        return monitor;
    }

    /** True if the DTLS session negotiated a Connection ID the server wants on our records (RFC 9146). */
    public boolean connectionIdInUse() {
        DTLSContext context = dtls() == null ? null : dtls().getDtlsContextByAddress(peer());
        return context != null && ConnectionId.useConnectionId(context.getWriteConnectionId());
    }

    /** True if a DTLS session is open: a handshake completed and it was not closed since. */
    public boolean sessionOpen() {
        int completed = monitor.handshakes();
        return completed > 0 && completed != closedAfterHandshakes;
    }

    /**
     * Closes the DTLS session (close_notify); the next request opens a new one. {@code whenSent} runs
     * once the alert has been handed to the network, or at once when there is no session, or after
     * {@code maxWaitMillis} if the alert could not be sent.
     */
    public void closeSession(ScheduledExecutorService executor, long maxWaitMillis, Runnable whenSent) {
        AtomicBoolean done = new AtomicBoolean();
        Runnable once = () -> {
            if (done.compareAndSet(false, true)) {
                whenSent.run();
            }
        };
        DTLSConnector dtls = dtls();
        closedAfterHandshakes = monitor.handshakes();
        if (dtls == null || !dtls.isRunning() || dtls.getDtlsContextByAddress(peer()) == null) {
            once.run();
            return;
        }
        monitor.runAfterNextSent(once);
        dtls.close(peer());
        executor.schedule(once, maxWaitMillis, TimeUnit.MILLISECONDS);
    }

    private DTLSConnector dtls() {
        Connector connector = endpoint.getConnector();
        return connector instanceof DTLSConnector dtls ? dtls : null;
    }

    @Override
    public String toString() {
        return "ServerConnection[" + target + "]";
    }
}
