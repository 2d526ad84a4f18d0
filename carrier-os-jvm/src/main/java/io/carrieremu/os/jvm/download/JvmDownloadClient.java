package io.carrieremu.os.jvm.download;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.DownloadClient;
import io.carrieremu.core.os.DownloadConfig;
import io.carrieremu.core.os.DownloadListener;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.os.jvm.network.HostNetwork;
import io.carrieremu.os.jvm.scheduler.DaemonThreads;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DownloadClient} for real servers: HTTP(S) with {@code java.net.http.HttpClient} and range
 * requests, CoAP(S) with Californium's {@code CoapClient} and block2. One download at a time, each on a
 * daemon thread of its own ("the client's own thread"), which also delivers the events unless an
 * {@link Executor} was given: then events are handed to it in order (it must run them in submission
 * order, e.g. one thread or a work queue) and the download waits for each fragment's verdict.
 *
 * <p>TLS and DTLS trust come from the download's sec tags through {@link DownloadCredentials} (CA
 * certificates from {@code ROOT_CA_CERT}, a PSK for CoAPS); an HTTPS download with no sec tags uses the
 * JVM's default trust. A certificate the tags do not vouch for refuses the connection:
 * {@code Failed(ECONNREFUSED)}. Other failures: {@code EBADMSG} protocol errors (HTTP status other than
 * 200/206, a 200 to a ranged request, a CoAP code other than 2.05, a block out of order),
 * {@code ETIMEDOUT} a silent server, {@code EHOSTUNREACH} no route or name, {@code EIO} a connection that
 * ended early (resume from the bytes received). The PDN id of the configuration is not used: downloads
 * go through the host's network; the address family is honoured for CoAP name resolution.
 */
public final class JvmDownloadClient implements DownloadClient {

    private static final Logger LOG = LoggerFactory.getLogger(JvmDownloadClient.class);

    private final DownloadCredentials credentials;
    private final Network network;
    private final DownloadOptions options;
    private final Executor events;
    private final ScheduledExecutorService watchdog;
    private DownloadSession running;
    private volatile OptionalLong fileSize = OptionalLong.empty();

    /**
     * A client delivering events on its own download thread.
     *
     * @param credentials what sec tags stand for
     * @param network resolves CoAP host names (so host mappings apply)
     */
    public JvmDownloadClient(DownloadCredentials credentials, Network network, DownloadOptions options) {
        this(credentials, network, options, null);
    }

    /**
     * A client delivering events through {@code events} (e.g. a simulated device's thread).
     *
     * @param events runs the listener's calls in submission order; null for the download thread
     */
    public JvmDownloadClient(DownloadCredentials credentials, Network network, DownloadOptions options, Executor events) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.network = Objects.requireNonNull(network, "network");
        this.options = Objects.requireNonNull(options, "options");
        this.events = events;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, new DaemonThreads("download-watchdog"));
        timer.setRemoveOnCancelPolicy(true);
        this.watchdog = timer;
    }

    /** A client with default options on the host's network. */
    public JvmDownloadClient(DownloadCredentials credentials) {
        this(credentials, HostNetwork.create(), DownloadOptions.DEFAULTS);
    }

    /**
     * Starts the download on a new thread and returns at once.
     *
     * @throws OsException {@code EINVAL} malformed URI or no host, {@code ENOTSUP} a scheme other than
     *     http, https, coap, coaps, {@code E2BIG} a URI longer than {@link DownloadOptions#maxUriLength()},
     *     {@code EBUSY} a download is running; no event follows any of these
     */
    @Override
    public void start(String uri, DownloadConfig config, long offset, DownloadListener listener) throws OsException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        URI parsed = check(uri, offset, options);
        boolean http = parsed.getScheme().toLowerCase(Locale.ROOT).startsWith("http");
        DownloadSession session;
        synchronized (this) {
            if (running != null) {
                throw new OsException(Errno.EBUSY, "a download is running");
            }
            fileSize = OptionalLong.empty();
            DownloadSession[] self = new DownloadSession[1];
            session = new DownloadSession(event -> {
                if (event instanceof io.carrieremu.core.os.DownloadEvent.Closed) {
                    finished(self[0]);
                }
                return listener.onEvent(event);
            }, events, size -> fileSize = OptionalLong.of(size));
            self[0] = session;
            running = session;
        }
        Thread thread = DaemonThreads.thread("download " + parsed.getHost(), () -> {
            try {
                if (http) {
                    HttpDownload.run(parsed, config, offset, session, options, credentials, watchdog);
                } else {
                    CoapDownload.run(parsed, config, offset, session, options, credentials, network);
                }
            } catch (RuntimeException | Error e) {
                // Whatever broke, the listener still gets its end: Failed(EIO), Closed.
                LOG.error("download of {} broke", parsed, e);
                session.finish(Errno.EIO);
            }
        });
        thread.start();
    }

    /**
     * What {@link #start} checks before anything runs: the URI parses, its scheme is http, https, coap or
     * coaps, it names a host and fits {@code options}, the offset is not negative.
     *
     * @return the parsed URI
     * @throws OsException {@code EINVAL}, {@code ENOTSUP} or {@code E2BIG} as {@link #start} does
     */
    public static URI check(String uri, long offset, DownloadOptions options) throws OsException {
        Objects.requireNonNull(uri, "uri");
        if (offset < 0) {
            throw new OsException(Errno.EINVAL, "negative offset " + offset);
        }
        if (uri.length() > options.maxUriLength()) {
            throw new OsException(Errno.E2BIG, "URI of " + uri.length() + " characters");
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new OsException(Errno.EINVAL, "malformed URI: " + e.getReason());
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("coap") && !scheme.equals("coaps")) {
            throw new OsException(Errno.ENOTSUP, "unsupported scheme '" + scheme + "'");
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw new OsException(Errno.EINVAL, "URI without host");
        }
        return parsed;
    }

    private synchronized void finished(DownloadSession session) {
        if (running == session) {
            running = null;
        }
    }

    /** Cancels the running download; {@code Closed} follows on the download's thread (no Done/Failed). */
    @Override
    public void disconnect() {
        DownloadSession session;
        synchronized (this) {
            session = running;
        }
        if (session != null) {
            session.cancel();
        }
    }

    @Override
    public OptionalLong fileSize() {
        return fileSize;
    }

    /** True while a download runs (until its {@code Closed} is being delivered). */
    public synchronized boolean isRunning() {
        return running != null;
    }

    /** Cancels any download and stops the watchdog thread. */
    public void close() {
        disconnect();
        watchdog.shutdownNow();
    }
}
