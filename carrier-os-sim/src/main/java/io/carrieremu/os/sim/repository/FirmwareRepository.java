package io.carrieremu.os.sim.repository;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.carrieremu.os.sim.network.SimNetwork;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.SystemConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated carrier's firmware repository: real servers on loopback that serve the images a test
 * publishes ({@link #publish}) — HTTP and HTTPS with the JDK's {@code HttpServer}/{@code HttpsServer}
 * (range requests answered 206 with {@code Content-Range}), CoAP and CoAPS with Californium (block2
 * answered block by block, with Size2). HTTPS and CoAPS present a server certificate of the repository's
 * {@link CertificateAuthority}, whose certificate a device holds in a sec tag ({@link #caPem()}).
 *
 * <p>Like OkHttp's MockWebServer it records every request ({@link #requests()}: protocol, path, the byte
 * range asked and the bytes served) and takes scripted faults, applied by file offset to every protocol:
 * <ul>
 *   <li>{@link #dropAt(long, int)}: a response that would serve the byte at the offset stops just before
 *       it — HTTP closes the connection, CoAP answers the block with a reset;
 *   <li>{@link #ignoreRange(boolean)}: HTTP answers a ranged request 200 with the whole file, CoAP
 *       answers every block request with block 0;
 *   <li>{@link #corruptByteAt(long)} ("wrong CRC"): the byte at the offset is served inverted;
 *   <li>{@link #slow(long)}: the world's network carries this repository's downloads at that many bytes
 *       per virtual second (the sockets themselves run at full speed, so runs stay deterministic).
 * </ul>
 *
 * <p>The servers run on their own threads in real time, outside any simulated world; the device's
 * download client brings their data into its world. Thread-safe.
 */
public final class FirmwareRepository implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FirmwareRepository.class);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final int DEFAULT_BLOCK = 512;

    /** The protocols the repository serves. */
    public enum Protocol {
        HTTP, HTTPS, COAP, COAPS;

        /** The URI scheme. */
        public String scheme() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One request the repository answered.
     *
     * @param protocol how it came
     * @param path the file's path
     * @param from the first byte asked for (HTTP: the range start, 0 without one; CoAP: the block's offset)
     * @param bytesServed how many bytes of the file went out, from {@code from} (0 for a refusal)
     * @param answer the status: HTTP {@code 200}/{@code 206}/{@code 404}…, CoAP {@code 2.05}, {@code RST}…
     */
    public record Request(Protocol protocol, String path, long from, long bytesServed, String answer) {
    }

    /** A scripted drop: at {@code offset}, for the next {@code times} responses that reach it. */
    private static final class Drop {
        final long offset;
        int times;

        Drop(long offset, int times) {
            this.offset = offset;
            this.times = times;
        }
    }

    private final CertificateAuthority ca;
    private final SimNetwork network;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<Drop> drops = new ArrayList<>();
    private final List<Long> corruptions = new ArrayList<>();
    private final Map<Protocol, InetSocketAddress> addresses = new EnumMap<>(Protocol.class);
    private final HttpServer http;
    private final HttpsServer https;
    private final CoapServer coap;
    private final Map<String, CoapResource> coapDirectories = new TreeMap<>();
    private boolean ignoreRange;

    private FirmwareRepository(CertificateAuthority ca, SimNetwork network) throws IOException {
        this.ca = ca;
        this.network = network;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        CertificateAuthority.Identity identity = ca.serverIdentity(loopback.getHostAddress(), "localhost");
        http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
        https = HttpsServer.create(new InetSocketAddress(loopback, 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(identity.sslContext()));
        http.createContext("/", exchange -> serveHttp(Protocol.HTTP, exchange));
        https.createContext("/", exchange -> serveHttp(Protocol.HTTPS, exchange));
        http.start();
        https.start();
        addresses.put(Protocol.HTTP, http.getAddress());
        addresses.put(Protocol.HTTPS, https.getAddress());

        Configuration configuration = new Configuration(SystemConfig.DEFINITIONS, CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        // The resources answer block2 themselves, so every block request is seen (and recorded).
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        configuration.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
        configuration.set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NONE);
        configuration.set(DtlsConfig.DTLS_CERTIFICATE_TYPES, List.of(CertificateType.X_509));
        coap = new CoapServer(configuration);
        CoapEndpoint plain = new CoapEndpoint.Builder().setConfiguration(configuration)
                .setInetSocketAddress(new InetSocketAddress(loopback, 0)).build();
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress(loopback, 0))
                .setCertificateIdentityProvider(new SingleCertificateProvider(identity.key(),
                        identity.chain().toArray(new Certificate[0]), CertificateType.X_509))
                .build();
        CoapEndpoint secure = new CoapEndpoint.Builder().setConfiguration(configuration).setConnector(new DTLSConnector(dtls)).build();
        coap.addEndpoint(plain);
        coap.addEndpoint(secure);
        coap.start();
        addresses.put(Protocol.COAP, plain.getAddress());
        addresses.put(Protocol.COAPS, secure.getAddress());
    }

    /**
     * Starts the repository's four servers on loopback ephemeral ports.
     *
     * @param ca the CA that signs the HTTPS/CoAPS server certificate
     * @param network the world's network, for {@link #slow}; may be null (then {@code slow} is refused)
     * @throws IOException if a server cannot be started
     */
    public static FirmwareRepository start(CertificateAuthority ca, SimNetwork network) throws IOException {
        return new FirmwareRepository(Objects.requireNonNull(ca, "ca"), network);
    }

    // ------------------------------------------------------------------ content

    /** Serves {@code image} at {@code path} (e.g. {@code /fw/delta.bin}) over every protocol. */
    public void publish(String path, byte[] image) {
        String normalised = normalise(path);
        files.put(normalised, image.clone());
        synchronized (coapDirectories) {
            Resource parent = coap.getRoot();
            String[] segments = normalised.substring(1).split("/");
            StringBuilder at = new StringBuilder();
            for (int i = 0; i < segments.length; i++) {
                at.append('/').append(segments[i]);
                CoapResource existing = coapDirectories.get(at.toString());
                if (existing == null) {
                    existing = i == segments.length - 1 ? new FileResource(segments[i], normalised) : new CoapResource(segments[i]);
                    parent.add(existing);
                    coapDirectories.put(at.toString(), existing);
                }
                parent = existing;
            }
        }
    }

    private static String normalise(String path) {
        if (!path.startsWith("/") || path.length() < 2 || path.contains("//") || path.endsWith("/")) {
            throw new IllegalArgumentException("a path like /fw/image.bin, got '" + path + "'");
        }
        return path;
    }

    /** The URI of {@code path} over {@code protocol}, with the server's literal loopback address. */
    public URI uri(Protocol protocol, String path) {
        InetSocketAddress address = addresses.get(protocol);
        return URI.create(protocol.scheme() + "://" + address.getAddress().getHostAddress() + ":" + address.getPort()
                + normalise(path));
    }

    /** Where {@code protocol} is served. */
    public InetSocketAddress address(Protocol protocol) {
        return addresses.get(protocol);
    }

    /** The CA whose certificate vouches for HTTPS and CoAPS. */
    public CertificateAuthority ca() {
        return ca;
    }

    /** The CA certificate in PEM, for a device's {@code %CMNG} type 0 sec tag. */
    public String caPem() {
        return ca.pem();
    }

    // ------------------------------------------------------------------ faults

    /**
     * The next {@code times} responses that would serve the byte at {@code offset} stop just before it:
     * HTTP closes the connection, CoAP answers that block with a reset.
     */
    public synchronized void dropAt(long offset, int times) {
        if (offset < 0 || times < 1) {
            throw new IllegalArgumentException("offset >= 0 and times >= 1");
        }
        drops.add(new Drop(offset, times));
    }

    /** Whether ranged requests are answered with the whole file (HTTP 200) or block 0 (CoAP). */
    public synchronized void ignoreRange(boolean value) {
        this.ignoreRange = value;
    }

    /** The byte at {@code offset} of every file is served inverted, as a damaged image ("wrong CRC"). */
    public synchronized void corruptByteAt(long offset) {
        corruptions.add(offset);
    }

    /** Downloads from this repository take virtual time: {@code bytesPerSecond} per byte (0: none). */
    public void slow(long bytesPerSecond) {
        if (network == null) {
            throw new IllegalStateException("the repository was started without the world's network");
        }
        addresses.values().forEach(address -> network.limitDownloads(address, bytesPerSecond));
    }

    /** Lifts every fault. */
    public synchronized void clearFaults() {
        drops.clear();
        corruptions.clear();
        ignoreRange = false;
        if (network != null) {
            addresses.values().forEach(address -> network.limitDownloads(address, 0));
        }
    }

    // ------------------------------------------------------------------ what was served

    /** Every request answered so far, in order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests for {@code path}. */
    public synchronized List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** How often the byte of {@code path} served most often went out. */
    public synchronized int maxTimesServed(String path) {
        byte[] file = files.get(path);
        if (file == null) {
            return 0;
        }
        int[] count = new int[file.length];
        for (Request request : requests(path)) {
            for (long i = request.from(); i < request.from() + request.bytesServed() && i < file.length; i++) {
                count[(int) i]++;
            }
        }
        return Arrays.stream(count).max().orElse(0);
    }

    private synchronized void record(Request request) {
        requests.add(request);
    }

    /** The bytes {@code [from, to)} of {@code file} as served: corruptions applied. */
    private synchronized byte[] content(byte[] file, long from, long to) {
        byte[] out = Arrays.copyOfRange(file, (int) from, (int) to);
        for (long offset : corruptions) {
            if (offset >= from && offset < to) {
                out[(int) (offset - from)] ^= (byte) 0xFF;
            }
        }
        return out;
    }

    /** Where a response serving {@code [from, to)} must stop, consuming the drop; {@code to} if none applies. */
    private synchronized long cutAt(long from, long to) {
        for (Drop drop : drops) {
            if (drop.times > 0 && drop.offset >= from && drop.offset < to) {
                drop.times--;
                return drop.offset;
            }
        }
        return to;
    }

    private synchronized boolean ignoringRange() {
        return ignoreRange;
    }

    // ------------------------------------------------------------------ HTTP

    private void serveHttp(Protocol protocol, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] file = files.get(path);
        try {
            if (file == null || !exchange.getRequestMethod().equals("GET")) {
                int status = file == null ? 404 : 405;
                record(new Request(protocol, path, 0, 0, String.valueOf(status)));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            Optional<Matcher> range = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Range"))
                    .map(RANGE::matcher).filter(Matcher::matches);
            long from = 0;
            long to = file.length;
            int status = 200;
            if (range.isPresent() && !ignoringRange()) {
                from = Long.parseLong(range.get().group(1));
                if (!range.get().group(2).isEmpty()) {
                    to = Math.min(file.length, Long.parseLong(range.get().group(2)) + 1);
                }
                if (from >= file.length || from >= to) {
                    record(new Request(protocol, path, from, 0, "416"));
                    exchange.getResponseHeaders().add("Content-Range", "bytes */" + file.length);
                    exchange.sendResponseHeaders(416, -1);
                    return;
                }
                status = 206;
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + file.length);
            }
            long cut = cutAt(from, to);
            record(new Request(protocol, path, from, cut - from, String.valueOf(status)));
            exchange.sendResponseHeaders(status, to - from);
            OutputStream body = exchange.getResponseBody();
            body.write(content(file, from, cut));
            body.flush();
            if (cut < to) {
                LOG.debug("{} {}: connection dropped at byte {}", protocol, path, cut);
            }
        } catch (IOException e) {
            // The client went away.
            LOG.debug("{} {}: {}", protocol, path, e.toString());
        } finally {
            // With fewer bytes written than announced, closing the exchange closes the connection mid-body.
            exchange.close();
        }
    }

    // ------------------------------------------------------------------ CoAP

    /** A published file over CoAP(S): block2 answered block by block. */
    private final class FileResource extends CoapResource {
        private final String path;

        FileResource(String name, String path) {
            super(name);
            this.path = path;
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            Protocol protocol = exchange.advanced().getEndpoint().getUri().getScheme().equalsIgnoreCase("coaps")
                    ? Protocol.COAPS : Protocol.COAP;
            byte[] file = files.get(path);
            OptionSet options = exchange.getRequestOptions();
            BlockOption asked = options.hasBlock2() ? options.getBlock2()
                    : new BlockOption(BlockOption.size2Szx(DEFAULT_BLOCK), false, 0);
            int num = ignoringRange() ? 0 : asked.getNum();
            long from = (long) num * asked.getSize();
            if (from >= file.length && file.length > 0) {
                record(new Request(protocol, path, from, 0, "4.02"));
                exchange.respond(CoAP.ResponseCode.BAD_OPTION);
                return;
            }
            long to = Math.min(file.length, from + asked.getSize());
            if (cutAt(from, to) < to) {
                record(new Request(protocol, path, from, 0, "RST"));
                exchange.reject();
                return;
            }
            record(new Request(protocol, path, from, to - from, "2.05"));
            Response response = new Response(CoAP.ResponseCode.CONTENT);
            response.setPayload(content(file, from, to));
            response.getOptions().setBlock2(asked.getSzx(), to < file.length, num);
            response.getOptions().setSize2(file.length);
            exchange.respond(response);
        }
    }

    /** Stops the four servers. */
    @Override
    public void close() {
        http.stop(0);
        https.stop(0);
        coap.destroy();
        clearFaults();
    }

    @Override
    public String toString() {
        return "FirmwareRepository" + addresses;
    }
}
