package io.carrieremu.core.client;

import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.transport.ConnectionMonitor;
import io.carrieremu.core.transport.OsTransport;
import io.carrieremu.core.transport.TransportTiming;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.bootstrap.BootstrapConsistencyChecker;
import org.eclipse.leshan.client.bootstrap.BootstrapHandler;
import org.eclipse.leshan.client.endpoint.LwM2mClientEndpointsProvider;
import org.eclipse.leshan.client.engine.RegistrationEngineFactory;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.resource.LwM2mObjectTree;
import org.eclipse.leshan.client.send.DataSender;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.client.util.LinkFormatHelper;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.link.LinkSerializer;
import org.eclipse.leshan.core.link.lwm2m.attributes.LwM2mAttributeParser;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.codec.LwM2mDecoder;
import org.eclipse.leshan.core.node.codec.LwM2mEncoder;
import org.eclipse.leshan.core.request.BootstrapFinishRequest;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.core.response.BootstrapFinishResponse;
import org.eclipse.leshan.core.response.ErrorCallback;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ResponseCallback;
import org.eclipse.leshan.core.response.SendableResponse;

/**
 * The device's LwM2M client for one boot: one Leshan client holding the device's one object tree,
 * connected to any number of servers at once, each through its own endpoint ({@link #connect}). The
 * library's registration manager and bootstrap runner drive it; it never registers by itself.
 *
 * <p>Everything Leshan and Californium do runs on the OS layer's stack executor; requests are sent
 * asynchronously and answer through callbacks on that executor.
 */
public final class DeviceClient implements AutoCloseable {

    /** What the client tells the library, on the stack's threads; implementations post and return. */
    public interface Listener {

        /** Object instances were added or removed: registered servers need an Update with new links. */
        void objectLinksChanged();

        /**
         * The bootstrap server's Finish was answered and the answer has left.
         *
         * @param errors why the configuration was refused (the answer was 4.06), or empty if accepted
         */
        void bootstrapFinished(List<String> errors);

        /** {@code server} began observing {@code path} (its first Observe was answered with content). */
        default void observationStarted(LwM2mServer server, LwM2mPath path) {
        }

        /** {@code server}'s observation of {@code path} ended (cancelled with Observe=1 or RST, or failed). */
        default void observationStopped(LwM2mServer server, LwM2mPath path) {
        }
    }

    private final LwM2mOs os;
    private final OsTransport transport;
    private final MultiServerEndpoints endpoints;
    private final LeshanClient client;
    private final PassiveRegistrationEngine engine;

    /**
     * A client, started, with no server connected yet.
     *
     * @param endpointName the endpoint name (Leshan's; the library's requests name it themselves)
     * @param objects the object enablers ({@code ObjectRegistry})
     * @param consistency checks the configuration a bootstrap server left at Finish: errors, or empty
     * @param conInterval {@code coap_con_interval} of notifications, empty: always CON
     */
    public DeviceClient(LwM2mOs os, String endpointName, List<LwM2mObjectEnabler> objects, TransportTiming timing,
            Optional<Duration> conInterval, Supplier<List<String>> consistency, Listener listener) {
        this.os = Objects.requireNonNull(os, "os");
        Objects.requireNonNull(listener, "listener");
        this.transport = new OsTransport(os.network(), os.scheduler().stackExecutor(), conInterval,
                os.scheduler()::uptimeMillis);
        this.endpoints = new MultiServerEndpoints(OsTransport.newClientConfiguration(timing), os.scheduler().stackExecutor(),
                listener);
        AtomicReference<PassiveRegistrationEngine> created = new AtomicReference<>();
        RegistrationEngineFactory engines = (endpoint, objectTree, endpointsManager, requestSender, bootstrapHandler,
                observer, additionalAttributes, bsAdditionalAttributes, contentFormats, executor, linkFormatHelper) -> {
            created.set(new PassiveRegistrationEngine(endpoint, objectTree, requestSender, bootstrapHandler, contentFormats,
                    linkFormatHelper, listener::objectLinksChanged));
            return created.get();
        };
        // Leshan checks the initial tree too, before any bootstrap: only a Finish is judged.
        BootstrapConsistencyChecker checker = enablers -> null;
        this.client = new LeshanClientBuilder(endpointName) {
            @Override
            protected LeshanClient createLeshanClient(String endpoint, List<? extends LwM2mObjectEnabler> objectEnablers,
                    List<DataSender> dataSenders, List<Certificate> trustStore, RegistrationEngineFactory engineFactory,
                    BootstrapConsistencyChecker unusedChecker, Map<String, String> additionalAttributes,
                    Map<String, String> bsAdditionalAttributes, LwM2mEncoder encoder, LwM2mDecoder decoder,
                    java.util.concurrent.ScheduledExecutorService sharedExecutor, LinkSerializer linkSerializer,
                    LinkFormatHelper linkFormatHelper, LwM2mAttributeParser attributeParser,
                    LwM2mClientEndpointsProvider endpointsProvider) {
                return new LeshanClient(endpoint, objectEnablers, dataSenders, trustStore, engineFactory, checker,
                        additionalAttributes, bsAdditionalAttributes, encoder, decoder, sharedExecutor, linkSerializer,
                        linkFormatHelper, attributeParser, endpointsProvider) {
                    @Override
                    protected BootstrapHandler createBoostrapHandler(LwM2mObjectTree objectTree,
                            BootstrapConsistencyChecker ignored, LinkFormatHelper helper) {
                        return new FinishReportingBootstrapHandler(objectTree, helper, consistency, listener);
                    }
                };
            }
        }.setObjects(objects)
                .setDecoder(new StrictDecoder())
                .setEndpointsProviders(endpoints)
                .setRegistrationEngineFactory(engines)
                .setSharedExecutor(os.scheduler().stackExecutor())
                .build();
        this.engine = created.get();
        client.start();
    }

    /**
     * Connects to a server: a new endpoint (and, for coaps, a new DTLS session on first use) bound to
     * the target's PDN. Nothing is sent until a request is.
     *
     * @throws IllegalArgumentException if the target's URI and security mode do not go together
     * @throws IllegalStateException if the endpoint cannot be made or started
     */
    public ServerConnection connect(ServerTarget target) {
        ConnectionMonitor monitor = new ConnectionMonitor(os.scheduler()::uptimeMillis);
        Protocol protocol = target.address().secure() ? Protocol.COAPS : Protocol.COAP;
        LwM2mServer server = endpoints.connect(target.serverInfo(), transport.endpointFactory(protocol, target.pdnId(), monitor));
        return new ServerConnection(target, server, monitor, endpoints.coapEndpoint(server));
    }

    /** Ends a connection: its endpoint and DTLS state are dropped without a close_notify. */
    public void disconnect(ServerConnection connection) {
        engine.markDeregistered(connection.server());
        endpoints.disconnect(connection.server());
    }

    /**
     * Sends a request to a server; the outcome arrives on the stack executor.
     *
     * @param timeoutMillis Leshan's response timeout
     */
    public <T extends LwM2mResponse> void send(ServerConnection connection, UplinkRequest<T> request, long timeoutMillis,
            ResponseCallback<T> onResponse, ErrorCallback onError) {
        engine.sender().send(connection.server(), request, timeoutMillis, onResponse, onError);
    }

    /**
     * Lets {@code interceptor} see every message of every server's endpoint before Californium's stack
     * does (the firmware update raises the body limit of a push there).
     */
    public void intercept(org.eclipse.californium.core.network.interceptors.MessageInterceptor interceptor) {
        endpoints.addInterceptor(java.util.Objects.requireNonNull(interceptor, "interceptor"));
    }

    /** Tells Leshan a server is registered (it then accepts lifetime triggers for it) or not. */
    public void registered(ServerConnection connection, boolean registered) {
        if (registered) {
            engine.markRegistered(connection.server());
        } else {
            engine.markDeregistered(connection.server());
        }
    }

    /** The bootstrap session state the bootstrap server's requests go through. */
    public BootstrapHandler bootstrapHandler() {
        return engine.bootstrapHandler();
    }

    /** The object links Register and Update announce. */
    public Link[] objectLinks() {
        return engine.linkFormatHelper().getClientDescription(engine.objectTree().getObjectEnablers().values(), null,
                ContentFormat.getOptionalContentFormatForClient(engine.contentFormats(), LwM2mVersion.V1_1));
    }

    /** The content formats the client supports. */
    public Set<ContentFormat> contentFormats() {
        return engine.contentFormats();
    }

    /** Destroys the client: every endpoint, without de-registering. */
    @Override
    public void close() {
        client.destroy(false);
    }

    /** Leshan's bootstrap handler, telling the library when Finish has been answered. */
    private static final class FinishReportingBootstrapHandler extends BootstrapHandler {
        private final Listener listener;

        FinishReportingBootstrapHandler(LwM2mObjectTree tree, LinkFormatHelper helper, Supplier<List<String>> consistency,
                Listener listener) {
            super(tree.getObjectEnablers(), enablers -> {
                List<String> errors = consistency.get();
                return errors.isEmpty() ? null : errors;
            }, helper);
            this.listener = listener;
        }

        @Override
        public synchronized SendableResponse<BootstrapFinishResponse> finished(LwM2mServer server, BootstrapFinishRequest request) {
            SendableResponse<BootstrapFinishResponse> answer = super.finished(server, request);
            if (!isBootstrapping() || !server.isLwm2mBootstrapServer()) {
                return answer;
            }
            BootstrapFinishResponse response = answer.getResponse();
            List<String> errors = response.isSuccess() ? List.of() : List.of(String.valueOf(response.getErrorMessage()));
            return new SendableResponse<>(response, () -> {
                answer.sent();
                listener.bootstrapFinished(errors);
            });
        }
    }
}
