package io.carrieremu.os.sim.carrier;

import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.core.transport.ConnectionMonitor;
import io.carrieremu.core.transport.OsDtlsConnector;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;

/**
 * A carrier server's DTLS connector on a host of the simulated network, running on the world's
 * executor, that counts what a certification engineer watches on the server side: completed
 * handshakes (full or resumed), close_notify alerts from clients, and how many completed handshakes
 * gave the client a Connection ID to use.
 */
final class ObservedDtlsConnector extends OsDtlsConnector {

    /** Counters of one server's DTLS layer. */
    static final class Counters {
        final AtomicInteger handshakes = new AtomicInteger();
        final AtomicInteger closeNotifies = new AtomicInteger();
        final AtomicInteger connectionIdHandshakes = new AtomicInteger();
    }

    private final Counters counters;

    ObservedDtlsConnector(DtlsConnectorConfig config, Counters counters, Network host, ScheduledExecutorService executor) {
        super(config, host, Network.DEFAULT_PDN, PdnFamily.IPV4V6, new ConnectionMonitor(() -> 0), executor);
        this.counters = counters;
        setAlertHandler((peer, alert) -> {
            if (alert.getDescription() == AlertMessage.AlertDescription.CLOSE_NOTIFY) {
                counters.closeNotifies.incrementAndGet();
            }
        });
    }

    @Override
    protected void onInitializeHandshaker(Handshaker handshaker) {
        super.onInitializeHandshaker(handshaker);
        handshaker.addSessionListener(new SessionAdapter() {
            @Override
            public void contextEstablished(Handshaker h, DTLSContext context) {
                counters.handshakes.incrementAndGet();
                if (context.getReadConnectionId() != null && !context.getReadConnectionId().isEmpty()) {
                    counters.connectionIdHandshakes.incrementAndGet();
                }
            }
        });
    }
}
