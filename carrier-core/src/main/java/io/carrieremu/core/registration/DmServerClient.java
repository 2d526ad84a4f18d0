package io.carrieremu.core.registration;

import io.carrieremu.core.bootstrap.SecurityInstance;
import io.carrieremu.core.bootstrap.ServerInstance;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.object.security.SecurityObject;
import io.carrieremu.core.object.server.ServerObject;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.core.transport.NotificationTypes;
import io.carrieremu.core.transport.OsTransport;
import io.carrieremu.core.transport.TransportTiming;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.client.servers.ServersInfoExtractor;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.response.DeregisterResponse;
import org.eclipse.leshan.core.response.RegisterResponse;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.UpdateResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to one DM server: a Leshan client holding only that server's Security and Server
 * instances, whose registration engine does nothing by itself. The carrier engine drives it —
 * {@link #register()}, {@link #update()}, {@link #deregister()} — from its work queue on the OS
 * layer's timers, which is how the library keeps one registration, lifetime, update timer and retry
 * state per server (Leshan 2.0.0-M15 connects to one DM server per client).
 *
 * <p>Requests are sent synchronously: the calling work item blocks until the answer or the CoAP/DTLS
 * timeouts, so a simulated device's time stands still while an exchange is in flight.
 */
public final class DmServerClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DmServerClient.class);
    /** 5.03 Service Unavailable as Leshan numbers codes (c.dd as c*100+dd); M15 has no constant for it. */
    private static final int SERVICE_UNAVAILABLE = 503;

    /** The result of a registration step. */
    public sealed interface Outcome {
        /** Registered (or updated); the location the server assigned. */
        record Registered(String registrationId) implements Outcome {
        }

        /**
         * Failed; the DEFERRED reason the library reports.
         *
         * @param responseCode the server's error code as Leshan numbers them (e.g. 400 for 4.00), 0 when it gave none
         */
        record Failed(DeferredReason reason, String detail, int responseCode) implements Outcome {
            Failed(DeferredReason reason, String detail) {
                this(reason, detail, 0);
            }
        }
    }

    private final LwM2mOs os;
    private final SecurityInstance security;
    private final ServerInstance server;
    private final String endpoint;
    private final boolean queueMode;
    private final Optional<Duration> conInterval;
    private final TransportTiming timing;
    private final int pdnId;
    private final Listener listener;
    private volatile long lastActivityMillis = -1;
    private volatile int closedAfterHandshakes = -1;
    /** Run once the next datagram to or from the server has passed (the answer to an Execute that ends this client). */
    private final java.util.concurrent.atomic.AtomicReference<Runnable> afterNextDatagram =
            new java.util.concurrent.atomic.AtomicReference<>();
    private ServerObject serverObject;
    private long announcedLifetime;
    private LeshanClient client;
    private OsTransport transport;
    private PassiveRegistrationEngine engine;
    private InetSocketAddress address;
    private LwM2mServer lwm2mServer;
    private String registrationId;

    /** What the client tells its owner, on Leshan's or the connector's threads. */
    public interface Listener {

        /** The DM server wrote lifetime or binding, or executed Registration Update Trigger. */
        void updateRequested();

        /** A datagram was sent to or received from the server. */
        void activity();

        /** The DM server executed Bootstrap-Request Trigger (/1/x/9). */
        void bootstrapRequested();

        /** The DM server executed Factory Reset (/3/0/5). */
        void factoryResetRequested();
    }

    /**
     * @param conInterval {@code coap_con_interval}: at most this long between CON notifications, the
     *     others NON; empty: every notification CON
     * @param listener told when the server asks for an update and about traffic
     */
    public DmServerClient(LwM2mOs os, SecurityInstance security, ServerInstance server, String endpoint, boolean queueMode,
            Optional<Duration> conInterval, TransportTiming timing, int pdnId, Listener listener) {
        this.os = Objects.requireNonNull(os, "os");
        this.security = Objects.requireNonNull(security, "security");
        this.server = Objects.requireNonNull(server, "server");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.queueMode = queueMode;
        this.conInterval = Objects.requireNonNull(conInterval, "conInterval");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.pdnId = pdnId;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The short server id. */
    public int shortServerId() {
        return server.shortServerId();
    }

    /** The registration lifetime, in seconds: the Server object's, which a DM server may have changed. */
    public long lifetimeSeconds() {
        return serverObject == null ? server.lifetimeSeconds() : serverObject.lifetimeSeconds();
    }

    /** The location of the current registration, or null. */
    public String registrationId() {
        return registrationId;
    }

    /** Sends Register (resolving the server's host name through the OS layer first). */
    public Outcome register() {
        return dropConnectionOnFailure(registerOnce());
    }

    /**
     * After a failed exchange the next attempt starts afresh, as a modem opens a new socket: name
     * look-up again (the server may have moved), new connector, new DTLS handshake.
     */
    private Outcome dropConnectionOnFailure(Outcome outcome) {
        // An interrupted exchange is the engine stopping: it closes the client itself, and the interrupt
        // must stay visible to it (Leshan's destroy would swallow it).
        if (outcome instanceof Outcome.Failed && !Thread.currentThread().isInterrupted()) {
            close();
        }
        return outcome;
    }

    private Outcome registerOnce() {
        if (client == null) {
            Outcome failure = connect();
            if (failure != null) {
                return failure;
            }
        }
        try {
            EnumSet<BindingMode> bindings = EnumSet.of(BindingMode.U);
            Link[] links = engine.linkFormatHelper().getClientDescription(engine.objectTree().getObjectEnablers().values(), null,
                    ContentFormat.getOptionalContentFormatForClient(engine.contentFormats(), LwM2mVersion.V1_1));
            announcedLifetime = lifetimeSeconds();
            RegisterRequest request = new RegisterRequest(endpoint, announcedLifetime, LwM2mVersion.V1_1.toString(),
                    bindings, queueMode, null, links, Map.of());
            RegisterResponse response = engine.sender().send(lwm2mServer, request, requestTimeoutMillis());
            if (response == null) {
                return classify("no answer to Register");
            }
            if (response.isSuccess()) {
                registrationId = response.getRegistrationID();
                
                return new Outcome.Registered(registrationId);
            }
            return rejected(response.getCode(), "Register");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed(DeferredReason.SERVER_REGISTRATION, "interrupted");
        } catch (RuntimeException e) {
            LOG.debug("Register to server {} failed", server.shortServerId(), e);
            return classify("Register failed: " + e.getClass().getSimpleName());
        }
    }

    /** OS uptime of the last datagram to or from the server, -1 before any. */
    public long lastActivityMillis() {
        return lastActivityMillis;
    }

    /** DTLS handshakes completed with the server (1 after the first registration; more after each new session). */
    public int handshakes() {
        return transport == null ? 0 : transport.handshakes();
    }

    /** True if the DTLS session negotiated a Connection ID the server wants on our records. */
    public boolean connectionIdInUse() {
        return transport != null && address != null && transport.connectionIdInUse(address);
    }

    /** True if a DTLS session with the server is open: a handshake completed and it was not closed since. */
    public boolean sessionOpen() {
        int completed = handshakes();
        return completed > 0 && completed != closedAfterHandshakes;
    }

    /** Closes the DTLS session with the server; the next request opens a new one. */
    public void closeSession() {
        if (transport != null && address != null) {
            closedAfterHandshakes = transport.handshakes();
            transport.closeSession(address, timing.dtlsRetransmissionTimeout());
        }
    }

    /** Sends a registration Update (a Register if not registered). */
    public Outcome update() {
        if (client == null || registrationId == null) {
            return register();
        }
        return dropConnectionOnFailure(updateOnce());
    }

    private Outcome updateOnce() {
        try {
            long lifetime = lifetimeSeconds();
            Long changedLifetime = lifetime != announcedLifetime ? lifetime : null;
            UpdateResponse response = engine.sender().send(lwm2mServer,
                    new UpdateRequest(registrationId, changedLifetime, null, null, null, null), requestTimeoutMillis());
            if (response != null && response.getCode() == ResponseCode.CHANGED) {
                announcedLifetime = lifetime;
            }
            if (response == null) {
                return classify("no answer to Update");
            }
            if (response.getCode() == ResponseCode.CHANGED) {
                return new Outcome.Registered(registrationId);
            }
            registrationId = null;
            return rejected(response.getCode(), "Update");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed(DeferredReason.SERVER_REGISTRATION, "interrupted");
        } catch (RuntimeException e) {
            return classify("Update failed: " + e.getClass().getSimpleName());
        }
    }

    /** Sends De-register; true if the server confirmed. */
    public boolean deregister() {
        if (client == null || registrationId == null) {
            return false;
        }
        try {
            DeregisterResponse response = engine.sender().send(lwm2mServer, new DeregisterRequest(registrationId), requestTimeoutMillis());
            registrationId = null;
            
            return response != null && response.isSuccess();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private long requestTimeoutMillis() {
        return Math.max(1000, timing.exchangeLifetime().toMillis());
    }

    private Outcome rejected(ResponseCode code, String what) {
        int number = code == null ? 0 : code.getCode();
        if (number == SERVICE_UNAVAILABLE) {
            return new Outcome.Failed(DeferredReason.SERVICE_UNAVAILABLE, what + " answered 5.03", number);
        }
        return new Outcome.Failed(DeferredReason.SERVER_REGISTRATION, what + " answered " + code, number);
    }

    private Outcome classify(String detail) {
        if (address != null && transport.negotiatedCipherSuite(address).isPresent()) {
            return new Outcome.Failed(DeferredReason.SERVER_REGISTRATION, detail);
        }
        boolean answered = address != null && transport.lastDtlsConnector() != null && transport.lastDtlsConnector().peerAnswered(address);
        return new Outcome.Failed(answered ? DeferredReason.SERVER_CONNECT : DeferredReason.SERVER_NO_ROUTE, detail);
    }

    /** Creates the client and its endpoint; null on success, the failure otherwise. */
    private Outcome connect() {
        URI uri = URI.create(security.serverUri());
        int port = uri.getPort() > 0 ? uri.getPort() : ("coaps".equals(uri.getScheme()) ? 5684 : 5683);
        try {
            address = os.network().resolve(uri.getHost(), port, PdnFamily.IPV4V6);
        } catch (OsException e) {
            return new Outcome.Failed(DeferredReason.SERVER_NO_ROUTE, "cannot resolve " + uri.getHost() + ": " + e.getMessage());
        }
        String localUri = uri.getScheme() + "://" + address.getAddress().getHostAddress() + ":" + address.getPort();
        transport = new OsTransport(os.network(), () -> pdnId, () -> {
            lastActivityMillis = os.scheduler().uptimeMillis();
            listener.activity();
            Runnable pending = afterNextDatagram.getAndSet(null);
            if (pending != null) {
                pending.run();
            }
        }, new NotificationTypes(conInterval, os.scheduler()::uptimeMillis));
        ObjectsInitializer objects = new ObjectsInitializer();
        objects.setInstancesForObject(0, new SecurityObject(new SecurityInstance(security.instanceId(), localUri, false,
                security.securityMode(), security.identity(), security.secretKey(), security.shortServerId(),
                security.clientHoldOffSeconds())));
        serverObject = new ServerObject(server);
        serverObject.setTriggers(new ServerObject.Triggers() {
            @Override
            public void registrationUpdate(int shortServerId) {
                listener.updateRequested();
            }

            @Override
            public void bootstrapRequest(int shortServerId) {
                // Tear-down must wait until the server has its 2.04: the next datagram is that answer.
                afterNextDatagram.set(listener::bootstrapRequested);
            }
        });
        objects.setInstancesForObject(1, serverObject);
        FactoryResettableDevice device = new FactoryResettableDevice(endpoint);
        device.onFactoryReset = () -> afterNextDatagram.set(listener::factoryResetRequested);
        objects.setInstancesForObject(3, device);
        CaliforniumClientEndpointsProvider.Builder endpoints = new CaliforniumClientEndpointsProvider.Builder(transport.protocolProviders());
        endpoints.setConfiguration(OsTransport.configureClient(endpoints.createDefaultConfiguration(), timing));
        client = new LeshanClientBuilder(endpoint)
                .setObjects(objects.createAll())
                .setEndpointsProviders(endpoints.build())
                .setRegistrationEngineFactory((endpointName, objectTree, endpointsManager, requestSender, bootstrapHandler,
                        observer, additionalAttributes, bsAdditionalAttributes, contentFormats, executor, linkFormatHelper) -> {
                    engine = new PassiveRegistrationEngine(endpointName, objectTree, endpointsManager, requestSender,
                            bootstrapHandler, contentFormats, linkFormatHelper);
                    return engine;
                })
                .build();
        client.start();
        ServerInfo info = ServersInfoExtractor.getInfo(engine.objectTree().getObjectEnablers()).deviceManagements.get((long) server.shortServerId());
        if (info == null) {
            return new Outcome.Failed(DeferredReason.SERVER_REGISTRATION, "incomplete server configuration");
        }
        lwm2mServer = engine.endpointsManager().createEndpoint(info, queueMode);
        return null;
    }

    /** Stops the client without deregistering. */
    @Override
    public void close() {
        if (client != null) {
            client.destroy(false);
            client = null;
        }
        closedAfterHandshakes = handshakes();
        registrationId = null;
    }

    /**
     * Leshan's minimal Device instance whose Factory Reset ({@code /3/0/5}) is passed to the carrier
     * engine. Public with a default constructor, as Leshan's object factory needs.
     */
    public static final class FactoryResettableDevice extends org.eclipse.leshan.client.object.Device {
        volatile Runnable onFactoryReset = () -> { };

        public FactoryResettableDevice() {
            this("");
        }

        public FactoryResettableDevice(String serialNumber) {
            super("", "", serialNumber);
        }

        @Override
        public ExecuteResponse execute(LwM2mServer from, int resourceId, Arguments arguments) {
            if (resourceId == 5) {
                onFactoryReset.run();
                return ExecuteResponse.success();
            }
            return super.execute(from, resourceId, arguments);
        }
    }
}
