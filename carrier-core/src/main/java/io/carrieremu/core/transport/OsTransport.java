package io.carrieremu.core.transport;

import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.PdnFamily;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.DTLSContext;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.ClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.servers.ServerInfo;

/**
 * Leshan client transport on the OS layer's network: {@code coap://} over {@link OsUdpConnector} and
 * {@code coaps://} over {@link OsDtlsConnector}, with the PSK cipher suites nRF91 modems offer.
 */
public final class OsTransport {

    /** The PSK cipher suites of nRF91 modems, in preference order. */
    public static final List<CipherSuite> NRF91_PSK_CIPHER_SUITES =
            List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256);

    private final Network network;
    private final IntSupplier pdnId;
    private volatile OsDtlsConnector lastDtlsConnector;
    private final Map<InetSocketAddress, CipherSuite> established = new ConcurrentHashMap<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final TrafficListener traffic;
    private volatile CountDownLatch closeSent;
    private volatile boolean sealed;
    private final NotificationTypes notificationTypes;

    /**
     * @param pdnId the PDN to bind new connectors to, asked each time one is created
     */
    public OsTransport(Network network, IntSupplier pdnId) {
        this(network, pdnId, () -> { }, null);
    }

    /**
     * @param pdnId the PDN to bind new connectors to, asked each time one is created
     * @param onActivity called (on a connector thread) after each datagram sent or received
     * @param notificationTypes the CON/NON rule for observe notifications, or null for Californium's
     */
    public OsTransport(Network network, IntSupplier pdnId, Runnable onActivity, NotificationTypes notificationTypes) {
        this.network = network;
        this.pdnId = pdnId;
        this.notificationTypes = notificationTypes;
        this.traffic = new TrafficListener() {
            @Override
            public boolean mayPass() {
                return !sealed;
            }

            @Override
            public void sent() {
                CountDownLatch closing = closeSent;
                if (closing != null) {
                    closing.countDown();
                }
                onActivity.run();
            }

            @Override
            public void received() {
                onActivity.run();
            }
        };
    }

    /** The protocol providers to give Leshan's {@code CaliforniumClientEndpointsProvider.Builder}. */
    public ClientProtocolProvider[] protocolProviders() {
        return new ClientProtocolProvider[] {new CoapClientProtocolProvider() {
            @Override
            public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
                return new CoapClientEndpointFactory() {
                    @Override
                    protected CoapEndpoint.Builder createEndpointBuilder(InetSocketAddress address, ServerInfo serverInfo,
                            Configuration coapConfig) {
                        return withNotificationTypes(super.createEndpointBuilder(address, serverInfo, coapConfig));
                    }

                    @Override
                    protected Connector createConnector(InetSocketAddress address, Configuration configuration) {
                        return new OsUdpConnector(configuration, network, pdnId.getAsInt(), PdnFamily.IPV4V6, traffic);
                    }
                };
            }
        }, new CoapsClientProtocolProvider() {
            @Override
            public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
                return new CoapsClientEndpointFactory() {
                    @Override
                    protected CoapEndpoint.Builder createEndpointBuilder(DtlsConnectorConfig dtlsConfig, Configuration coapConfig) {
                        return withNotificationTypes(super.createEndpointBuilder(dtlsConfig, coapConfig));
                    }

                    @Override
                    protected Connector createSecuredConnector(DtlsConnectorConfig dtlsConfig) {
                        OsDtlsConnector connector = new OsDtlsConnector(dtlsConfig, network, pdnId.getAsInt(), PdnFamily.IPV4V6,
                                (peer, suite) -> {
                                    established.put(peer, suite);
                                    handshakes.incrementAndGet();
                                }, traffic);
                        lastDtlsConnector = connector;
                        return connector;
                    }
                };
            }
        }};
    }

    private CoapEndpoint.Builder withNotificationTypes(CoapEndpoint.Builder builder) {
        if (notificationTypes != null) {
            builder.setCoapStackFactory(NotificationTypeStack.factory(notificationTypes));
        }
        return builder;
    }

    /** The DTLS connector created most recently (one per server connection), for failure classification. */
    public OsDtlsConnector lastDtlsConnector() {
        return lastDtlsConnector;
    }

    /** The cipher suite of the last completed handshake with {@code peer}, if any. */
    public Optional<CipherSuite> negotiatedCipherSuite(InetSocketAddress peer) {
        return Optional.ofNullable(established.get(peer));
    }

    /**
     * From now on no connector of this transport sends anything (sends fail with an IOException): for a
     * client whose job is done, such as a finished bootstrap session, so nothing more leaves on its
     * behalf before it is destroyed.
     */
    public void seal() {
        sealed = true;
    }

    /** True once {@link #seal()} was called. */
    public boolean sealed() {
        return sealed;
    }

    /** DTLS handshakes (full or resumed) completed by this transport's connectors. */
    public int handshakes() {
        return handshakes.get();
    }

    /**
     * True if the DTLS session with {@code peer} negotiated a Connection ID the peer wants on our records
     * (RFC 9146, non-empty), so it survives NAT rebinding and is kept open when idle.
     */
    public boolean connectionIdInUse(InetSocketAddress peer) {
        OsDtlsConnector connector = lastDtlsConnector;
        DTLSContext context = connector == null ? null : connector.getDtlsContextByAddress(peer);
        return context != null && ConnectionId.useConnectionId(context.getWriteConnectionId());
    }

    /**
     * Closes the DTLS session with {@code peer} (close_notify); the next request starts a new handshake,
     * resuming the session if the peer still knows it. Returns once the alert was handed to the network
     * (Scandium sends it on the connection's executor), or after {@code maxWait}.
     */
    public void closeSession(InetSocketAddress peer, java.time.Duration maxWait) {
        OsDtlsConnector connector = lastDtlsConnector;
        if (connector == null || !connector.isRunning() || connector.getDtlsContextByAddress(peer) == null) {
            return;
        }
        CountDownLatch sent = new CountDownLatch(1);
        closeSent = sent;
        try {
            connector.close(peer);
            sent.await(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSent = null;
        }
    }

    /**
     * Applies {@code timing}, the nRF91 cipher suites and Connection ID support (the peer may ask us to
     * put its CID on our records; we ask none) to a Californium configuration.
     */
    public static Configuration configureClient(Configuration configuration, TransportTiming timing) {
        configure(configuration, timing);
        configuration.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        // CON/NON of notifications is NotificationTypes' decision; keep Californium's real-time check out of it.
        configuration.set(CoapConfig.NOTIFICATION_CHECK_INTERVAL_COUNT, Integer.MAX_VALUE);
        configuration.set(CoapConfig.NOTIFICATION_CHECK_INTERVAL_TIME, 3650, TimeUnit.DAYS);
        return configuration;
    }

    /** Applies {@code timing} and the nRF91 cipher suites to a Californium configuration. */
    public static Configuration configure(Configuration configuration, TransportTiming timing) {
        configuration.set(CoapConfig.ACK_TIMEOUT, (int) timing.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        configuration.set(CoapConfig.ACK_INIT_RANDOM, 1.0f);
        configuration.set(CoapConfig.MAX_RETRANSMIT, timing.maxRetransmit());
        configuration.set(CoapConfig.EXCHANGE_LIFETIME, (int) timing.exchangeLifetime().toMillis(), TimeUnit.MILLISECONDS);
        configuration.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, (int) timing.dtlsRetransmissionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        configuration.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, timing.dtlsMaxRetransmissions());
        // TLS_PSK_WITH_AES_128_CBC_SHA256 is what the modems offer, though Scandium no longer recommends it.
        configuration.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        configuration.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, NRF91_PSK_CIPHER_SUITES.toArray(CipherSuite[]::new));
        return configuration;
    }
}
