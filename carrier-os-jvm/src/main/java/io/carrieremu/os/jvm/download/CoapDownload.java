package io.carrieremu.os.jvm.download;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.DownloadConfig;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.transport.TransportTiming;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CoAP(S) download with Californium, block by block (block2, early negotiation of the block size,
 * Size2 for the file size): transparent blockwise handling is off, so each block is delivered as it
 * arrives and a resume starts at the block containing the offset. A block out of order or a code other
 * than 2.05 is a protocol error ({@code EBADMSG}); no answer after the retransmissions is
 * {@code ETIMEDOUT}; a DTLS handshake that fails is {@code ECONNREFUSED}.
 */
final class CoapDownload {

    private static final Logger LOG = LoggerFactory.getLogger(CoapDownload.class);

    private CoapDownload() {
    }

    static void run(URI uri, DownloadConfig config, long offset, DownloadSession session, DownloadOptions options,
            DownloadCredentials credentials, Network network) {
        Errno failure = null;
        boolean stopped = false;
        CoapEndpoint endpoint = null;
        CoapClient client = new CoapClient();
        try {
            boolean secure = uri.getScheme().equalsIgnoreCase("coaps");
            int port = uri.getPort() > 0 ? uri.getPort() : secure ? CoAP.DEFAULT_COAP_SECURE_PORT : CoAP.DEFAULT_COAP_PORT;
            InetSocketAddress peer = resolve(network, uri.getHost(), port, config);
            endpoint = endpoint(secure, config, options, credentials);
            endpoint.start();
            CoapEndpoint started = endpoint;
            session.abortWith(started::destroy);
            client.setEndpoint(endpoint);
            client.setTimeout(exchangeTimeout(options.coapTiming()));
            stopped = !blocks(client, uri, peer, offset, session, options);
        } catch (DownloadSession.Stop e) {
            if (!session.cancelled()) {
                LOG.warn("download of {} failed: {}", uri, e.getMessage());
            }
            failure = e.errno;
        } catch (IOException e) {
            failure = Errno.EIO;
            LOG.warn("download of {} failed: {}", uri, e.toString());
        } finally {
            client.shutdown();
            if (endpoint != null) {
                endpoint.destroy();
            }
        }
        if (stopped || session.cancelled()) {
            session.closed();
        } else {
            session.finish(failure);
        }
    }

    private static InetSocketAddress resolve(Network network, String host, int port, DownloadConfig config)
            throws DownloadSession.Stop {
        try {
            return network.resolve(host, port, config.family());
        } catch (OsException e) {
            throw new DownloadSession.Stop(e.errno(), e.getMessage());
        }
    }

    /** How long one block may take: every retransmission with doubling waits, plus a margin. */
    private static long exchangeTimeout(TransportTiming timing) {
        long total = 0;
        long wait = timing.ackTimeout().toMillis();
        for (int i = 0; i <= timing.maxRetransmit(); i++) {
            total += wait;
            wait *= 2;
        }
        return total + timing.ackTimeout().toMillis();
    }

    private static CoapEndpoint endpoint(boolean secure, DownloadConfig config, DownloadOptions options,
            DownloadCredentials credentials) throws DownloadSession.Stop, IOException {
        Configuration configuration = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS,
                UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
        TransportTiming timing = options.coapTiming();
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        configuration.set(CoapConfig.PREFERRED_BLOCK_SIZE, options.coapBlockSize());
        configuration.set(CoapConfig.ACK_TIMEOUT, (int) timing.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        configuration.set(CoapConfig.MAX_RETRANSMIT, timing.maxRetransmit());
        configuration.set(CoapConfig.EXCHANGE_LIFETIME, (int) timing.exchangeLifetime().toMillis(), TimeUnit.MILLISECONDS);
        configuration.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, (int) timing.dtlsRetransmissionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        configuration.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, timing.dtlsMaxRetransmissions());
        configuration.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        CoapEndpoint.Builder builder = new CoapEndpoint.Builder().setConfiguration(configuration);
        if (!secure) {
            return builder.setInetSocketAddress(new InetSocketAddress(0)).build();
        }
        DtlsConnectorConfig.Builder dtls = DtlsConnectorConfig.builder(configuration).setAddress(new InetSocketAddress(0));
        Optional<DownloadCredentials.PskCredential> psk = credentials.psk(config.secTags());
        List<X509Certificate> trusted = credentials.trustedCertificates(config.secTags());
        if (psk.isEmpty() && trusted.isEmpty()) {
            throw new DownloadSession.Stop(Errno.ECONNREFUSED, "no PSK or CA certificate in sec tags " + config.secTags());
        }
        psk.ifPresent(credential -> dtls.setAdvancedPskStore(
                new AdvancedSinglePskStore(credential.identity(), credential.key().secretKey())));
        if (!trusted.isEmpty()) {
            dtls.setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                    .setTrustedCertificates(trusted.toArray(new X509Certificate[0])).build());
        }
        return builder.setConnector(new DTLSConnector(dtls.build())).build();
    }

    /** @return true when the last block was delivered, false when the listener or a cancel stopped it */
    private static boolean blocks(CoapClient client, URI uri, InetSocketAddress peer, long offset, DownloadSession session,
            DownloadOptions options) throws DownloadSession.Stop {
        int size = options.coapBlockSize();
        long position = offset;
        URI target;
        try {
            target = new URI(uri.getScheme().toLowerCase(java.util.Locale.ROOT), null, peer.getAddress().getHostAddress(),
                    peer.getPort(), uri.getPath(), uri.getQuery(), null);
        } catch (java.net.URISyntaxException e) {
            throw new DownloadSession.Stop(Errno.EINVAL, "cannot address " + peer + ": " + e.getReason());
        }
        while (true) {
            int szx = BlockOption.size2Szx(size);
            long num = position / size;
            if (num > 0xFFFFF) {
                throw new DownloadSession.Stop(Errno.EBADMSG, "offset " + position + " beyond block2 numbering");
            }
            Request request = Request.newGet();
            // The resolved address (host mappings apply), the URI's path and query.
            request.setURI(target);
            request.getOptions().setBlock2(szx, false, (int) num);
            if (num == 0) {
                request.getOptions().setSize2(0);
            }
            CoapResponse response;
            try {
                response = client.advanced(request);
            } catch (ConnectorException | IOException e) {
                if (session.cancelled()) {
                    return false;
                }
                throw stop(e);
            } catch (RuntimeException e) {
                if (session.cancelled()) {
                    return false;
                }
                throw new DownloadSession.Stop(Errno.EIO, e.toString());
            }
            if (session.cancelled()) {
                return false;
            }
            if (response == null) {
                throw new DownloadSession.Stop(Errno.ETIMEDOUT, "no answer for block " + num);
            }
            if (response.getCode() != CoAP.ResponseCode.CONTENT) {
                throw new DownloadSession.Stop(Errno.EBADMSG, "answer " + response.getCode() + " for block " + num);
            }
            if (response.getOptions().hasSize2()) {
                session.fileSize(response.getOptions().getSize2());
            }
            byte[] payload = response.getPayload();
            BlockOption block = response.getOptions().getBlock2();
            long blockStart;
            boolean more;
            if (block == null) {
                if (num != 0) {
                    throw new DownloadSession.Stop(Errno.EBADMSG, "the server ignored block2 for block " + num);
                }
                blockStart = 0;
                more = false;
                session.fileSize(payload.length);
            } else {
                blockStart = block.getOffset();
                more = block.isM();
                if (block.getSize() < size) {
                    size = block.getSize();
                }
                if (blockStart > position || blockStart + payload.length < position) {
                    throw new DownloadSession.Stop(Errno.EBADMSG, "block " + block.getNum() + " out of order at byte " + position);
                }
            }
            int skip = (int) (position - blockStart);
            if (payload.length > skip) {
                if (!session.fragment(Arrays.copyOfRange(payload, skip, payload.length))) {
                    return false;
                }
                position += payload.length - skip;
            }
            if (!more) {
                return true;
            }
        }
    }

    private static DownloadSession.Stop stop(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HandshakeException || String.valueOf(t.getMessage()).toLowerCase().contains("handshake")) {
                return new DownloadSession.Stop(Errno.ECONNREFUSED, "DTLS refused: " + t.getMessage());
            }
        }
        return new DownloadSession.Stop(Errno.EIO, e.toString());
    }
}
