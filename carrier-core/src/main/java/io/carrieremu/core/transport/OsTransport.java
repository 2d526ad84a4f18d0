package io.carrieremu.core.transport;

import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.PdnFamily;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.config.CoapConfig.TrackerMode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.endpoint.Protocol;

/**
 * The core's CoAP/DTLS transport on the OS layer: Leshan endpoint factories whose connectors send and
 * receive through the OS {@link Network} ({@link OsUdpConnector}, {@link OsDtlsConnector}) and run on
 * the OS layer's stack executor, with the PSK cipher suites nRF91 modems offer; and the Californium
 * configuration that goes with them.
 */
public final class OsTransport {

    /** The PSK cipher suites of nRF91 modems, in preference order. */
    public static final List<CipherSuite> NRF91_PSK_CIPHER_SUITES =
            List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256);

    private final Network network;
    private final ScheduledExecutorService executor;
    private final Optional<Duration> conInterval;
    private final LongSupplier uptimeMillis;

    /**
     * @param executor the OS layer's stack executor
     * @param conInterval {@code coap_con_interval}: at most this long between CON notifications of one
     *     connection, the others NON; empty: every notification CON
     * @param uptimeMillis the OS uptime, the clock of that interval
     */
    public OsTransport(Network network, ScheduledExecutorService executor, Optional<Duration> conInterval,
            LongSupplier uptimeMillis) {
        this.network = network;
        this.executor = executor;
        this.conInterval = conInterval;
        this.uptimeMillis = uptimeMillis;
    }

    /**
     * A Leshan endpoint factory for one connection: its connector is bound to {@code pdnId} and reports to
     * {@code monitor}.
     */
    public CaliforniumClientEndpointFactory endpointFactory(Protocol protocol, int pdnId, ConnectionMonitor monitor) {
        if (protocol.equals(Protocol.COAP)) {
            return new CoapClientEndpointFactory() {
                @Override
                protected CoapEndpoint.Builder createEndpointBuilder(InetSocketAddress address, ServerInfo serverInfo,
                        Configuration coapConfig) {
                    return withNotificationTypes(super.createEndpointBuilder(address, serverInfo, coapConfig));
                }

                @Override
                protected Connector createConnector(InetSocketAddress address, Configuration configuration) {
                    return new OsUdpConnector(network, pdnId, PdnFamily.IPV4V6, monitor);
                }
            };
        }
        if (protocol.equals(Protocol.COAPS)) {
            return new CoapsClientEndpointFactory() {
                @Override
                protected CoapEndpoint.Builder createEndpointBuilder(DtlsConnectorConfig dtlsConfig, Configuration coapConfig) {
                    return withNotificationTypes(super.createEndpointBuilder(dtlsConfig, coapConfig));
                }

                @Override
                protected Connector createSecuredConnector(DtlsConnectorConfig dtlsConfig) {
                    return new OsDtlsConnector(dtlsConfig, network, pdnId, PdnFamily.IPV4V6, monitor, executor);
                }
            };
        }
        throw new IllegalArgumentException("unsupported protocol " + protocol);
    }

    private CoapEndpoint.Builder withNotificationTypes(CoapEndpoint.Builder builder) {
        return builder.setCoapStackFactory(NotificationTypeStack.factory(new NotificationTypes(conInterval, uptimeMillis)));
    }

    /**
     * A client configuration: Leshan's client defaults, then {@link #configureClient}.
     */
    public static Configuration newClientConfiguration(TransportTiming timing) {
        Configuration configuration = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        configuration.set(CoapConfig.MID_TRACKER, TrackerMode.NULL);
        configuration.set(CoapConfig.MAX_ACTIVE_PEERS, 4);
        configuration.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_MAX_CONNECTIONS, 4);
        configuration.setTransient(DtlsConfig.DTLS_VERIFY_SERVER_CERTIFICATES_SUBJECT);
        configuration.set(DtlsConfig.DTLS_ROLE, null);
        return configureClient(configuration, timing);
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

    /**
     * Applies {@code timing}, the nRF91 cipher suites and the OS-layer threading (no receiver or worker
     * threads: datagrams are pushed by the OS network, work runs on the stack executor) to a Californium
     * configuration. Used for the client and for servers on an OS-layer network (the simulated carrier).
     */
    public static Configuration configure(Configuration configuration, TransportTiming timing) {
        configuration.set(CoapConfig.ACK_TIMEOUT, (int) timing.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // The retransmission timeout is exactly ACK_TIMEOUT, doubled each time: runs repeat exactly.
        configuration.set(CoapConfig.ACK_INIT_RANDOM, 1.0f);
        configuration.set(CoapConfig.MAX_RETRANSMIT, timing.maxRetransmit());
        configuration.set(CoapConfig.EXCHANGE_LIFETIME, (int) timing.exchangeLifetime().toMillis(), TimeUnit.MILLISECONDS);
        configuration.set(CoapConfig.MARK_AND_SWEEP_INTERVAL, (int) timing.exchangeLifetime().toMillis(), TimeUnit.MILLISECONDS);
        configuration.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, (int) timing.dtlsRetransmissionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        configuration.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, timing.dtlsMaxRetransmissions());
        configuration.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 0);
        configuration.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        // TLS_PSK_WITH_AES_128_CBC_SHA256 is what the modems offer, though Scandium no longer recommends it.
        configuration.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        configuration.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, NRF91_PSK_CIPHER_SUITES.toArray(CipherSuite[]::new));
        return configuration;
    }
}
