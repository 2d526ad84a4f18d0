package io.carrieremu.core.os;

import java.net.InetSocketAddress;

/**
 * Datagram transport and name resolution for the core's CoAP/DTLS endpoints. Traffic goes through the
 * backend so it can route, gate or fail it exactly as a modem would: on a real modem packets flow only
 * while the radio is attached and the PDN is active.
 */
public interface Network {

    /** Use the default PDN (context 0) in {@link #openDatagram}. */
    int DEFAULT_PDN = -1;

    /**
     * Resolves a host name ({@code getaddrinfo} on the PDN). A backend may map a name and port to another
     * address and port (the simulator sends carriers' live hosts to local servers this way).
     *
     * @param family {@code IPV4} or {@code IPV6} to restrict the answer, {@code IPV4V6} for either
     * @throws OsException {@code EHOSTUNREACH} the name does not resolve, {@code ENETDOWN} no link to ask on
     */
    InetSocketAddress resolve(String host, int port, PdnFamily family) throws OsException;

    /**
     * Opens a datagram endpoint bound to a PDN. Opening works while offline; sending does not.
     * Datagrams that arrive are handed to {@code receiver}, one at a time, in arrival order, on the
     * backend's network thread ({@link Scheduler#stackExecutor()} or a receive thread of its own); the
     * receiver must not block. Nothing arrives after {@link DatagramEndpoint#close()} returns.
     *
     * @param pdnId a PDN id from {@link Pdn#pdnId}, or {@link #DEFAULT_PDN}
     * @param receiver gets every datagram that arrives
     * @throws OsException {@code EINVAL} unknown PDN id, {@code ENOMEM} no socket left
     */
    DatagramEndpoint openDatagram(int pdnId, PdnFamily family, DatagramReceiver receiver) throws OsException;
}
