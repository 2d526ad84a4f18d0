package io.carrieremu.os.jvm.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.os.DownloadConfig;
import io.carrieremu.core.os.DownloadEvent;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.os.jvm.credential.CredentialStore;
import io.carrieremu.os.jvm.network.HostNetwork;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP(S) downloads against the JDK's own HttpServer/HttpsServer on loopback. */
class HttpDownloadTest {

    private static final byte[] FILE = new byte[10_000];
    private static final DownloadConfig PLAIN = new DownloadConfig(List.of(), Network.DEFAULT_PDN, PdnFamily.IPV4V6);

    static {
        for (int i = 0; i < FILE.length; i++) {
            FILE[i] = (byte) (i * 7 + i / 256);
        }
    }

    @TempDir
    Path temp;

    /** What the server does with the next requests. */
    private enum Mode { HONOUR_RANGE, IGNORE_RANGE, DROP_AFTER_4096, STALL_AFTER_2048 }

    private volatile Mode mode = Mode.HONOUR_RANGE;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private CredentialStore store;
    private JvmDownloadClient client;

    @BeforeEach
    void start() throws Exception {
        store = CredentialStore.open(temp);
        client = new JvmDownloadClient(DownloadCredentials.from(store), HostNetwork.create(),
                DownloadOptions.DEFAULTS.withTiming(Duration.ofSeconds(5), Duration.ofMillis(1500), DownloadOptions.DEFAULTS.coapTiming()));
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(HttpServer http, String scheme) {
        server = http;
        server.createContext("/fw/app.bin", this::handle);
        server.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        return scheme + "://localhost:" + server.getAddress().getPort();
    }

    private String http() throws IOException {
        return serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
    }

    private String https(TestCa ca) throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext()));
        return serve(https, "https");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(String.valueOf(range));
        int start = 0;
        if (range != null && mode != Mode.IGNORE_RANGE) {
            start = Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            exchange.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (FILE.length - 1) + "/" + FILE.length);
            exchange.sendResponseHeaders(206, FILE.length - start);
        } else {
            exchange.sendResponseHeaders(200, FILE.length);
        }
        try (OutputStream out = exchange.getResponseBody()) {
            switch (mode) {
                case DROP_AFTER_4096 -> {
                    out.write(FILE, start, 4096);
                    out.flush();
                    mode = Mode.HONOUR_RANGE;
                    exchange.getHttpContext().getServer().stop(0);
                }
                case STALL_AFTER_2048 -> {
                    out.write(FILE, start, 2048);
                    out.flush();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                default -> out.write(FILE, start, FILE.length - start);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    @Test
    void fragmentsArriveInOrderOnTheClientsThreadThenDoneAndClosed() throws Exception {
        String base = http();
        RecordingListener listener = new RecordingListener();
        client.start(base + "/fw/app.bin", PLAIN, 0, listener);
        listener.awaitClosed();
        assertThat(listener.received()).isEqualTo(FILE);
        assertThat(listener.ending()).containsExactly(new DownloadEvent.Done(), new DownloadEvent.Closed());
        assertThat(listener.events.stream().filter(e -> e instanceof DownloadEvent.Fragment)).hasSize(5);
        assertThat(listener.threads).allMatch(name -> name.startsWith("download "));
        assertThat(client.fileSize()).hasValue(FILE.length);
        assertThat(ranges).containsExactly("null");
    }

    @Test
    void aDownloadResumesWithARangeAfterTheServerDropped() throws Exception {
        mode = Mode.DROP_AFTER_4096;
        String base = http();
        int port = server.getAddress().getPort();
        RecordingListener first = new RecordingListener();
        client.start(base + "/fw/app.bin", PLAIN, 0, first);
        first.awaitClosed();
        assertThat(first.ending()).containsExactly(new DownloadEvent.Failed(Errno.EIO), new DownloadEvent.Closed());
        byte[] head = first.received();
        assertThat(head.length).isLessThanOrEqualTo(4096);
        assertThat(head).isEqualTo(Arrays.copyOf(FILE, head.length));

        HttpServer again = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        serve(again, "http");
        RecordingListener second = new RecordingListener();
        client.start(base + "/fw/app.bin", PLAIN, head.length, second);
        second.awaitClosed();
        assertThat(second.ending()).containsExactly(new DownloadEvent.Done(), new DownloadEvent.Closed());
        byte[] whole = new byte[FILE.length];
        System.arraycopy(head, 0, whole, 0, head.length);
        System.arraycopy(second.received(), 0, whole, head.length, FILE.length - head.length);
        assertThat(head.length + second.received().length).isEqualTo(FILE.length);
        assertThat(whole).isEqualTo(FILE);
        assertThat(ranges).last().isEqualTo("bytes=" + head.length + "-");
        assertThat(client.fileSize()).hasValue(FILE.length);
    }

    @Test
    void aRangedRequestAnswered200IsRefusedAsTheVendorClientDoes() throws Exception {
        mode = Mode.IGNORE_RANGE;
        String base = http();
        RecordingListener listener = new RecordingListener();
        client.start(base + "/fw/app.bin", PLAIN, 4096, listener);
        listener.awaitClosed();
        assertThat(listener.events).containsExactly(new DownloadEvent.Failed(Errno.EBADMSG), new DownloadEvent.Closed());
        assertThat(ranges).containsExactly("bytes=4096-");
    }

    @Test
    void anHttpErrorStatusIsAProtocolError() throws Exception {
        String base = http();
        RecordingListener listener = new RecordingListener();
        client.start(base + "/missing", PLAIN, 0, listener);
        listener.awaitClosed();
        assertThat(listener.events).containsExactly(new DownloadEvent.Failed(Errno.EBADMSG), new DownloadEvent.Closed());
    }

    @Test
    void httpsTrustsTheCaOfTheSecTag() throws Exception {
        TestCa ca = TestCa.create("Test Repository CA");
        String base = https(ca);
        store.put(11, Credential.rootCa(ca.pem()));
        RecordingListener listener = new RecordingListener();
        client.start(base + "/fw/app.bin", new DownloadConfig(List.of(11), Network.DEFAULT_PDN, PdnFamily.IPV4V6), 0, listener);
        listener.awaitClosed();
        assertThat(listener.received()).isEqualTo(FILE);
        assertThat(listener.ending()).containsExactly(new DownloadEvent.Done(), new DownloadEvent.Closed());
    }

    @Test
    void httpsWithACertificateTheSecTagDoesNotVouchForIsRefused() throws Exception {
        String base = https(TestCa.create("Server CA"));
        store.put(11, Credential.rootCa(TestCa.create("Some Other CA").pem()));
        RecordingListener listener = new RecordingListener();
        client.start(base + "/fw/app.bin", new DownloadConfig(List.of(11), Network.DEFAULT_PDN, PdnFamily.IPV4V6), 0, listener);
        listener.awaitClosed();
        assertThat(listener.events).containsExactly(new DownloadEvent.Failed(Errno.ECONNREFUSED), new DownloadEvent.Closed());

        RecordingListener noCa = new RecordingListener();
        client.start(base + "/fw/app.bin", new DownloadConfig(List.of(12), Network.DEFAULT_PDN, PdnFamily.IPV4V6), 0, noCa);
        noCa.awaitClosed();
        assertThat(noCa.events).as("a tag without CA").containsExactly(new DownloadEvent.Failed(Errno.ECONNREFUSED), new DownloadEvent.Closed());
    }

    @Test
    void theListenerCanStopTheDownload() throws Exception {
        String base = http();
        RecordingListener listener = new RecordingListener(received -> received < 4096);
        client.start(base + "/fw/app.bin", PLAIN, 0, listener);
        listener.awaitClosed();
        assertThat(listener.received()).hasSize(4096);
        assertThat(listener.ending()).containsExactly(new DownloadEvent.Closed());
    }

    @Test
    void disconnectClosesWithoutDoneAndASilentServerTimesOut() throws Exception {
        mode = Mode.STALL_AFTER_2048;
        String base = http();
        CountDownLatch firstFragment = new CountDownLatch(1);
        RecordingListener listener = new RecordingListener(received -> {
            firstFragment.countDown();
            return true;
        });
        client.start(base + "/fw/app.bin", PLAIN, 0, listener);
        assertThat(firstFragment.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> client.start(base + "/fw/app.bin", PLAIN, 0, new RecordingListener()))
                .isInstanceOfSatisfying(OsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
        client.disconnect();
        listener.awaitClosed();
        assertThat(listener.ending()).containsExactly(new DownloadEvent.Closed());

        mode = Mode.STALL_AFTER_2048;
        RecordingListener silent = new RecordingListener();
        client.start(base + "/fw/app.bin", PLAIN, 0, silent);
        silent.awaitClosed();
        assertThat(silent.ending()).containsExactly(new DownloadEvent.Failed(Errno.ETIMEDOUT), new DownloadEvent.Closed());
    }

    @Test
    void eventsGoThroughTheGivenExecutor() throws Exception {
        String base = http();
        ExecutorService application = Executors.newSingleThreadExecutor(r -> new Thread(r, "application"));
        JvmDownloadClient onExecutor = new JvmDownloadClient(DownloadCredentials.from(store), HostNetwork.create(),
                DownloadOptions.DEFAULTS, application);
        try {
            RecordingListener listener = new RecordingListener();
            onExecutor.start(base + "/fw/app.bin", PLAIN, 0, listener);
            listener.awaitClosed();
            assertThat(listener.received()).isEqualTo(FILE);
            assertThat(listener.threads).containsOnly("application");
        } finally {
            onExecutor.close();
            application.shutdownNow();
        }
    }

    @Test
    void badRequestsAreRefusedBeforeAnyEvent() {
        AtomicReference<DownloadEvent> any = new AtomicReference<>();
        assertThatThrownBy(() -> client.start("ftp://host/fw.bin", PLAIN, 0, e -> any.compareAndSet(null, e)))
                .isInstanceOfSatisfying(OsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOTSUP));
        assertThatThrownBy(() -> client.start("http:///fw.bin", PLAIN, 0, e -> any.compareAndSet(null, e)))
                .isInstanceOfSatisfying(OsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThatThrownBy(() -> client.start("http://host/" + "x".repeat(2000), PLAIN, 0, e -> any.compareAndSet(null, e)))
                .isInstanceOfSatisfying(OsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.E2BIG));
        assertThatThrownBy(() -> client.start("http://host/a b", PLAIN, 0, e -> any.compareAndSet(null, e)))
                .isInstanceOfSatisfying(OsException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
        assertThat(any).hasValue(null);
    }
}
