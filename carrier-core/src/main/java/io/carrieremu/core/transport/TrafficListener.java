package io.carrieremu.core.transport;

/** Told about each datagram a connector of the OS transport sends or receives (on the connector's threads). */
public interface TrafficListener {

    /** A datagram was handed to the network. */
    void sent();

    /** A datagram arrived. */
    void received();
}
