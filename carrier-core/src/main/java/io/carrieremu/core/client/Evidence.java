package io.carrieremu.core.client;

/**
 * What a failed exchange showed on the wire: how far it got. The vendor library's deferred reasons
 * follow from it (a Scandium server drops a bad PSK silently, so "no route" and "handshake failed" can
 * only be told apart by whether the server answered anything).
 */
public enum Evidence {
    /** Nothing could be sent: no link, no PDN, no route from the device. */
    NO_NETWORK,
    /** Sent, but the server never answered anything. */
    NO_ANSWER,
    /** The server answered the handshake, but no DTLS session came up (bad PSK, alert). */
    HANDSHAKE_FAILED,
    /** A session was up (or plain CoAP got answers), but the request got no usable answer. */
    NO_RESPONSE
}
