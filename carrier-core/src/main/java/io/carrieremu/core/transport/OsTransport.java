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
import java.util.function.IntSupplier;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.ClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coap.CoapClientProtocolProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;

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
    private final CountDownLatch firstSend = new CountDownLatch(1);

    /**
     * @param pdnId the PDN to bind new connectors to, asked each time one is created
     */
    public OsTransport(Network network, IntSupplier pdnId) {
        this.network = network;
        this.pdnId = pdnId;
    }

    /** The protocol providers to give Leshan's {@code CaliforniumClientEndpointsProvider.Builder}. */
    public ClientProtocolProvider[] protocolProviders() {
        return new ClientProtocolProvider[] {new CoapClientProtocolProvider() {
            @Override
            public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
                return new CoapClientEndpointFactory() {
                    @Override
                    protected Connector createConnector(InetSocketAddress address, Configuration configuration) {
                        return new OsUdpConnector(configuration, network, pdnId.getAsInt(), PdnFamily.IPV4V6,
                                firstSend::countDown);
                    }
                };
            }
        }, new CoapsClientProtocolProvider() {
            @Override
            public CaliforniumClientEndpointFactory createDefaultEndpointFactory() {
                return new CoapsClientEndpointFactory() {
                    @Override
                    protected Connector createSecuredConnector(DtlsConnectorConfig dtlsConfig) {
                        OsDtlsConnector connector = new OsDtlsConnector(dtlsConfig, network, pdnId.getAsInt(), PdnFamily.IPV4V6,
                                established, firstSend::countDown);
                        lastDtlsConnector = connector;
                        return connector;
                    }
                };
            }
        }};
    }

    /** The DTLS connector created most recently (one per server connection), for failure classification. */
    public OsDtlsConnector lastDtlsConnector() {
        return lastDtlsConnector;
    }

    /**
     * A latch released when the first datagram of any connector of this transport has been sent — the
     * moment from which the OS layer's network sees the exchange.
     */
    public CountDownLatch firstSend() {
        return firstSend;
    }

    /** The cipher suite of the last completed handshake with {@code peer}, if any. */
    public Optional<CipherSuite> negotiatedCipherSuite(InetSocketAddress peer) {
        return Optional.ofNullable(established.get(peer));
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
