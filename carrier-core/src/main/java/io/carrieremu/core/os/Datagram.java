package io.carrieremu.core.os;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * One datagram and its peer: the destination when sending, the source when received.
 *
 * @param peer the other end
 * @param data the payload (copied in and out)
 */
public record Datagram(InetSocketAddress peer, byte[] data) {

    /** Checks the components and copies mutable ones. */
    public Datagram {
        Objects.requireNonNull(peer, "peer");
        data = data.clone();
    }
    /** A copy of {@code data}. */

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The payload size in bytes. */
    public int length() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Datagram other && peer.equals(other.peer) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return peer.hashCode() * 31 + Arrays.hashCode(data);
    }

    /** Metadata only: payloads may carry keys in handshakes. */
    @Override
    public String toString() {
        return "Datagram[" + peer + ", " + data.length + " bytes]";
    }
}
