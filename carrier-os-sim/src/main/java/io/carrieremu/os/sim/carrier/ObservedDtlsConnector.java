package io.carrieremu.os.sim.carrier;

import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;

/**
 * A DM server's DTLS connector that counts what a certification engineer watches on the server side:
 * completed handshakes (full or resumed), close_notify alerts from clients, and how many completed
 * handshakes gave the client a Connection ID to use.
 */
final class ObservedDtlsConnector extends DTLSConnector {

    /** Counters of one DM server's DTLS layer. */
    static final class Counters {
        final AtomicInteger handshakes = new AtomicInteger();
        final AtomicInteger closeNotifies = new AtomicInteger();
        final AtomicInteger connectionIdHandshakes = new AtomicInteger();
    }

    private final Counters counters;

    ObservedDtlsConnector(DtlsConnectorConfig config, Counters counters) {
        super(config);
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
