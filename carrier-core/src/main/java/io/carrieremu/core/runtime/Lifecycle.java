package io.carrieremu.core.runtime;

/**
 * Where the library is in a device's life.
 *
 * <pre>
 * WAIT_MODEM_INIT ─modem init→ DETECTING ─subscriber known, state stored→ CONNECTED
 * DETECTING ─MSISDN missing→ WAIT_MSISDN ─MSISDN read→ (as DETECTING)
 * DETECTING ─no state, or it does not fit→ PROVISIONING ─first-boot sequence done→ CONNECTED
 * CONNECTED ─re-bootstrap trigger→ PROVISIONING
 * DETECTING, WAIT_MSISDN, PROVISIONING, CONNECTED ─modem shutdown→ SUSPENDED ─modem init→ DETECTING
 * DETECTING ─unsupported subscriber→ HALTED_UNTIL_REBOOT;  PROVISIONING ─bootstrap gave up→ HALTED_UNTIL_REBOOT
 * any ─close, reboot, fault, invalid configuration→ STOPPED
 * </pre>
 */
public enum Lifecycle {
    /** Waiting for the application to report the modem initialised. */
    WAIT_MODEM_INIT,
    /** Reading the SIM and deciding what to do. */
    DETECTING,
    /** The carrier needs an MSISDN the SIM does not have yet. */
    WAIT_MSISDN,
    /** Running the first-boot sequence (bootstrap). */
    PROVISIONING,
    /** The DM servers' accounts are in place: registrations run. */
    CONNECTED,
    /** The modem was shut down (e.g. for a modem firmware update); nothing runs until it is initialised again. */
    SUSPENDED,
    /** Nothing more happens until a reboot: unsupported subscriber, or the bootstrap schedule gave up. */
    HALTED_UNTIL_REBOOT,
    /** The library stopped; {@code main()} has returned or is returning. */
    STOPPED
}
