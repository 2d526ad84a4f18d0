package io.carrieremu.os.sim.carrier;

import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.Identity;
import io.carrieremu.core.carrier.Subscriber;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.sim.SimulatedDevice;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.core.transport.OsTransport;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.clock.WorldExecutor;
import io.carrieremu.os.sim.network.SimNetwork;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.BootstrapDownlinkRequest;
import org.eclipse.leshan.core.request.BootstrapFinishRequest;
import org.eclipse.leshan.core.request.DownlinkRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.model.StaticModelProvider;
import org.eclipse.leshan.server.model.VersionedBootstrapModelProvider;
import org.eclipse.leshan.server.bootstrap.BootstrapConfigStoreTaskProvider;
import org.eclipse.leshan.server.bootstrap.DefaultBootstrapAuthorizer;
import io.carrieremu.core.object.model.ObjectModels;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.eclipse.leshan.server.bootstrap.BootstrapFailureCause;
import org.eclipse.leshan.server.bootstrap.BootstrapSession;
import org.eclipse.leshan.server.bootstrap.BootstrapSessionAdapter;
import org.eclipse.leshan.server.bootstrap.DefaultBootstrapSessionManager;
import org.eclipse.leshan.server.bootstrap.InMemoryBootstrapConfigStore;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServer;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointFactory;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerEndpointFactory;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointFactory;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerEndpointFactory;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.registration.InMemoryRegistrationStore;
import org.eclipse.leshan.server.registration.Registration;
import org.eclipse.leshan.server.security.Authorization;
import org.eclipse.leshan.server.security.BootstrapSecurityStoreAdapter;
import org.eclipse.leshan.server.security.DefaultAuthorizer;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;

/**
 * The carrier side of a simulation: for one carrier profile, an in-process Leshan bootstrap server and
 * DM server(s) on hosts of the simulated network, running in the simulated world (their CoAP/DTLS
 * timers on its virtual clock), provisioned with the endpoint names and keys of any number of devices
 * ({@link #provision}), and wired into the network's name resolution so that the profile's live host
 * names reach them.
 *
 * <p>For each device the bootstrap server deletes {@code /0} and {@code /1} and writes a Security and a
 * Server instance for each DM server (named by placeholder hosts {@code dm<ssid>.<profile>.sim.invalid:5684})
 * plus its own Security instance. For Verizon a diagnostics server (short id 101) is added whose PSK
 * identity is the IMEI and whose key is SHA-256 of the IMEI followed by "101" (reference §1.5).
 *
 * <p>Faults: {@link #makeBootstrapUnreachable()} blackholes it; {@link #rejectBootstrapHandshakes()}
 * makes it expect other keys, so handshakes fail after the server answered;
 * {@link #dropBootstrapFinish(boolean)} leaves sessions without Bootstrap-Finish; the DM servers can be
 * made unreachable, reject handshakes or registrations, or answer everything with one code.
 */
public final class SimulatedCarrier implements AutoCloseable {

    /**
     * A device as the carrier provisioned it.
     *
     * @param imei the IMEI
     * @param endpoint the endpoint name the device uses
     * @param pskIdentity the PSK identity for the bootstrap server and the DM servers
     * @param bootstrapKey the bootstrap server's PSK
     * @param dmKey the PSK the bootstrap server hands out for the DM servers
     */
    public record Device(String imei, String endpoint, String pskIdentity, byte[] bootstrapKey, byte[] dmKey) {
        /** Checks the components and copies mutable ones. */
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

    /**
     * How the carrier side runs.
     *
     * @param bootstrapUri the bootstrap server's URI, or null for the profile's (empty: no bootstrap server)
     * @param dmConnectionIds true if the DM servers hand out 6-byte DTLS Connection IDs (RFC 9146) to
     *     clients that support them; false (Leshan's default) if they do not
     * @param dmUrisAsAddresses true if the bootstrap server names the DM servers by literal address, false
     *     for their placeholder host names (only the simulated network resolves them)
     */
    public record Options(String bootstrapUri, boolean dmConnectionIds, boolean dmUrisAsAddresses, String dmUri) {
        /** Options without a custom DM server URI. */
        public Options(String bootstrapUri, boolean dmConnectionIds, boolean dmUrisAsAddresses) {
            this(bootstrapUri, dmConnectionIds, dmUrisAsAddresses, null);
        }

        /** The profile's bootstrap server, no Connection IDs, DM servers named by host name. */
        public static Options defaults() {
            return new Options(null, false, false, null);
        }

        /** The bootstrap server at {@code uri} instead of the profile's (empty: none). */
        public Options withBootstrapUri(String uri) {
            return new Options(uri, dmConnectionIds, dmUrisAsAddresses, dmUri);
        }

        /** Whether the DM servers hand out DTLS Connection IDs. */
        public Options withDmConnectionIds(boolean enabled) {
            return new Options(bootstrapUri, enabled, dmUrisAsAddresses, dmUri);
        }

        /** The bootstrap server writes the DM servers' URIs with their literal addresses. */
        public Options withDmUrisAsAddresses(boolean enabled) {
            return new Options(bootstrapUri, dmConnectionIds, enabled, dmUri);
        }

        /**
         * A custom DM server the device reaches without bootstrap ({@code is_bootstrap_server = false}): no
         * bootstrap server runs, and {@code uri}'s host leads to the profile's first DM server, which knows
         * each device by its bootstrap (custom server) key.
         */
        public Options withCustomDmServer(String uri) {
            return new Options("", dmConnectionIds, dmUrisAsAddresses, uri);
        }
    }

    /** One DM server of the carrier. */
    private static final class DmServer {
        final int ssid;
        final boolean diagnostics;
        final SimNetwork.Host host;
        final InMemorySecurityStore security = new InMemorySecurityStore();
        final ObservedDtlsConnector.Counters counters = new ObservedDtlsConnector.Counters();
        LeshanServer server;
        org.eclipse.californium.core.CoapServer coap;
        InetSocketAddress address;
        FixedAnswerServer fixedAnswer;

        DmServer(int ssid, boolean diagnostics, SimNetwork.Host host) {
            this.ssid = ssid;
            this.diagnostics = diagnostics;
            this.host = host;
        }
    }

    private final CarrierProfile profile;
    private final SimNetwork network;
    private final VirtualClock clock;
    private final WorldExecutor executor;
    private final TransportTiming timing;
    private final String bootstrapUri;
    private final String dmUri;
    private final boolean dmUrisAsAddresses;
    private final ExchangeLog exchanges;
    private final InMemorySecurityStore bootstrapSecurity = new InMemorySecurityStore();
    private final InMemoryBootstrapConfigStore bootstrapConfigs = new InMemoryBootstrapConfigStore();
    private final LeshanBootstrapServer bootstrapServer;
    private final Map<Integer, DmServer> dmServers = new LinkedHashMap<>();
    private final List<Device> devices = Collections.synchronizedList(new ArrayList<>());
    private final List<String> bootstrapEndpoints = Collections.synchronizedList(new ArrayList<>());
    private final List<String> bootstrapFailures = Collections.synchronizedList(new ArrayList<>());
    private final Set<Integer> forbidden = ConcurrentHashMap.newKeySet();
    private InetSocketAddress bootstrapAddress;
    private volatile boolean dropFinish;
    /** The DM server the device reaches with its factory settings (carriers without bootstrap server), or 0. */
    private int factoryDmServer;

    private SimulatedCarrier(CarrierProfile profile, SimNetwork network, TransportTiming timing, String bootstrapUri,
            String dmUri, boolean dmConnectionIds, boolean dmUrisAsAddresses) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.network = Objects.requireNonNull(network, "network");
        this.clock = network.clock();
        this.executor = clock.executor("carrier " + profile.id());
        this.timing = Objects.requireNonNull(timing, "timing");
        this.bootstrapUri = bootstrapUri;
        this.dmUri = dmUri;
        this.dmUrisAsAddresses = dmUrisAsAddresses;
        this.exchanges = new ExchangeLog(clock);
        List<Integer> dmIds = new ArrayList<>(profile.serverIds().dm());
        profile.serverIds().diagnostics().ifPresent(dmIds::add);
        this.bootstrapServer = clock.call(() -> {
            for (int ssid : dmIds) {
                boolean diagnostics = profile.serverIds().diagnostics().map(id -> id == ssid).orElse(false);
                DmServer dm = new DmServer(ssid, diagnostics, network.newHost("dm" + ssid));
                startDmServer(dm, dmConnectionIds);
                dmServers.put(ssid, dm);
                if (bootstrapUri.isEmpty() && !dmUri.isEmpty() && ssid == profile.serverIds().dm().get(0)) {
                    factoryDmServer = ssid;
                }
                mapDmHosts(ssid, dm.address);
            }
            return bootstrapUri.isEmpty() ? null : startBootstrapServer();
        });
    }

    private void startDmServer(DmServer dm, boolean connectionIds) {
        DefaultAuthorizer authorizer = new DefaultAuthorizer(dm.security);
        CoapsServerProtocolProvider coaps = new CoapsServerProtocolProvider() {
            @Override
            public CaliforniumServerEndpointFactory createDefaultEndpointFactory(URI uri) {
                return new CoapsServerEndpointFactory(uri) {
                    @Override
                    protected Connector createConnector(DtlsConnectorConfig dtlsConfig) {
                        return new ObservedDtlsConnector(dtlsConfig, dm.counters, dm.host, executor);
                    }
                };
            }
        };
        CaliforniumServerEndpointsProvider endpoints = new CaliforniumServerEndpointsProvider.Builder(coaps)
                .setConfiguration(c -> {
                    OsTransport.configure(c, timing);
                    if (connectionIds) {
                        c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 6);
                    }
                })
                .addEndpoint(new InetSocketAddress(dm.host.address(), 0), Protocol.COAPS)
                .build();
        dm.server = new LeshanServerBuilder()
                .setEndpointsProviders(endpoints)
                .setObjectModelProvider(new StaticModelProvider(ObjectModels.builtIn().lwm2mModel()))
                .setSecurityStore(dm.security)
                .setRegistrationStore(new InMemoryRegistrationStore(executor, 60))
                .disableQueueModeSupport()
                .setAuthorizer((request, registration, sender) -> forbidden.contains(dm.ssid)
                        ? Authorization.declined()
                        : authorizer.isAuthorized(request, registration, sender))
                .build();
        endpoints.getCoapServer().setExecutors(executor, executor, true);
        dm.coap = endpoints.getCoapServer();
        endpoints.getCoapServer().getEndpoints().forEach(e -> exchanges.watch("dm" + dm.ssid, e));
        dm.server.start();
        URI local = dm.server.getEndpoint(Protocol.COAPS).getURI();
        dm.address = new InetSocketAddress(local.getHost(), local.getPort());
    }

    private LeshanBootstrapServer startBootstrapServer() {
        BootstrapSecurityStoreAdapter securityAdapter = new BootstrapSecurityStoreAdapter(bootstrapSecurity);
        SimNetwork.Host host = network.newHost("bootstrap");
        CoapsBootstrapServerProtocolProvider coaps = new CoapsBootstrapServerProtocolProvider() {
            @Override
            public CaliforniumBootstrapServerEndpointFactory createDefaultEndpointFactory(URI uri) {
                return new CoapsBootstrapServerEndpointFactory(uri) {
                    @Override
                    protected Connector createConnector(DtlsConnectorConfig dtlsConfig) {
                        return new ObservedDtlsConnector(dtlsConfig, new ObservedDtlsConnector.Counters(), host, executor);
                    }
                };
            }
        };
        CaliforniumBootstrapServerEndpointsProvider endpoints = new CaliforniumBootstrapServerEndpointsProvider.Builder(coaps)
                .setConfiguration(c -> OsTransport.configure(c, timing))
                .addEndpoint(new InetSocketAddress(host.address(), 0), Protocol.COAPS)
                .build();
        LeshanBootstrapServer server = new LeshanBootstrapServerBuilder()
                .setEndpointsProviders(endpoints)
                .setSecurityStore(securityAdapter)
                .setSessionManager(new DefaultBootstrapSessionManager(new BootstrapConfigStoreTaskProvider(bootstrapConfigs),
                        new VersionedBootstrapModelProvider(ObjectModels.builtIn().leshanModels()),
                        new DefaultBootstrapAuthorizer(securityAdapter)) {
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
        server.addListener(new BootstrapSessionAdapter() {
            @Override
            public void authorized(BootstrapSession session) {
                bootstrapEndpoints.add(session.getEndpoint());
            }

            @Override
            public void failed(BootstrapSession session, BootstrapFailureCause cause) {
                bootstrapFailures.add(cause.name());
            }
        });
        endpoints.getCoapServer().setExecutors(executor, executor, true);
        endpoints.getCoapServer().getEndpoints().forEach(e -> exchanges.watch("bootstrap", e));
        server.start();
        URI local = server.getEndpoint(Protocol.COAPS).getURI();
        bootstrapAddress = new InetSocketAddress(local.getHost(), local.getPort());
        URI live = URI.create(bootstrapUri);
        network.mapHost(live.getHost(), live.getPort() > 0 ? live.getPort() : 5684, bootstrapAddress);
        return server;
    }

    /**
     * Starts the carrier side with no device provisioned yet.
     *
     * @param network the world's network
     * @param timing CoAP/DTLS timing, the same the devices use
     */
    public static SimulatedCarrier start(CarrierProfile profile, SimNetwork network, TransportTiming timing, Options options) {
        String bootstrapUri = options.bootstrapUri() == null ? profile.bootstrapUri() : options.bootstrapUri();
        String dmUri = options.dmUri() == null ? profile.dmUri() : options.dmUri();
        return new SimulatedCarrier(profile, network, timing, bootstrapUri, dmUri, options.dmConnectionIds(),
                options.dmUrisAsAddresses());
    }

    /**
     * The carrier side of a simulated device's SIM: its operator detected by the core's own rules (an
     * unknown operator gets the generic profile's), started on the device's network with the standard
     * timing, and the device provisioned on it ({@link #provision(SimulatedDevice)}).
     *
     * @throws IllegalArgumentException if the device has no SIM
     */
    public static SimulatedCarrier forDevice(SimulatedDevice device) {
        CarrierProfile profile;
        try {
            profile = profileOf(device, io.carrieremu.core.carrier.CarrierProfiles.builtIn());
        } catch (io.carrieremu.core.carrier.CarrierProfileException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        SimulatedCarrier carrier = start(profile, device.transport(), TransportTiming.STANDARD, Options.defaults());
        carrier.provision(device);
        return carrier;
    }

    /**
     * The profile of the operator of the device's SIM, by the core's detection rules (the generic
     * profile for an operator none of {@code profiles} knows).
     *
     * @throws IllegalArgumentException if the device has no SIM
     */
    public static CarrierProfile profileOf(SimulatedDevice device, io.carrieremu.core.carrier.CarrierProfiles profiles) {
        Subscriber subscriber = subscriberOf(device);
        return profiles.of(new io.carrieremu.core.carrier.CarrierDetector(profiles).subscriberCarrier(subscriber)).orElseThrow();
    }

    private static Subscriber subscriberOf(SimulatedDevice device) {
        SimCard card = device.modem().card().orElseThrow(() -> new IllegalArgumentException("the device has no SIM"));
        return new Subscriber(device.modem().identity().imei(), card.imsi(), card.iccid(), card.msisdn(Long.MAX_VALUE),
                card.operatorId());
    }

    /** Starts the carrier side for one device. */
    public static SimulatedCarrier start(CarrierProfile profile, SimNetwork network, Device device, TransportTiming timing)
            throws Exception {
        return start(profile, network, device, timing, Options.defaults());
    }

    /** Starts the carrier side for one device, with {@code options}. */
    public static SimulatedCarrier start(CarrierProfile profile, SimNetwork network, Device device, TransportTiming timing,
            Options options) throws Exception {
        SimulatedCarrier carrier = start(profile, network, timing, options);
        carrier.provision(device);
        return carrier;
    }

    /**
     * Starts the carrier side for one device with its bootstrap server at {@code bootstrapUri} instead of
     * the profile's — a custom (certification) server, or the one a SIM bootstrap record names.
     */
    public static SimulatedCarrier startWithBootstrapServer(CarrierProfile profile, SimNetwork network, Device device,
            TransportTiming timing, String bootstrapUri) throws Exception {
        return start(profile, network, device, timing, Options.defaults().withBootstrapUri(bootstrapUri));
    }

    /**
     * Provisions a device: its keys on the bootstrap server and the DM servers, and the configuration the
     * bootstrap server writes for it.
     *
     * @throws IllegalArgumentException if a device with the same endpoint or identity is provisioned already
     */
    public void provision(Device device) {
        Objects.requireNonNull(device, "device");
        BootstrapConfig config = new BootstrapConfig();
        config.toDelete = List.of("/0", "/1", "/2");
        int instance = 1;
        try {
            for (DmServer dm : dmServers.values()) {
                String identity = identity(dm, device);
                byte[] key = key(dm, device);
                dm.security.add(SecurityInfo.newPreSharedKeyInfo(device.endpoint(), identity, key));
                BootstrapConfig.ServerSecurity security = new BootstrapConfig.ServerSecurity();
                security.uri = dmUrisAsAddresses
                        ? "coaps://" + dm.address.getAddress().getHostAddress() + ":" + dm.address.getPort()
                        : "coaps://" + dmHost(dm.ssid) + ":5684";
                security.bootstrapServer = false;
                security.securityMode = SecurityMode.PSK;
                security.publicKeyOrId = identity.getBytes(StandardCharsets.UTF_8);
                security.secretKey = key;
                security.serverId = dm.ssid;
                config.security.put(instance, security);
                BootstrapConfig.ServerConfig serverConfig = new BootstrapConfig.ServerConfig();
                serverConfig.shortId = dm.ssid;
                serverConfig.lifetime = (int) profile.lifetimeSeconds();
                serverConfig.binding = EnumSet.of(BindingMode.U);
                config.servers.put(instance - 1, serverConfig);
                instance++;
            }
            if (dmServers.size() > 1) {
                // Verizon's factory ACLs (reference §2.2): each DM server owns the Access Control instance
                // guarding its own Server instance, and every DM server has R, W, E and D on it.
                int aclInstance = 0;
                for (DmServer dm : dmServers.values()) {
                    BootstrapConfig.ACLConfig acl = new BootstrapConfig.ACLConfig();
                    acl.objectId = 1;
                    acl.objectInstanceId = aclInstance;
                    acl.AccessControlOwner = dm.ssid;
                    acl.acls = new java.util.TreeMap<>();
                    for (DmServer other : dmServers.values()) {
                        acl.acls.put(other.ssid, 15L);
                    }
                    config.acls.put(aclInstance, acl);
                    aclInstance++;
                }
            }
            if (bootstrapServer != null) {
                BootstrapConfig.ServerSecurity self = new BootstrapConfig.ServerSecurity();
                self.uri = bootstrapUri;
                self.bootstrapServer = true;
                self.securityMode = SecurityMode.PSK;
                self.publicKeyOrId = device.pskIdentity().getBytes(StandardCharsets.UTF_8);
                self.secretKey = device.bootstrapKey();
                self.clientOldOffTime = CLIENT_HOLD_OFF_SECONDS;
                config.security.put(0, self);
                bootstrapSecurity.add(SecurityInfo.newPreSharedKeyInfo(device.endpoint(), device.pskIdentity(), device.bootstrapKey()));
                bootstrapConfigs.add(device.endpoint(), config);
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot provision " + device + ": " + e.getMessage(), e);
        }
        devices.add(device);
    }

    /**
     * Provisions a simulated device as its carrier would: the endpoint name and PSK identity from the
     * core's own rules ({@link Identity}) for the device's IMEI and SIM, a factory bootstrap key derived
     * from the IMEI, written into the device's modem in sec tag
     * {@link CarrierConfig#FACTORY_BOOTSTRAP_SEC_TAG} (where the core looks for it), and the keys on the
     * carrier's servers.
     *
     * @return the device as provisioned; empty if the carrier cannot name it because its endpoint name
     *     needs an MSISDN the SIM never gets (the key is written all the same: the device defers with
     *     {@code SIM_MSISDN} and never reaches the servers)
     * @throws IllegalArgumentException if the device has no SIM
     * @throws IllegalStateException if the modem refuses the key (LTE is active)
     */
    public Optional<Device> provision(SimulatedDevice device) {
        return provision(device, derivedKey(device.modem().identity().imei(), "bootstrap"));
    }

    /**
     * {@link #provision(SimulatedDevice)} with a given bootstrap key — the key of a custom (certification)
     * server, say, that the application provisions into its own sec tag.
     */
    public Optional<Device> provision(SimulatedDevice device, byte[] bootstrapKey) {
        return provision(subscriberOf(device), device.os().credentials(), bootstrapKey);
    }

    /**
     * Provisions a device on any OS layer — the JVM backend on a modem over TCP or serial, say — from the
     * subscriber its modem reports ({@code SubscriberReader}), as {@link #provision(SimulatedDevice)} does:
     * the factory bootstrap key derived from the IMEI written through {@code credentials}.
     *
     * @return the device as provisioned; empty if its endpoint name needs an MSISDN the SIM lacks
     * @throws IllegalStateException if the credential store refuses the key (LTE is active)
     */
    public Optional<Device> provision(Subscriber subscriber, io.carrieremu.core.os.Credentials credentials) {
        return provision(subscriber, credentials, derivedKey(subscriber.imei(), "bootstrap"));
    }

    private Optional<Device> provision(Subscriber subscriber, io.carrieremu.core.os.Credentials credentials, byte[] bootstrapKey) {
        String imei = subscriber.imei();
        try {
            credentials.write(CarrierConfig.FACTORY_BOOTSTRAP_SEC_TAG, Credential.psk(Psk.ofBytes(bootstrapKey)));
        } catch (OsException e) {
            throw new IllegalStateException("cannot write the factory key into the modem: " + e.getMessage(), e);
        }
        Optional<Identity> known = Identity.of(profile, subscriber);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Identity identity = known.get();
        Device provisioned = new Device(imei, identity.endpointName(), identity.pskIdentity(), bootstrapKey,
                derivedKey(imei, "dm"));
        provision(provisioned);
        return Optional.of(provisioned);
    }

    /** A per-device key: SHA-256 of the IMEI and a purpose, cut to 16 bytes (simulated keys only). */
    private static byte[] derivedKey(String imei, String purpose) {
        return java.util.Arrays.copyOf(sha256(imei + "/" + purpose), 16);
    }

    /** Every LwM2M exchange of this carrier's servers, with waits on it. */
    public ExchangeLog exchanges() {
        return exchanges;
    }

    /** The devices provisioned. */
    public List<Device> devices() {
        return List.copyOf(devices);
    }

    private String identity(DmServer dm, Device device) {
        return dm.diagnostics ? device.imei() : device.pskIdentity();
    }

    /** Without a bootstrap server the device talks to the DM server with its factory key. */
    private byte[] key(DmServer dm, Device device) {
        return dm.diagnostics ? sha256(device.imei() + dm.ssid) : bootstrapUri.isEmpty() ? device.bootstrapKey() : device.dmKey();
    }

    /** DTLS handshakes (full or resumed) DM server {@code ssid} completed. */
    public int dmHandshakes(int ssid) {
        return dmServers.get(ssid).counters.handshakes.get();
    }

    /** close_notify alerts DM server {@code ssid} received: sessions the device closed. */
    public int dmSessionsClosedByDevice(int ssid) {
        return dmServers.get(ssid).counters.closeNotifies.get();
    }

    /** Handshakes of DM server {@code ssid} after which the device puts the server's Connection ID on its records. */
    public int dmConnectionIdHandshakes(int ssid) {
        return dmServers.get(ssid).counters.connectionIdHandshakes.get();
    }

    /** The placeholder host name of DM server {@code ssid}. */
    public String dmHost(int ssid) {
        return "dm" + ssid + "." + profile.id() + ".sim.invalid";
    }

    /** The address of the bootstrap server. */
    public InetSocketAddress bootstrapAddress() {
        return bootstrapAddress;
    }

    /** The DM server with short server id {@code ssid}. */
    public LeshanServer dmServer(int ssid) {
        return dmServers.get(ssid).server;
    }

    /** The short server ids of the DM servers. */
    public List<Integer> dmServerIds() {
        return List.copyOf(dmServers.keySet());
    }

    /**
     * Sends a request from DM server {@code ssid} to a registered device and waits, in virtual time, for
     * its answer: the world runs meanwhile (driven by the caller when no one else drives it).
     *
     * @return the answer
     * @throws IllegalStateException if no answer came within {@code timeout} of virtual time
     */
    public <T extends LwM2mResponse> T send(int ssid, Registration registration, DownlinkRequest<T> request, Duration timeout) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        clock.run(() -> dmServer(ssid).send(registration, request, timeout.toMillis(), answer::complete,
                answer::completeExceptionally));
        return clock.await(answer, timeout.plusSeconds(1));
    }

    /**
     * Sends a raw CoAP request from DM server {@code ssid}'s endpoint to a registered device, over the
     * device's DTLS session, and waits in virtual time for the answer: for payloads no LwM2M encoder
     * would make (a truncated TLV, a wrong content format), as a misbehaving server would send them.
     *
     * @return the CoAP response
     * @throws IllegalStateException if no answer came within {@code timeout} of virtual time
     */
    public org.eclipse.californium.core.coap.Response sendRaw(int ssid, Registration registration,
            org.eclipse.californium.core.coap.Request request, Duration timeout) {
        CompletableFuture<org.eclipse.californium.core.coap.Response> answer = new CompletableFuture<>();
        request.setDestinationContext(new org.eclipse.californium.elements.AddressEndpointContext(registration.getSocketAddress()));
        request.addMessageObserver(new org.eclipse.californium.core.coap.MessageObserverAdapter() {
            @Override
            public void onResponse(org.eclipse.californium.core.coap.Response response) {
                answer.complete(response);
            }

            @Override
            protected void failed() {
                answer.completeExceptionally(new IllegalStateException("raw request failed: " + request));
            }
        });
        clock.run(() -> dmServers.get(ssid).coap.getEndpoints().get(0).sendRequest(request));
        return clock.await(answer, timeout.plusSeconds(1));
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

    /**
     * The bootstrap server deletes {@code /0} and {@code /1} and writes nothing before Bootstrap-Finish:
     * it leaves the device without a DM server (the vendor: "server does not provide expected objects").
     */
    public void bootstrapWithoutServers() {
        for (Device device : devices()) {
            BootstrapConfig empty = new BootstrapConfig();
            empty.toDelete = List.of("/0", "/1");
            try {
                bootstrapConfigs.add(device.endpoint(), empty);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Datagrams to the bootstrap server vanish. */
    public void makeBootstrapUnreachable() {
        network.blackhole(bootstrapAddress);
    }

    /** The bootstrap server expects other keys: handshakes fail after it answered. */
    public void rejectBootstrapHandshakes() {
        for (Device device : devices()) {
            bootstrapSecurity.remove(device.endpoint(), false);
            try {
                bootstrapSecurity.add(SecurityInfo.newPreSharedKeyInfo(device.endpoint(), device.pskIdentity(), new byte[16]));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Points DM server {@code ssid}'s host names (its placeholder, and the factory DM URI's host if it is that server) at {@code address}. */
    private void mapDmHosts(int ssid, InetSocketAddress address) {
        network.mapHost(dmHost(ssid), 5684, address);
        if (ssid == factoryDmServer) {
            URI factoryDm = URI.create(dmUri);
            network.mapHost(factoryDm.getHost(), factoryDm.getPort() > 0 ? factoryDm.getPort() : 5684, address);
        }
    }

    /** Datagrams to DM server {@code ssid} vanish. */
    public void makeDmServerUnreachable(int ssid) {
        network.blackhole(dmServers.get(ssid).address);
    }

    /** The next {@code count} datagrams the devices send to DM server {@code ssid} are lost. */
    public void loseNextDatagramsTo(int ssid, int count) {
        network.dropNext(dmServers.get(ssid).address, count);
    }

    /**
     * The next {@code count} requests the devices send to DM server {@code ssid} are lost: DTLS
     * application_data records, not the handshake before them (a lost Register, say).
     */
    public void loseNextRequestsTo(int ssid, int count) {
        network.dropNext(dmServers.get(ssid).address, data -> data.length > 0 && (data[0] == 23 || data[0] == 25), count);
    }

    /** The address of DM server {@code ssid}. */
    public InetSocketAddress dmAddress(int ssid) {
        return dmServers.get(ssid).address;
    }

    /**
     * DM server {@code ssid} completes the DTLS handshake but never answers a request: its host name now
     * leads to a server that drops every CoAP request silently.
     */
    public void ignoreRequests(int ssid) {
        answerEveryRequest(ssid, null);
    }

    /** DM server {@code ssid} answers again. */
    public void restoreDmServer(int ssid) {
        DmServer dm = dmServers.get(ssid);
        network.restore(dm.address);
        forbidden.remove(ssid);
        FixedAnswerServer down = dm.fixedAnswer;
        dm.fixedAnswer = null;
        if (down != null) {
            mapDmHosts(ssid, dm.address);
            clock.run(down::close);
        }
    }

    /** DM server {@code ssid} expects other keys: handshakes fail after it answered. */
    public void rejectDmHandshakes(int ssid) {
        DmServer dm = dmServers.get(ssid);
        for (Device device : devices()) {
            dm.security.remove(device.endpoint(), false);
            try {
                dm.security.add(SecurityInfo.newPreSharedKeyInfo(device.endpoint(), identity(dm, device), new byte[16]));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
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
    public void putInMaintenance(int ssid) {
        answerEveryRequest(ssid, ResponseCode.SERVICE_UNAVAILABLE);
    }

    /**
     * DM server {@code ssid} rejects the device's requests as malformed: its host name now leads to a
     * server that completes the DTLS handshake and answers every request with 4.00 Bad Request.
     */
    public void rejectRequestsAsBadRequest(int ssid) {
        answerEveryRequest(ssid, ResponseCode.BAD_REQUEST);
    }

    private void answerEveryRequest(int ssid, ResponseCode answer) {
        DmServer dm = dmServers.get(ssid);
        java.util.Map<String, byte[]> keys = new LinkedHashMap<>();
        for (Device device : devices()) {
            keys.put(identity(dm, device), key(dm, device));
        }
        FixedAnswerServer down = clock.call(() -> FixedAnswerServer.start(network.newHost("fixed" + ssid), executor,
                keys, answer, timing, endpoint -> exchanges.watch("dm" + ssid, endpoint)));
        FixedAnswerServer previous = dm.fixedAnswer;
        dm.fixedAnswer = down;
        if (previous != null) {
            clock.run(previous::close);
        }
        mapDmHosts(ssid, down.address());
    }

    @Override
    public void close() {
        clock.run(() -> {
            for (DmServer dm : dmServers.values()) {
                if (dm.fixedAnswer != null) {
                    dm.fixedAnswer.close();
                }
                dm.server.destroy();
            }
            if (bootstrapServer != null) {
                bootstrapServer.destroy();
            }
        });
        executor.shutdown();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Californium configuration of the carrier's servers (exposed for tests that build their own). */
    static Configuration configure(Configuration configuration, TransportTiming timing) {
        return OsTransport.configure(configuration, timing);
    }
}
