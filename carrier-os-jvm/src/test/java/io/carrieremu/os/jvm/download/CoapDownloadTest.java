package io.carrieremu.os.jvm.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.os.DownloadConfig;
import io.carrieremu.core.os.DownloadEvent;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.jvm.credential.CredentialStore;
import io.carrieremu.os.jvm.network.HostNetwork;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CoAP(S) block2 downloads against a Californium CoapServer on loopback. */
class CoapDownloadTest {

    private static final byte[] FILE = new byte[5000];
    private static final Psk KEY = Psk.ofHex("00112233445566778899aabbccddeeff");
    /** Generous enough for a loaded machine; the silent-server test uses the compressed timing. */
    private static final TransportTiming PATIENT = new TransportTiming(Duration.ofMillis(500), 3, Duration.ofSeconds(10),
            Duration.ofMillis(500), 3);

    static {
        for (int i = 0; i < FILE.length; i++) {
            FILE[i] = (byte) (i * 13 + i / 300);
        }
    }

    @TempDir
    Path temp;

    private final List<Integer> requestedBlocks = new CopyOnWriteArrayList<>();
    private CoapServer server;
    private CredentialStore store;
    private JvmDownloadClient client;

    @BeforeEach
    void start() throws Exception {
        store = CredentialStore.open(temp);
        client = new JvmDownloadClient(DownloadCredentials.from(store), HostNetwork.create(),
                DownloadOptions.DEFAULTS.withTiming(Duration.ofSeconds(5), Duration.ofSeconds(5), PATIENT));
    }

    @AfterEach
    void stop() {
        client.close();
        if (server != null) {
            server.destroy();
        }
    }

    private static Configuration serverConfiguration() {
        Configuration configuration = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS,
                UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
        // The resource answers block2 itself, so the test sees every block request.
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        return configuration;
    }

    private CoapServer serve(CoapEndpoint endpoint) {
        server = new CoapServer(serverConfiguration());
        server.addEndpoint(endpoint);
        CoapResource firmware = new CoapResource("firmware");
        firmware.add(new CoapResource("app.bin") {
            @Override
            public void handleGET(CoapExchange exchange) {
                OptionSet options = exchange.getRequestOptions();
                BlockOption asked = options.hasBlock2() ? options.getBlock2() : new BlockOption(BlockOption.size2Szx(512), false, 0);
                requestedBlocks.add(asked.getNum());
                int from = Math.min(FILE.length, asked.getOffset());
                int to = Math.min(FILE.length, from + asked.getSize());
                Response response = new Response(CoAP.ResponseCode.CONTENT);
                response.setPayload(Arrays.copyOfRange(FILE, from, to));
                response.getOptions().setBlock2(asked.getSzx(), to < FILE.length, asked.getNum());
                response.getOptions().setSize2(FILE.length);
                exchange.respond(response);
            }
        });
        server.add(firmware);
        server.start();
        return server;
    }

    private String coap() {
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(serverConfiguration())
                .setInetSocketAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        serve(endpoint);
        return "coap://127.0.0.1:" + endpoint.getAddress().getPort();
    }

    private String coaps() {
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(serverConfiguration())
                .setAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .setAdvancedPskStore(new AdvancedSinglePskStore("urn:imei:352656100367872", KEY.secretKey()))
                .build();
        DTLSConnector connector = new DTLSConnector(dtls);
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConfiguration(serverConfiguration()).setConnector(connector).build();
        serve(endpoint);
        return "coaps://127.0.0.1:" + endpoint.getAddress().getPort();
    }

    private static DownloadConfig tags(Integer... secTags) {
        return new DownloadConfig(List.of(secTags), Network.DEFAULT_PDN, PdnFamily.IPV4V6);
    }

    @Test
    void blocksArriveInOrderAsFragmentsWithTheFileSize() throws Exception {
        String base = coap();
        RecordingListener listener = new RecordingListener();
        client.start(base + "/firmware/app.bin", tags(), 0, listener);
        listener.awaitClosed();
        assertThat(listener.received()).isEqualTo(FILE);
        assertThat(listener.ending()).containsExactly(new DownloadEvent.Done(), new DownloadEvent.Closed());
        assertThat(listener.events.stream().filter(e -> e instanceof DownloadEvent.Fragment)).hasSize(10);
        assertThat(requestedBlocks).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(client.fileSize()).hasValue(FILE.length);
    }

    @Test
    void aResumeStartsAtTheBlockContainingTheOffset() throws Exception {
        String base = coap();
        RecordingListener listener = new RecordingListener();
        client.start(base + "/firmware/app.bin", tags(), 1300, listener);
        listener.awaitClosed();
        assertThat(listener.received()).isEqualTo(Arrays.copyOfRange(FILE, 1300, FILE.length));
        assertThat(requestedBlocks).first().isEqualTo(2);
        assertThat(listener.ending()).containsExactly(new DownloadEvent.Done(), new DownloadEvent.Closed());
    }

    @Test
    void aMissingResourceIsAProtocolError() throws Exception {
        String base = coap();
        RecordingListener listener = new RecordingListener();
        client.start(base + "/firmware/none.bin", tags(), 0, listener);
        listener.awaitClosed();
        assertThat(listener.events).containsExactly(new DownloadEvent.Failed(Errno.EBADMSG), new DownloadEvent.Closed());
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        String base = coap();
        server.stop();
        JvmDownloadClient impatient = new JvmDownloadClient(DownloadCredentials.from(store), HostNetwork.create(),
                DownloadOptions.DEFAULTS.withTiming(Duration.ofSeconds(5), Duration.ofSeconds(5), TransportTiming.COMPRESSED));
        RecordingListener listener = new RecordingListener();
        try {
            impatient.start(base + "/firmware/app.bin", tags(), 0, listener);
            listener.awaitClosed();
        } finally {
            impatient.close();
        }
        assertThat(listener.events).containsExactly(new DownloadEvent.Failed(Errno.ETIMEDOUT), new DownloadEvent.Closed());
    }

    @Test
    void coapsUsesThePskOfTheSecTag() throws Exception {
        String base = coaps();
        store.put(26, Credential.psk(KEY));
        store.put(26, Credential.pskIdentity("urn:imei:352656100367872"));
        RecordingListener listener = new RecordingListener();
        client.start(base + "/firmware/app.bin", tags(26), 0, listener);
        listener.awaitClosed();
        assertThat(listener.received()).isEqualTo(FILE);
        assertThat(listener.ending()).containsExactly(new DownloadEvent.Done(), new DownloadEvent.Closed());
    }

    @Test
    void coapsWithoutCredentialsInTheSecTagsIsRefused() throws Exception {
        String base = coaps();
        RecordingListener listener = new RecordingListener();
        client.start(base + "/firmware/app.bin", tags(27), 0, listener);
        listener.awaitClosed();
        assertThat(listener.events).containsExactly(new DownloadEvent.Failed(Errno.ECONNREFUSED), new DownloadEvent.Closed());
    }
}
