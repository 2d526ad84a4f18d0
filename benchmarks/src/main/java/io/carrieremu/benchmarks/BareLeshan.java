package io.carrieremu.benchmarks;

import io.carrieremu.core.transport.OsTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.leshan.client.LeshanClient;
import org.eclipse.leshan.client.LeshanClientBuilder;
import org.eclipse.leshan.client.californium.endpoint.CaliforniumClientEndpointsProvider;
import org.eclipse.leshan.client.californium.endpoint.coaps.CoapsClientProtocolProvider;
import org.eclipse.leshan.client.object.Device;
import org.eclipse.leshan.client.object.Security;
import org.eclipse.leshan.client.object.Server;
import org.eclipse.leshan.client.observer.LwM2mClientObserverAdapter;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.SecurityMode;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.LeshanServerBuilder;
import org.eclipse.leshan.server.bootstrap.BootstrapConfig;
import org.eclipse.leshan.server.bootstrap.InMemoryBootstrapConfigStore;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServer;
import org.eclipse.leshan.server.bootstrap.LeshanBootstrapServerBuilder;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.CaliforniumBootstrapServerEndpointsProvider;
import org.eclipse.leshan.server.californium.bootstrap.endpoint.coaps.CoapsBootstrapServerProtocolProvider;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpointsProvider;
import org.eclipse.leshan.server.californium.endpoint.coaps.CoapsServerProtocolProvider;
import org.eclipse.leshan.server.security.BootstrapSecurityStoreAdapter;
import org.eclipse.leshan.server.security.InMemorySecurityStore;
import org.eclipse.leshan.server.security.SecurityInfo;

/**
 * The baseline: plain Leshan 2.0.0-M15 on Californium/Scandium 3.12 in this JVM, on loopback UDP and
 * real time — a bootstrap server, a DM server and, per run, a new client that bootstraps (or, for the
 * second-boot baseline, goes straight to the DM server) and registers. Same PSK cipher suites as the
 * library, so the handshakes cost the same.
 */
final class BareLeshan implements AutoCloseable {

    private static final byte[] KEY = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    private final InMemorySecurityStore dmSecurity = new InMemorySecurityStore();
    private final InMemorySecurityStore bootstrapSecurity = new InMemorySecurityStore();
    private final InMemoryBootstrapConfigStore configs = new InMemoryBootstrapConfigStore();
    private final LeshanServer dm;
    private final LeshanBootstrapServer bootstrap;
    private final URI dmUri;
    private final URI bootstrapUri;
    private int clients;

    BareLeshan() {
        dm = new LeshanServerBuilder()
                .setEndpointsProviders(new CaliforniumServerEndpointsProvider.Builder(new CoapsServerProtocolProvider())
                        .setConfiguration(BareLeshan::suites)
                        .addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Protocol.COAPS).build())
                .setSecurityStore(dmSecurity)
                .disableQueueModeSupport()
                .build();
        dm.start();
        dmUri = dm.getEndpoint(Protocol.COAPS).getURI();
        BootstrapSecurityStoreAdapter adapter = new BootstrapSecurityStoreAdapter(bootstrapSecurity);
        bootstrap = new LeshanBootstrapServerBuilder()
                .setEndpointsProviders(new CaliforniumBootstrapServerEndpointsProvider.Builder(new CoapsBootstrapServerProtocolProvider())
                        .setConfiguration(BareLeshan::suites)
                        .addEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Protocol.COAPS).build())
                .setSecurityStore(adapter)
                .setConfigStore(configs)
                .build();
        bootstrap.start();
        bootstrapUri = bootstrap.getEndpoint(Protocol.COAPS).getURI();
    }

    private static void suites(Configuration configuration) {
        configuration.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        configuration.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, OsTransport.NRF91_PSK_CIPHER_SUITES.toArray(CipherSuite[]::new));
    }

    /**
     * One client from start to registered.
     *
     * @param viaBootstrap true: bootstrap first (a first boot); false: register straight away (a later boot)
     * @return the wall time in nanoseconds
     */
    long run(boolean viaBootstrap) throws Exception {
        String endpoint = "bare-" + (++clients);
        dmSecurity.add(SecurityInfo.newPreSharedKeyInfo(endpoint, endpoint, KEY));
        bootstrapSecurity.add(SecurityInfo.newPreSharedKeyInfo(endpoint, endpoint, KEY));
        BootstrapConfig config = new BootstrapConfig();
        config.toDelete = List.of("/0", "/1");
        BootstrapConfig.ServerSecurity security = new BootstrapConfig.ServerSecurity();
        security.uri = dmUri.toString();
        security.securityMode = SecurityMode.PSK;
        security.publicKeyOrId = endpoint.getBytes(StandardCharsets.UTF_8);
        security.secretKey = KEY;
        security.serverId = 102;
        config.security.put(1, security);
        BootstrapConfig.ServerConfig server = new BootstrapConfig.ServerConfig();
        server.shortId = 102;
        server.lifetime = 86400;
        server.binding = EnumSet.of(BindingMode.U);
        config.servers.put(0, server);
        configs.add(endpoint, config);

        ObjectsInitializer objects = new ObjectsInitializer();
        if (viaBootstrap) {
            objects.setInstancesForObject(0, Security.pskBootstrap(bootstrapUri.toString(), endpoint.getBytes(StandardCharsets.UTF_8), KEY));
            objects.setClassForObject(1, Server.class);
        } else {
            objects.setInstancesForObject(0, Security.psk(dmUri.toString(), 102, endpoint.getBytes(StandardCharsets.UTF_8), KEY));
            objects.setInstancesForObject(1, new Server(102, 86400));
        }
        objects.setInstancesForObject(3, new Device("bench", "bench", endpoint));
        CaliforniumClientEndpointsProvider.Builder endpoints = new CaliforniumClientEndpointsProvider.Builder(new CoapsClientProtocolProvider());
        Configuration configuration = endpoints.createDefaultConfiguration();
        suites(configuration);
        endpoints.setConfiguration(configuration);
        CountDownLatch registered = new CountDownLatch(1);
        LeshanClient client = new LeshanClientBuilder(endpoint).setObjects(objects.createAll())
                .setEndpointsProviders(endpoints.build()).build();
        client.addObserver(new LwM2mClientObserverAdapter() {
            @Override
            public void onRegistrationSuccess(LwM2mServer server, RegisterRequest request, String registrationID) {
                registered.countDown();
            }
        });
        long started = System.nanoTime();
        client.start();
        boolean done = registered.await(30, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - started;
        client.destroy(false);
        if (!done) {
            throw new IllegalStateException("the bare Leshan client did not register");
        }
        return elapsed;
    }

    @Override
    public void close() {
        bootstrap.destroy();
        dm.destroy();
    }
}
