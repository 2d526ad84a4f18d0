package io.carrieremu.os.jvm.download;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.DownloadConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP(S) download with {@link HttpClient}: {@code Range: bytes=<offset>-} when resuming, which only a
 * {@code 206} with a matching {@code Content-Range} satisfies (a {@code 200} to a ranged request is a
 * protocol error, {@code EBADMSG}, as the nRF client treats it); the body in fragments; a watchdog
 * for a silent server.
 */
final class HttpDownload {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDownload.class);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    private HttpDownload() {
    }

    static void run(URI uri, DownloadConfig config, long offset, DownloadSession session, DownloadOptions options,
            DownloadCredentials credentials, ScheduledExecutorService watchdog) {
        Errno failure = null;
        boolean stopped = false;
        try {
            stopped = !download(uri, config, offset, session, options, credentials, watchdog);
        } catch (DownloadSession.Stop e) {
            LOG.warn("download of {} failed: {}", uri, e.getMessage());
            failure = e.errno;
        }
        if (stopped || session.cancelled()) {
            session.closed();
        } else {
            session.finish(failure);
        }
    }

    /** @return true when the whole file was delivered, false when the listener or a cancel stopped it */
    private static boolean download(URI uri, DownloadConfig config, long offset, DownloadSession session,
            DownloadOptions options, DownloadCredentials credentials, ScheduledExecutorService watchdog)
            throws DownloadSession.Stop {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.connectTimeout());
        if (uri.getScheme().equalsIgnoreCase("https")) {
            builder.sslContext(sslContext(config.secTags(), credentials));
        }
        HttpClient client = builder.build();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(options.readTimeout());
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        CompletableFuture<HttpResponse<InputStream>> pending = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        session.abortWith(() -> pending.cancel(true));
        HttpResponse<InputStream> response;
        try {
            response = pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadSession.Stop(Errno.EIO, "interrupted");
        } catch (java.util.concurrent.CancellationException e) {
            return false;
        } catch (ExecutionException e) {
            if (session.cancelled()) {
                return false;
            }
            throw stop(e.getCause());
        }
        InputStream body = response.body();
        session.abortWith(body);
        try (body) {
            long total = expectTotal(response, offset);
            if (total >= 0) {
                session.fileSize(total);
            }
            return stream(body, offset, total, session, options, watchdog);
        } catch (IOException e) {
            if (session.cancelled()) {
                return false;
            }
            throw stop(e);
        }
    }

    /** Checks the status and range; returns the whole file's size, or -1 if unknown. */
    private static long expectTotal(HttpResponse<?> response, long offset) throws DownloadSession.Stop {
        int status = response.statusCode();
        Optional<String> range = response.headers().firstValue("Content-Range");
        if (status == 206) {
            Matcher m = range.map(CONTENT_RANGE::matcher).filter(Matcher::matches).orElseThrow(() ->
                    new DownloadSession.Stop(Errno.EBADMSG, "206 without a valid Content-Range"));
            long start = Long.parseLong(m.group(1));
            if (start != offset) {
                throw new DownloadSession.Stop(Errno.EBADMSG, "Content-Range starts at " + start + ", asked for " + offset);
            }
            return m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        }
        if (status == 200 && offset == 0) {
            OptionalLong length = response.headers().firstValueAsLong("Content-Length");
            return length.isPresent() ? length.getAsLong() : -1;
        }
        if (status == 200) {
            throw new DownloadSession.Stop(Errno.EBADMSG, "server did not honour the range request (200 instead of 206)");
        }
        throw new DownloadSession.Stop(Errno.EBADMSG, "HTTP status " + status);
    }

    private static boolean stream(InputStream body, long offset, long total, DownloadSession session, DownloadOptions options,
            ScheduledExecutorService watchdog) throws IOException, DownloadSession.Stop {
        long position = offset;
        byte[] buffer = new byte[options.httpFragmentSize()];
        boolean[] silent = {false};
        while (true) {
            ScheduledFuture<?> timer = watchdog.schedule(() -> {
                silent[0] = true;
                DownloadSession.closeQuietly(body);
            }, options.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
            int filled;
            try {
                filled = body.readNBytes(buffer, 0, buffer.length);
            } catch (IOException e) {
                if (silent[0]) {
                    throw new DownloadSession.Stop(Errno.ETIMEDOUT, "no data for " + options.readTimeout().toMillis() + " ms");
                }
                throw e;
            } finally {
                timer.cancel(false);
            }
            if (filled > 0) {
                position += filled;
                if (!session.fragment(java.util.Arrays.copyOf(buffer, filled))) {
                    return false;
                }
            }
            if (filled < buffer.length) {
                if (total >= 0 && position != total) {
                    throw new DownloadSession.Stop(Errno.EIO, "connection closed at byte " + position + " of " + total);
                }
                return true;
            }
        }
    }

    private static DownloadSession.Stop stop(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return new DownloadSession.Stop(Errno.ECONNREFUSED, "TLS refused: " + t.getMessage());
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new DownloadSession.Stop(Errno.ETIMEDOUT, "connecting timed out");
            }
            if (t instanceof HttpTimeoutException) {
                return new DownloadSession.Stop(Errno.ETIMEDOUT, "no answer in time");
            }
            if (t instanceof ConnectException) {
                return new DownloadSession.Stop(Errno.ECONNREFUSED, "connection refused: " + t.getMessage());
            }
            if (t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return new DownloadSession.Stop(Errno.EHOSTUNREACH, "no route: " + t.getMessage());
            }
        }
        return new DownloadSession.Stop(Errno.EIO, String.valueOf(cause));
    }

    /** Trust exactly the CA certificates of the sec tags; with no tags, the JVM's default trust. */
    private static SSLContext sslContext(List<Integer> secTags, DownloadCredentials credentials) throws DownloadSession.Stop {
        try {
            if (secTags.isEmpty()) {
                return SSLContext.getDefault();
            }
            List<X509Certificate> certificates = credentials.trustedCertificates(secTags);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                trust.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new DownloadSession.Stop(Errno.ECONNREFUSED, "no usable CA certificate in sec tags " + secTags + ": " + e.getMessage());
        }
    }
}
