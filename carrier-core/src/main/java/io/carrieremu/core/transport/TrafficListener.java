package io.carrieremu.core.transport;

/** Told about, and asked before, each datagram a connector of the OS transport sends or receives (on the connector's threads). */
public interface TrafficListener {

    /** False when nothing may be sent any more; the socket then refuses the datagram. */
    default boolean mayPass() {
        return true;
    }

    /** A datagram was handed to the network. */
    void sent();

    /** A datagram arrived. */
    void received();
}
