package io.carrieremu.core.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * CoAP and DTLS retransmission timing. The timers run on the OS layer's stack executor: real time on a
 * gateway, virtual time in the simulator, where the standard timing therefore costs no wall time.
 * {@link #COMPRESSED} is for real-time runs on loopback (the JVM backend's tests).
 *
 * @param ackTimeout CoAP ACK_TIMEOUT
 * @param maxRetransmit CoAP MAX_RETRANSMIT
 * @param exchangeLifetime CoAP EXCHANGE_LIFETIME (set with the others; it is not derived from them)
 * @param dtlsRetransmissionTimeout initial DTLS handshake retransmission timeout
 * @param dtlsMaxRetransmissions DTLS handshake retransmissions
 */
public record TransportTiming(Duration ackTimeout, int maxRetransmit, Duration exchangeLifetime,
        Duration dtlsRetransmissionTimeout, int dtlsMaxRetransmissions) {

    /** RFC 7252 / Scandium defaults, as a device on a real network uses them. */
    public static final TransportTiming STANDARD = new TransportTiming(Duration.ofSeconds(2), 4, Duration.ofSeconds(247),
            Duration.ofSeconds(2), 4);

    /** Compressed for real-time runs on loopback: a dead peer is given up after about 1.4 s. */
    public static final TransportTiming COMPRESSED = new TransportTiming(Duration.ofMillis(200), 2, Duration.ofSeconds(3),
            Duration.ofMillis(200), 2);

    /** Checks the components and copies mutable ones. */
    public TransportTiming {
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(exchangeLifetime, "exchangeLifetime");
        Objects.requireNonNull(dtlsRetransmissionTimeout, "dtlsRetransmissionTimeout");
    }
}
