package io.carrieremu.core.client;

import java.io.IOException;
import java.security.cert.Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.eclipse.californium.core.server.resources.ResourceObserverAdapter;
import org.eclipse.californium.core.network.interceptors.MessageInterceptor;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpoint;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointFactory;
import org.eclipse.leshan.client.californium.endpoint.ClientCoapMessageTranslator;
import org.eclipse.leshan.client.californium.endpoint.ServerIdentityExtractor;
import org.eclipse.leshan.client.endpoint.ClientEndpointToolbox;
import org.eclipse.leshan.client.endpoint.LwM2mClientEndpoint;
import org.eclipse.leshan.client.endpoint.LwM2mClientEndpointsProvider;
import org.eclipse.leshan.client.notification.NotificationManager;
import org.eclipse.leshan.client.request.DownlinkRequestReceiver;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.core.node.InvalidLwM2mPathException;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.peer.PskIdentity;
import org.eclipse.leshan.core.SecurityMode;

/**
 * Leshan client endpoints for several servers at once: one CoAP endpoint per server (the bootstrap
 * server and each DM server, each with its own DTLS session), all serving the device's one object
 * tree. Leshan 2.0.0-M15's own provider holds one endpoint at a time; this is what lets one client,
 * with one object model, be registered to Verizon's servers 101 and 102 together.
 *
 * <p>Requests from a server are attributed to the server whose endpoint they arrived on. Everything
 * runs on the OS layer's stack executor; the CoAP server never shuts it down.
 *
 * <p>Observations are reported as they begin and end: Californium adds a relation to an object's CoAP
 * resource once the first answer to an Observe succeeded, and removes it when the server cancels it —
 * with a GET carrying Observe=1, or by answering a notification with RST — or the relation fails.
 */
final class MultiServerEndpoints implements LwM2mClientEndpointsProvider {

    private final Configuration configuration;
    private final ScheduledExecutorService executor;
    private final ClientCoapMessageTranslator translator = new ClientCoapMessageTranslator();
    private final ConcurrentIdentityHandlers identityHandlers = new ConcurrentIdentityHandlers();
    private final Map<LwM2mServer, CaliforniumClientEndpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<Endpoint, LwM2mServer> servers = new ConcurrentHashMap<>();
    private final DeviceClient.Listener listener;
    private final List<MessageInterceptor> interceptors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private LwM2mObjectTree objectTree;
    private ClientEndpointToolbox toolbox;
    private CoapServer coapServer;
    private boolean started;

    MultiServerEndpoints(Configuration configuration, ScheduledExecutorService executor, DeviceClient.Listener listener) {
        this.configuration = Objects.requireNonNull(configuration, "configuration");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void init(LwM2mObjectTree tree, DownlinkRequestReceiver requestReceiver, NotificationManager notificationManager,
            ClientEndpointToolbox endpointToolbox) {
        this.objectTree = tree;
        this.toolbox = endpointToolbox;
        ServerIdentityExtractor extractor = (exchange, foreignPeer) -> {
            LwM2mServer server = servers.get(exchange.getEndpoint());
            if (server == null) {
                return null;
            }
            // Plain CoAP: anyone can send to the port; only the server's address counts as the server.
            if (server.getTransportData() instanceof IpPeer peer && !peer.isSecure()
                    && !peer.getSocketAddress().equals(foreignPeer.getSocketAddress())) {
                return null;
            }
            return server;
        };
        coapServer = new CoapServer(configuration) {
            @Override
            protected Resource createRoot() {
                return translator.createRootResource(coapServer, identityHandlers, extractor, requestReceiver,
                        endpointToolbox, tree);
            }
        };
        coapServer.setExecutors(executor, executor, true);
        List<Resource> resources = translator.createResources(coapServer, identityHandlers, extractor, requestReceiver,
                notificationManager, endpointToolbox, tree);
        coapServer.add(resources.toArray(new Resource[0]));
        resources.forEach(resource -> resource.addObserver(new ResourceObserverAdapter() {
            @Override
            public void addedObserveRelation(ObserveRelation relation) {
                report(relation, true);
            }

            @Override
            public void removedObserveRelation(ObserveRelation relation) {
                report(relation, false);
            }
        }));
    }

    private void report(ObserveRelation relation, boolean started) {
        LwM2mServer server = servers.get(relation.getExchange().getEndpoint());
        String uri = relation.getExchange().getRequest().getOptions().getUriPathString();
        if (server == null || uri == null || uri.isEmpty()) {
            return;
        }
        LwM2mPath path;
        try {
            path = new LwM2mPath("/" + uri);
        } catch (InvalidLwM2mPathException | IllegalArgumentException e) {
            return;
        }
        if (started) {
            listener.observationStarted(server, path);
        } else {
            listener.observationStopped(server, path);
        }
    }

    /**
     * Creates and starts the endpoint to one server.
     *
     * @param factory makes the endpoint and its connector (bound to the right PDN and monitor)
     * @return the server's identity for Leshan's requests
     * @throws IllegalStateException if the endpoint cannot be made or started
     */
    synchronized LwM2mServer connect(ServerInfo info, CaliforniumClientEndpointFactory factory) {
        CoapEndpoint coapEndpoint = factory.createCoapEndpoint(null, configuration, info, false, List.of(), toolbox);
        if (coapEndpoint == null) {
            throw new IllegalStateException("no endpoint for " + info.serverUri);
        }
        LwM2mServer server = identity(info);
        CaliforniumClientEndpoint endpoint = new CaliforniumClientEndpoint(factory.getProtocol(),
                factory.getEndpointDescription(), coapEndpoint, translator, toolbox, factory.createIdentityHandler(),
                factory.createConnectionController(), objectTree.getModel(), factory.createExceptionTranslator(), executor);
        interceptors.forEach(coapEndpoint::addInterceptor);
        identityHandlers.addIdentityHandler(coapEndpoint, factory.createIdentityHandler());
        coapServer.addEndpoint(coapEndpoint);
        servers.put(coapEndpoint, server);
        endpoints.put(server, endpoint);
        if (started) {
            try {
                if (!coapServer.isRunning()) {
                    coapServer.start();
                }
                coapEndpoint.start();
            } catch (IOException | IllegalStateException e) {
                disconnect(server);
                throw new IllegalStateException("cannot start the endpoint for " + info.serverUri + ": " + e.getMessage(), e);
            }
        }
        return server;
    }

    /** Adds an interceptor to every endpoint, those to come and those there are. */
    synchronized void addInterceptor(MessageInterceptor interceptor) {
        interceptors.add(interceptor);
        endpoints.values().forEach(endpoint -> endpoint.getCoapEndpoint().addInterceptor(interceptor));
    }

    /** Destroys the endpoint to {@code server}; harmless if there is none. */
    synchronized void disconnect(LwM2mServer server) {
        CaliforniumClientEndpoint endpoint = endpoints.remove(server);
        if (endpoint == null) {
            return;
        }
        CoapEndpoint coapEndpoint = endpoint.getCoapEndpoint();
        servers.remove(coapEndpoint);
        identityHandlers.remove(coapEndpoint);
        coapServer.getEndpoints().remove(coapEndpoint);
        coapEndpoint.destroy();
    }

    private static LwM2mServer identity(ServerInfo info) {
        IpPeer peer = info.isSecure() && info.secureMode == SecurityMode.PSK
                ? new IpPeer(info.getAddress(), info.sni, new PskIdentity(info.pskId))
                : new IpPeer(info.getAddress());
        return info.bootstrap ? new LwM2mServer(peer, info.serverUri) : new LwM2mServer(peer, info.serverId, info.serverUri);
    }

    @Override
    public LwM2mServer createEndpoint(ServerInfo serverInfo, boolean clientInitiatedOnly, List<Certificate> trustStore,
            ClientEndpointToolbox endpointToolbox) {
        throw new UnsupportedOperationException("endpoints are made by the library's own connections");
    }

    @Override
    public Collection<LwM2mServer> createEndpoints(Collection<? extends ServerInfo> serverInfo, boolean clientInitiatedOnly,
            List<Certificate> trustStore, ClientEndpointToolbox endpointToolbox) {
        throw new UnsupportedOperationException("endpoints are made by the library's own connections");
    }

    @Override
    public synchronized void destroyEndpoints() {
        for (LwM2mServer server : List.copyOf(endpoints.keySet())) {
            disconnect(server);
        }
    }

    @Override
    public synchronized void start() {
        started = true;
        if (!coapServer.getEndpoints().isEmpty() && !coapServer.isRunning()) {
            coapServer.start();
        }
    }

    @Override
    public List<LwM2mClientEndpoint> getEndpoints() {
        return List.copyOf(endpoints.values());
    }

    @Override
    public LwM2mClientEndpoint getEndpoint(LwM2mServer server) {
        return endpoints.get(server);
    }

    /** The Californium endpoint to {@code server}, or null. */
    CoapEndpoint coapEndpoint(LwM2mServer server) {
        CaliforniumClientEndpoint endpoint = endpoints.get(server);
        return endpoint == null ? null : endpoint.getCoapEndpoint();
    }

    @Override
    public synchronized void stop() {
        started = false;
        if (coapServer.isRunning()) {
            coapServer.stop();
        }
    }

    @Override
    public synchronized void destroy() {
        started = false;
        destroyEndpoints();
        coapServer.destroy();
    }
}
