package io.carrieremu.core.os;

/** Gets the datagrams that arrive at a {@link DatagramEndpoint}; see {@link Network#openDatagram}. */
@FunctionalInterface
public interface DatagramReceiver {

    /**
     * A datagram arrived. Called on the backend's network thread, one datagram at a time; must not block.
     *
     * @param datagram the datagram and the peer it came from
     */
    void received(Datagram datagram);
}
