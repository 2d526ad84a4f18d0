package io.carrieremu.os.jvm.download;

import io.carrieremu.core.transport.TransportTiming;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link JvmDownloadClient}; the defaults are the nRF download client's.
 *
 * @param httpFragmentSize bytes per HTTP fragment event (nRF: 2048)
 * @param coapBlockSize CoAP block2 size, a power of two 16..1024 (nRF: 512)
 * @param connectTimeout how long connecting may take
 * @param readTimeout how long the server may stay silent during a download (nRF: 30 s)
 * @param coapTiming CoAP retransmission and DTLS handshake timing
 * @param maxUriLength the longest URI accepted ({@code E2BIG} beyond)
 */
public record DownloadOptions(int httpFragmentSize, int coapBlockSize, Duration connectTimeout, Duration readTimeout,
        TransportTiming coapTiming, int maxUriLength) {

    /** The nRF download client's defaults, standard CoAP timing, URIs up to 1024 characters. */
    public static final DownloadOptions DEFAULTS = new DownloadOptions(2048, 512, Duration.ofSeconds(30),
            Duration.ofSeconds(30), TransportTiming.STANDARD, 1024);

    /** Validates. */
    public DownloadOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(coapTiming, "coapTiming");
        if (httpFragmentSize < 128) {
            throw new IllegalArgumentException("fragments of at least 128 bytes");
        }
        if (coapBlockSize < 16 || coapBlockSize > 1024 || Integer.bitCount(coapBlockSize) != 1) {
            throw new IllegalArgumentException("a CoAP block size is a power of two 16..1024");
        }
    }

    /** These options with other timeouts and CoAP timing (tests, compressed real-time runs). */
    public DownloadOptions withTiming(Duration connect, Duration read, TransportTiming coap) {
        return new DownloadOptions(httpFragmentSize, coapBlockSize, connect, read, coap, maxUriLength);
    }
}
