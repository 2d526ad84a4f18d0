package io.carrieremu.core.os;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * A datagram socket bound to a PDN, opened with {@link Network#openDatagram}. One thread may send while
 * another receives.
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

    /**
     * Waits for the next datagram. The timeout is wall-clock time, like CoAP/DTLS retransmission timers,
     * in every backend.
     *
     * @param timeout how long to wait; zero waits forever
     * @return the datagram, or empty if none arrived in time
     * @throws OsException {@code ECANCELED} the endpoint is (or gets) closed — a blocked receive returns
     *     this way; {@code EIO} the transport failed
     */
    Optional<Datagram> receive(Duration timeout) throws OsException;

    /** Closes the endpoint and wakes a blocked {@link #receive}. Closing twice is harmless. */
    @Override
    void close();
}
