package io.carrieremu.os.sim.carrier;

import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.transport.OsTransport;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.network.SimNetwork;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointFactory;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerEndpointFactory;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.eclipse.leshan.server.bootstrap.BootstrapFailureCause;
import org.eclipse.leshan.server.bootstrap.BootstrapSession;
import org.eclipse.leshan.server.bootstrap.BootstrapSessionAdapter;
import org.eclipse.leshan.server.bootstrap.DefaultBootstrapSessionManager;
import org.eclipse.leshan.core.request.BootstrapDownlinkRequest;
import org.eclipse.leshan.core.request.BootstrapFinishRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.bootstrap.InMemoryBootstrapConfigStore;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServer;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.security.Authorization;
import org.eclipse.leshan.server.security.BootstrapSecurityStoreAdapter;
import org.eclipse.leshan.server.security.DefaultAuthorizer;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;

/**
 * The carrier side of a simulation: for one carrier profile, an in-process Leshan bootstrap server and
 * DM server(s) on 127.0.0.1 ephemeral ports, provisioned with the device's endpoint name and keys, and
 * wired into the simulated network's name resolution so that the profile's live host names reach them.
 *
 * <p>The bootstrap server deletes {@code /0} and {@code /1} and writes a Security and a Server instance
 * for each DM server (named by placeholder hosts {@code dm<ssid>.<profile>.sim.invalid:5684}) plus its own
 * Security instance. For Verizon a diagnostics server (short id 101) is added whose PSK identity is the
 * IMEI and whose key is SHA-256 of the IMEI followed by "101" (reference §1.5).
 *
 * <p>Faults: {@link #makeBootstrapUnreachable()} blackholes it; {@link #rejectBootstrapHandshakes()}
 * makes it expect another key, so handshakes fail after the server answered;
 * {@link #dropBootstrapFinish(boolean)} leaves the session without Bootstrap-Finish.
 */
public final class SimulatedCarrier implements AutoCloseable {

    /**
     * The device as the carrier provisioned it.
     *
     * @param imei the IMEI
     * @param endpoint the endpoint name the device uses
     * @param pskIdentity the PSK identity for the bootstrap server and the DM servers
     * @param bootstrapKey the bootstrap server's PSK
     * @param dmKey the PSK the bootstrap server hands out for the DM servers
     */
    public record Device(String imei, String endpoint, String pskIdentity, byte[] bootstrapKey, byte[] dmKey) {
        public Device {
            Objects.requireNonNull(imei);
            Objects.requireNonNull(endpoint);
            Objects.requireNonNull(pskIdentity);
            bootstrapKey = bootstrapKey.clone();
            dmKey = dmKey.clone();
        }

        @Override
        public String toString() {
            return "Device[" + endpoint + ", keys redacted]";
        }
    }

    /** The Client Hold Off Time the bootstrap server writes into its own Security instance. */
    public static final int CLIENT_HOLD_OFF_SECONDS = 10;

    private final CarrierProfile profile;
    private final SimNetwork network;
    private final Device device;
    private final TransportTiming timing;
    private final InMemorySecurityStore bootstrapSecurity = new InMemorySecurityStore();
    private final LeshanBootstrapServer bootstrapServer;
    private final Map<Integer, LeshanServer> dmServers = new LinkedHashMap<>();
    private final List<String> bootstrapEndpoints = Collections.synchronizedList(new ArrayList<>());
    private final List<String> bootstrapFailures = Collections.synchronizedList(new ArrayList<>());
    private InetSocketAddress bootstrapAddress;
    private volatile boolean dropFinish;
    private final Map<Integer, InMemorySecurityStore> dmSecurityStores = new LinkedHashMap<>();
    private final Map<Integer, InetSocketAddress> dmAddresses = new LinkedHashMap<>();
    private final Map<Integer, Object[]> dmIdentities = new LinkedHashMap<>();
    private final java.util.Set<Integer> forbidden = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<Integer, FixedAnswerServer> fixedAnswers = new LinkedHashMap<>();
    /** The DM server the device reaches with its factory settings (carriers without bootstrap server), or 0. */
    private int factoryDmServer;
    private final Map<Integer, ObservedDtlsConnector.Counters> dtlsCounters = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How the carrier side runs.
     *
     * @param bootstrapUri the bootstrap server's URI, or null for the profile's (empty: no bootstrap server)
     * @param dmConnectionIds true if the DM servers hand out 6-byte DTLS Connection IDs (RFC 9146) to
     *     clients that support them; false (Leshan's default) if they do not
     * @param dmUrisAsAddresses true if the bootstrap server names the DM servers by literal address
     *     (any resolver reaches them), false for their placeholder host names (only the simulated
     *     network resolves them)
     */
    public record Options(String bootstrapUri, boolean dmConnectionIds, boolean dmUrisAsAddresses) {
        /** The profile's bootstrap server, no Connection IDs, DM servers named by host name. */
        public static Options defaults() {
            return new Options(null, false, false);
        }

        public Options withBootstrapUri(String uri) {
            return new Options(uri, dmConnectionIds, dmUrisAsAddresses);
        }

        public Options withDmConnectionIds(boolean enabled) {
            return new Options(bootstrapUri, enabled, dmUrisAsAddresses);
        }

        /** The bootstrap server writes the DM servers' URIs with their literal loopback addresses. */
        public Options withDmUrisAsAddresses(boolean enabled) {
            return new Options(bootstrapUri, dmConnectionIds, enabled);
        }
    }

    private SimulatedCarrier(CarrierProfile profile, SimNetwork network, Device device, TransportTiming timing,
            String bootstrapUri, boolean dmConnectionIds, boolean dmUrisAsAddresses) throws Exception {
        this.profile = profile;
        this.network = network;
        this.device = device;
        this.timing = timing;

        List<Integer> dmIds = new ArrayList<>(profile.serverIds().dm());
        profile.serverIds().diagnostics().ifPresent(dmIds::add);
        BootstrapConfig config = new BootstrapConfig();
        config.toDelete = List.of("/0", "/1");
        int instance = 1;
        for (int ssid : dmIds) {
            InMemorySecurityStore dmSecurity = new InMemorySecurityStore();
            boolean diagnostics = profile.serverIds().diagnostics().map(id -> id == ssid).orElse(false);
            String identity = diagnostics ? device.imei() : device.pskIdentity();
            // Without a bootstrap server the device talks to the DM server with its factory key.
            byte[] key = diagnostics ? sha256(device.imei() + ssid) : bootstrapUri.isEmpty() ? device.bootstrapKey() : device.dmKey();
            dmSecurity.add(SecurityInfo.newPreSharedKeyInfo(device.endpoint(), identity, key));
            dmSecurityStores.put(ssid, dmSecurity);
            DefaultAuthorizer authorizer = new DefaultAuthorizer(dmSecurity);
            LeshanServer server = new LeshanServerBuilder()
                    .setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(observedCoaps(dtlsCounters(ssid)))
                            .setConfiguration(c -> {
                                configure(c, timing);
                                if (dmConnectionIds) {
                                    c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6);
                                }
                            })
                            .addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Protocol.COAPS)
                            .build())
                    .setSecurityStore(dmSecurity)
                    .setAuthorizer((request, registration, sender) -> forbidden.contains(ssid)
                            ? Authorization.declined()
                            : authorizer.isAuthorized(request, registration, sender))
                    .build();
            server.start();
            dmServers.put(ssid, server);
            URI local = server.getEndpoint(Protocol.COAPS).getURI();
            String host = dmHost(ssid);
            InetSocketAddress dmAddress = new InetSocketAddress(local.getHost(), local.getPort());
            dmAddresses.put(ssid, dmAddress);
            dmIdentities.put(ssid, new Object[] {identity, key});
            if (bootstrapUri.isEmpty() && !profile.dmUri().isEmpty() && ssid == profile.serverIds().dm().get(0)) {
                factoryDmServer = ssid;
            }
            mapDmHosts(ssid, dmAddress);

            BootstrapConfig.ServerSecurity security = new BootstrapConfig.ServerSecurity();
            security.uri = dmUrisAsAddresses
                    ? "coaps://" + dmAddress.getAddress().getHostAddress() + ":" + dmAddress.getPort()
                    : "coaps://" + host + ":5684";
            security.bootstrapServer = false;
            security.securityMode = SecurityMode.PSK;
            security.publicKeyOrId = identity.getBytes(StandardCharsets.UTF_8);
            security.secretKey = key;
            security.serverId = ssid;
            config.security.put(instance, security);
            BootstrapConfig.ServerConfig serverConfig = new BootstrapConfig.ServerConfig();
            serverConfig.shortId = ssid;
            serverConfig.lifetime = (int) profile.lifetimeSeconds();
            serverConfig.binding = EnumSet.of(BindingMode.U);
            config.servers.put(instance - 1, serverConfig);
            instance++;
        }

        if (!bootstrapUri.isEmpty()) {
            BootstrapConfig.ServerSecurity self = new BootstrapConfig.ServerSecurity();
            self.uri = bootstrapUri;
            self.bootstrapServer = true;
            self.securityMode = SecurityMode.PSK;
            self.publicKeyOrId = device.pskIdentity().getBytes(StandardCharsets.UTF_8);
            self.secretKey = device.bootstrapKey();
            self.clientOldOffTime = CLIENT_HOLD_OFF_SECONDS;
            config.security.put(0, self);
            bootstrapSecurity.add(SecurityInfo.newPreSharedKeyInfo(device.endpoint(), device.pskIdentity(), device.bootstrapKey()));
            InMemoryBootstrapConfigStore configs = new InMemoryBootstrapConfigStore();
            configs.add(device.endpoint(), config);
            BootstrapSecurityStoreAdapter securityAdapter = new BootstrapSecurityStoreAdapter(bootstrapSecurity);
            bootstrapServer = new LeshanBootstrapServerBuilder()
                    .setEndpointsProviders(new CaliforniumBootstrapServerEndpointsProvider.Builder(new CoapsBootstrapServerProtocolProvider())
                            .setConfiguration(c -> configure(c, timing))
                            .addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Protocol.COAPS)
                            .build())
                    .setSecurityStore(securityAdapter)
                    .setSessionManager(new DefaultBootstrapSessionManager(securityAdapter, configs) {
                        @Override
                        public BootstrapPolicy onResponseSuccess(BootstrapSession session,
                                BootstrapDownlinkRequest<? extends LwM2mResponse> request, LwM2mResponse response) {
                            BootstrapPolicy policy = super.onResponseSuccess(session, request, response);
                            boolean finishNext = policy.shouldFinish() || (policy.shouldContinue()
                                    && policy.nextRequest() instanceof BootstrapFinishRequest);
                            return dropFinish && finishNext ? BootstrapPolicy.failed() : policy;
                        }
                    })
                    .build();
            bootstrapServer.addListener(new BootstrapSessionAdapter() {
                @Override
                public void authorized(BootstrapSession session) {
                    bootstrapEndpoints.add(session.getEndpoint());
                }

                @Override
                public void failed(BootstrapSession session, BootstrapFailureCause cause) {
                    bootstrapFailures.add(cause.name());
                }
            });
            bootstrapServer.start();
            URI local = bootstrapServer.getEndpoint(Protocol.COAPS).getURI();
            bootstrapAddress = new InetSocketAddress(local.getHost(), local.getPort());
            URI live = URI.create(bootstrapUri);
            network.mapHost(live.getHost(), live.getPort(), bootstrapAddress);
        } else {
            bootstrapServer = null;
        }
    }

    /**
     * Starts the carrier side.
     *
     * @param timing CoAP/DTLS timing, the same the device uses
     */
    public static SimulatedCarrier start(CarrierProfile profile, SimNetwork network, Device device, TransportTiming timing)
            throws Exception {
        return new SimulatedCarrier(profile, network, device, timing, profile.bootstrapUri(), false, false);
    }

    /** Starts the carrier side with {@code options}. */
    public static SimulatedCarrier start(CarrierProfile profile, SimNetwork network, Device device, TransportTiming timing,
            Options options) throws Exception {
        String bootstrapUri = options.bootstrapUri() == null ? profile.bootstrapUri() : options.bootstrapUri();
        return new SimulatedCarrier(profile, network, device, timing, bootstrapUri, options.dmConnectionIds(),
                options.dmUrisAsAddresses());
    }

    /**
     * Starts the carrier side with its bootstrap server at {@code bootstrapUri} instead of the profile's —
     * a custom (certification) server, or the one a SIM bootstrap record names.
     */
    public static SimulatedCarrier startWithBootstrapServer(CarrierProfile profile, SimNetwork network, Device device,
            TransportTiming timing, String bootstrapUri) throws Exception {
        return new SimulatedCarrier(profile, network, device, timing, bootstrapUri, false, false);
    }

    private ObservedDtlsConnector.Counters dtlsCounters(int ssid) {
        return dtlsCounters.computeIfAbsent(ssid, id -> new ObservedDtlsConnector.Counters());
    }

    /** CoAPs for a DM server, on a connector that counts handshakes and close_notify alerts. */
    private static CoapsServerProtocolProvider observedCoaps(ObservedDtlsConnector.Counters counters) {
        return new CoapsServerProtocolProvider() {
            @Override
            public CaliforniumServerEndpointFactory createDefaultEndpointFactory(URI uri) {
                return new CoapsServerEndpointFactory(uri) {
                    @Override
                    protected Connector createConnector(DtlsConnectorConfig dtlsConfig) {
                        return new ObservedDtlsConnector(dtlsConfig, counters);
                    }
                };
            }
        };
    }

    /** DTLS handshakes (full or resumed) DM server {@code ssid} completed. */
    public int dmHandshakes(int ssid) {
        return dtlsCounters(ssid).handshakes.get();
    }

    /** close_notify alerts DM server {@code ssid} received: sessions the device closed. */
    public int dmSessionsClosedByDevice(int ssid) {
        return dtlsCounters(ssid).closeNotifies.get();
    }

    /** Handshakes of DM server {@code ssid} after which the device puts the server's Connection ID on its records. */
    public int dmConnectionIdHandshakes(int ssid) {
        return dtlsCounters(ssid).connectionIdHandshakes.get();
    }

    private static Configuration configure(Configuration configuration, TransportTiming timing) {
        return OsTransport.configure(configuration, timing);
    }

    /** The placeholder host name of DM server {@code ssid}. */
    public String dmHost(int ssid) {
        return "dm" + ssid + "." + profile.id() + ".sim.invalid";
    }

    /** The local address of the bootstrap server. */
    public InetSocketAddress bootstrapAddress() {
        return bootstrapAddress;
    }

    /** The DM server with short server id {@code ssid}. */
    public LeshanServer dmServer(int ssid) {
        return dmServers.get(ssid);
    }

    /** Endpoint names of the bootstrap sessions the server authorised, in order. */
    public List<String> bootstrapSessions() {
        return List.copyOf(bootstrapEndpoints);
    }

    /** Failure causes of bootstrap sessions, in order. */
    public List<String> bootstrapFailures() {
        return List.copyOf(bootstrapFailures);
    }

    /** The bootstrap server writes the objects but never sends Bootstrap-Finish. */
    public void dropBootstrapFinish(boolean drop) {
        this.dropFinish = drop;
    }

    /** Datagrams to the bootstrap server vanish. */
    public void makeBootstrapUnreachable() {
        network.blackhole(bootstrapAddress);
    }

    /** The bootstrap server expects another key: handshakes fail after it answered. */
    public void rejectBootstrapHandshakes() {
        bootstrapSecurity.remove(device.endpoint(), false);
        try {
            bootstrapSecurity.add(SecurityInfo.newPreSharedKeyInfo(device.endpoint(), device.pskIdentity(), new byte[16]));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Points DM server {@code ssid}'s host names (its placeholder, and the factory DM URI's host if it is that server) at {@code address}. */
    private void mapDmHosts(int ssid, InetSocketAddress address) {
        network.mapHost(dmHost(ssid), 5684, address);
        if (ssid == factoryDmServer) {
            URI factoryDm = URI.create(profile.dmUri());
            network.mapHost(factoryDm.getHost(), factoryDm.getPort() > 0 ? factoryDm.getPort() : 5684, address);
        }
    }

    /** Datagrams to DM server {@code ssid} vanish. */
    public void makeDmServerUnreachable(int ssid) {
        network.blackhole(dmAddresses.get(ssid));
    }

    /** DM server {@code ssid} answers again. */
    public void restoreDmServer(int ssid) {
        network.restore(dmAddresses.get(ssid));
        forbidden.remove(ssid);
        FixedAnswerServer down = fixedAnswers.remove(ssid);
        if (down != null) {
            mapDmHosts(ssid, dmAddresses.get(ssid));
            down.close();
        }
    }

    /** DM server {@code ssid} expects another key: handshakes fail after it answered. */
    public void rejectDmHandshakes(int ssid) {
        InMemorySecurityStore store = dmSecurityStores.get(ssid);
        store.remove(device.endpoint(), false);
        try {
            store.add(SecurityInfo.newPreSharedKeyInfo(device.endpoint(), (String) dmIdentities.get(ssid)[0], new byte[16]));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** DM server {@code ssid} answers Register with 4.03 Forbidden. */
    public void forbidRegistration(int ssid) {
        forbidden.add(ssid);
    }

    /**
     * DM server {@code ssid} is in maintenance: its host name now leads to a server that completes the
     * DTLS handshake and answers every request with 5.03 Service Unavailable.
     */
    public void putInMaintenance(int ssid) throws java.io.IOException {
        answerEveryRequest(ssid, ResponseCode.SERVICE_UNAVAILABLE);
    }

    /**
     * DM server {@code ssid} rejects the device's requests as malformed: its host name now leads to a
     * server that completes the DTLS handshake and answers every request with 4.00 Bad Request.
     */
    public void rejectRequestsAsBadRequest(int ssid) throws java.io.IOException {
        answerEveryRequest(ssid, ResponseCode.BAD_REQUEST);
    }

    private void answerEveryRequest(int ssid, ResponseCode answer) throws java.io.IOException {
        Object[] credentials = dmIdentities.get(ssid);
        FixedAnswerServer down = FixedAnswerServer.start((String) credentials[0], (byte[]) credentials[1], answer, timing);
        FixedAnswerServer previous = fixedAnswers.put(ssid, down);
        if (previous != null) {
            previous.close();
        }
        mapDmHosts(ssid, down.address());
    }

    @Override
    public void close() {
        fixedAnswers.values().forEach(FixedAnswerServer::close);
        if (bootstrapServer != null) {
            bootstrapServer.destroy();
        }
        dmServers.values().forEach(LeshanServer::destroy);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
