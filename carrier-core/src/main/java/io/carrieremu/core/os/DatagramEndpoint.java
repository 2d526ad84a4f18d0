package io.carrieremu.core.os;

import java.net.InetSocketAddress;

/**
 * A datagram socket bound to a PDN, opened with {@link Network#openDatagram}; what arrives goes to the
 * {@link DatagramReceiver} given there. Sending is safe from any thread.
 */
public interface DatagramEndpoint extends AutoCloseable {

    /** The local address and port. */
    InetSocketAddress localAddress();

    /** The largest payload {@link #send} accepts. */
    int maxPayloadSize();

    /**
     * Sends one datagram; returns once it is handed to the network (not when it arrives).
     *
     * @throws OsException {@code ENETDOWN} the radio is not attached or the PDN is inactive,
     *     {@code ENETUNREACH}/{@code EHOSTUNREACH} no route to the peer, {@code E2BIG} payload larger
     *     than {@link #maxPayloadSize()}, {@code ECANCELED} the endpoint is closed; nothing was sent
     */
    void send(Datagram datagram) throws OsException;

    /** Closes the endpoint; nothing is delivered to its receiver afterwards. Closing twice is harmless. */
    @Override
    void close();
}
