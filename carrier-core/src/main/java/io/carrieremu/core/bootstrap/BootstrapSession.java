package io.carrieremu.core.bootstrap;

import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsSemaphore;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.core.registration.PassiveRegistrationEngine;
import io.carrieremu.core.transport.OsTransport;
import io.carrieremu.core.transport.TransportTiming;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.bootstrap.DefaultBootstrapConsistencyChecker;
import org.eclipse.leshan.client.bootstrap.InvalidStateException;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import io.carrieremu.core.object.security.SecurityObject;
import io.carrieremu.core.object.server.ServerObject;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.servers.ServerInfo;
import org.eclipse.leshan.client.servers.ServersInfoExtractor;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.BootstrapResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client-initiated bootstrap session with Leshan over the OS layer's network: Bootstrap-Request,
 * the server's Delete/Write/Discover, Bootstrap-Finish. The caller's work item waits on an
 * {@link OsSemaphore}, so the wait for Bootstrap-Finish runs on the OS layer's time.
 *
 * <p>Failures are classified as the vendor library reports them: no answer at all from the server →
 * {@code BOOTSTRAP_NO_ROUTE}; the server answered but no DTLS session came up →
 * {@code BOOTSTRAP_CONNECT}; a session came up but the sequence did not complete (error reply, no
 * Finish in time) → {@code BOOTSTRAP_SEQUENCE}.
 */
public final class BootstrapSession {

    /** How long the server has, once it answered Bootstrap-Request, to send Bootstrap-Finish (OS time). */
    public static final Duration FINISH_TIMEOUT = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapSession.class);

    /** The outcome: the servers the bootstrap server wrote, or why it failed. */
    public sealed interface Outcome {
        /** Bootstrap-Finish received. */
        record Success(BootstrapConfig config) implements Outcome {
        }

        /** No usable result; {@code reason} is the DEFERRED reason to report. */
        record Failure(DeferredReason reason, String detail) implements Outcome {
        }
    }

    private final LwM2mOs os;
    private final TransportTiming timing;
    private final int pdnId;

    public BootstrapSession(LwM2mOs os, TransportTiming timing, int pdnId) {
        this.os = Objects.requireNonNull(os, "os");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.pdnId = pdnId;
    }

    /**
     * Bootstraps against {@code server} as {@code endpoint}. Blocks the calling work item (waiting on OS
     * time) until Finish, failure, or {@link #FINISH_TIMEOUT}.
     */
    public Outcome run(SecurityInstance server, String endpoint) {
        URI uri = URI.create(server.serverUri());
        int port = uri.getPort() > 0 ? uri.getPort() : ("coaps".equals(uri.getScheme()) ? 5684 : 5683);
        InetSocketAddress address;
        try {
            address = os.network().resolve(uri.getHost(), port, PdnFamily.IPV4V6);
        } catch (OsException e) {
            return new Outcome.Failure(DeferredReason.BOOTSTRAP_NO_ROUTE, "cannot resolve " + uri.getHost() + ": " + e.getMessage());
        }
        String localUri = uri.getScheme() + "://" + address.getAddress().getHostAddress() + ":" + address.getPort();

        OsTransport transport = new OsTransport(os.network(), () -> pdnId);
        ObjectsInitializer objects = new ObjectsInitializer();
        objects.setInstancesForObject(0, new SecurityObject(new SecurityInstance(0, localUri, true, server.securityMode(),
                server.identity(), server.secretKey(), 0, server.clientHoldOffSeconds())));
        objects.setClassForObject(0, SecurityObject.class);
        objects.setClassForObject(1, ServerObject.class);
        // Leshan insists on a Device object; the full one arrives with the objects.
        objects.setInstancesForObject(3, new org.eclipse.leshan.client.object.Device("", "", endpoint));
        CaliforniumClientEndpointsProvider.Builder endpoints = new CaliforniumClientEndpointsProvider.Builder(transport.protocolProviders());
        endpoints.setConfiguration(OsTransport.configureClient(endpoints.createDefaultConfiguration(), timing));
        // Bootstrap-Finish arrived (the server's writes are in): checked by Leshan's rules, then signalled on OS time.
        OsSemaphore finishArrived = os.scheduler().newSemaphore(0, 1);
        DefaultBootstrapConsistencyChecker rules = new DefaultBootstrapConsistencyChecker();
        AtomicReference<PassiveRegistrationEngine> engine = new AtomicReference<>();
        LeshanClient client = new LeshanClientBuilder(endpoint)
                .setObjects(objects.createAll())
                .setEndpointsProviders(endpoints.build())
                .setBootstrapConsistencyChecker(enablers -> {
                    List<String> errors = rules.checkconfig(enablers);
                    finishArrived.give();
                    return errors;
                })
                .setRegistrationEngineFactory((endpointName, objectTree, endpointsManager, requestSender, bootstrapHandler,
                        observer, additionalAttributes, bsAdditionalAttributes, contentFormats, executor, linkFormatHelper) -> {
                    engine.set(new PassiveRegistrationEngine(endpointName, objectTree, endpointsManager, requestSender,
                            bootstrapHandler, contentFormats, linkFormatHelper));
                    return engine.get();
                })
                .build();
        BootstrapHandler session = null;
        try {
            client.start();
            ServerInfo info = ServersInfoExtractor.getBootstrapServerInfo(engine.get().objectTree().getObjectEnablers());
            session = engine.get().bootstrapHandler();
            session.tryToInitSession();
            LwM2mServer bootstrapServer = engine.get().endpointsManager().createEndpoint(info, true);
            BootstrapResponse response = engine.get().sender().send(bootstrapServer, new BootstrapRequest(endpoint),
                    Math.max(1000, timing.exchangeLifetime().toMillis()));
            if (response == null) {
                return classify(transport, address, "no answer to Bootstrap-Request");
            }
            if (!response.isSuccess()) {
                return new Outcome.Failure(DeferredReason.BOOTSTRAP_SEQUENCE, "bootstrap server answered " + response.getCode());
            }
            if (!finishArrived.take(FINISH_TIMEOUT)) {
                return classify(transport, address, "no Bootstrap-Finish within " + FINISH_TIMEOUT.toSeconds() + " s");
            }
            // The answer to Finish goes out right after the check; wait (briefly, real time) until it has.
            if (!session.waitBootstrapFinished(Math.max(1, timing.exchangeLifetime().toSeconds()))) {
                return new Outcome.Failure(DeferredReason.BOOTSTRAP_SEQUENCE, "answer to Bootstrap-Finish not sent");
            }
            transport.seal();
            return new Outcome.Success(read(client));
        } catch (InvalidStateException e) {
            return new Outcome.Failure(DeferredReason.BOOTSTRAP_SEQUENCE, "bootstrap configuration inconsistent: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failure(DeferredReason.BOOTSTRAP_SEQUENCE, "interrupted");
        } catch (RuntimeException e) {
            LOG.debug("bootstrap client failed", e);
            return classify(transport, address, "bootstrap failed: " + e.getClass().getSimpleName());
        } finally {
            if (session != null) {
                session.closeSession();
            }
            client.destroy(false);
        }
    }

    private static Outcome classify(OsTransport transport, InetSocketAddress server, String detail) {
        if (transport.negotiatedCipherSuite(server).isPresent()) {
            return new Outcome.Failure(DeferredReason.BOOTSTRAP_SEQUENCE, detail);
        }
        boolean answered = transport.lastDtlsConnector() != null && transport.lastDtlsConnector().peerAnswered(server);
        return new Outcome.Failure(answered ? DeferredReason.BOOTSTRAP_CONNECT : DeferredReason.BOOTSTRAP_NO_ROUTE, detail);
    }

    /** The Security and Server instances now in the client's object tree. */
    static BootstrapConfig read(LeshanClient client) {
        List<SecurityInstance> security = new ArrayList<>();
        for (LwM2mObjectInstance instance : instances(client.getObjectTree().getObjectEnabler(0))) {
            Map<Integer, LwM2mResource> r = instance.getResources();
            security.add(new SecurityInstance(instance.getId(), (String) value(r, 0, ""), (Boolean) value(r, 1, false),
                    ((Number) value(r, 2, 0L)).intValue(), (byte[]) value(r, 3, new byte[0]), (byte[]) value(r, 5, new byte[0]),
                    ((Number) value(r, 10, 0L)).intValue(), ((Number) value(r, 11, 0L)).intValue()));
        }
        List<ServerInstance> servers = new ArrayList<>();
        for (LwM2mObjectInstance instance : instances(client.getObjectTree().getObjectEnabler(1))) {
            Map<Integer, LwM2mResource> r = instance.getResources();
            servers.add(new ServerInstance(instance.getId(), ((Number) value(r, 0, 0L)).intValue(),
                    ((Number) value(r, 1, 86400L)).longValue(), (Boolean) value(r, 6, false), String.valueOf(value(r, 7, "U"))));
        }
        return new BootstrapConfig(security, servers);
    }

    private static List<LwM2mObjectInstance> instances(LwM2mObjectEnabler enabler) {
        ReadResponse response = enabler.read(LwM2mServer.SYSTEM, new ReadRequest(enabler.getId()));
        if (!response.isSuccess() || !(response.getContent() instanceof LwM2mObject object)) {
            return List.of();
        }
        return List.copyOf(object.getInstances().values());
    }

    private static Object value(Map<Integer, LwM2mResource> resources, int id, Object fallback) {
        LwM2mResource resource = resources.get(id);
        return resource == null || resource.isMultiInstances() ? fallback : resource.getValue();
    }
}
