package io.carrieremu.core.transport;

import io.carrieremu.core.os.Datagram;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * What one connection to one server shows on the wire, for the library's decisions: when traffic last
 * passed (session idle timeout), whether the peer ever answered (no route vs. failed handshake), which
 * DTLS handshakes completed and with what cipher suite. It also lets the library act right after the
 * next datagram leaves (an answer that must reach the server before the connection is torn down) and
 * seal a connection whose job is done so nothing more leaves on its behalf.
 *
 * <p>Called from the network threads of the OS layer; every method is thread-safe.
 */
public final class ConnectionMonitor {

    private final LongSupplier uptimeMillis;
    private final Set<InetSocketAddress> answeredBy = ConcurrentHashMap.newKeySet();
    private final Map<InetSocketAddress, CipherSuite> established = new ConcurrentHashMap<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private final AtomicReference<Runnable> afterNextSent = new AtomicReference<>();
    private volatile Runnable onActivity = () -> { };
    private volatile long lastActivityMillis = -1;
    private volatile boolean sealed;

    /** @param uptimeMillis the OS uptime, for {@link #lastActivityMillis()} */
    public ConnectionMonitor(LongSupplier uptimeMillis) {
        this.uptimeMillis = uptimeMillis;
    }

    /** Runs {@code action} after every datagram sent or received (on a network thread; must not block). */
    public void onActivity(Runnable action) {
        this.onActivity = action;
    }

    /** Runs {@code action} once, right after the next datagram has been handed to the network. */
    public void runAfterNextSent(Runnable action) {
        afterNextSent.set(action);
    }

    /** From now on nothing is sent on this connection (sends fail as if the network refused them). */
    public void seal() {
        sealed = true;
    }

    /** False once {@link #seal()} was called. */
    boolean mayPass() {
        return !sealed;
    }

    void sent(Datagram datagram) {
        lastActivityMillis = uptimeMillis.getAsLong();
        onActivity.run();
        Runnable pending = afterNextSent.getAndSet(null);
        if (pending != null) {
            pending.run();
        }
    }

    void received(Datagram datagram) {
        answeredBy.add(datagram.peer());
        lastActivityMillis = uptimeMillis.getAsLong();
        onActivity.run();
    }

    void handshakeCompleted(InetSocketAddress peer, CipherSuite suite) {
        established.put(peer, suite);
        handshakes.incrementAndGet();
    }

    /** True if {@code peer} ever sent a datagram on this connection (it answered a handshake flight). */
    public boolean peerAnswered(InetSocketAddress peer) {
        return answeredBy.contains(peer);
    }

    /** The cipher suite of the last completed handshake with {@code peer}, if any. */
    public Optional<CipherSuite> negotiatedCipherSuite(InetSocketAddress peer) {
        return Optional.ofNullable(established.get(peer));
    }

    /** DTLS handshakes (full or resumed) completed on this connection. */
    public int handshakes() {
        return handshakes.get();
    }

    /** OS uptime of the last datagram sent or received, -1 before any. */
    public long lastActivityMillis() {
        return lastActivityMillis;
    }
}
