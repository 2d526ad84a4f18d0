package io.carrieremu.core.os;

/**
 * Everything the carrier core needs from the system it runs on: the Java rendering of the vendor's
 * {@code lwm2m_os.h} (3.7.0), grouped into small interfaces in the manner of Californium's
 * {@code Connector} — each can be implemented on its own, and none has a method a backend would have
 * to fake.
 *
 * <p>The core calls nothing else for time, threads, storage, the modem or the network: it never
 * reads the system clock, sleeps or creates threads. A backend on real hardware and time
 * ({@code carrier-os-jvm}) and one over a simulated modem on a virtual clock ({@code carrier-os-sim})
 * implement it; the core never names either.
 *
 * <p>Every accessor returns the same instance on every call for the lifetime of the OS object.
 * Threading: unless a method says otherwise it may be called from any thread; callbacks document the
 * thread they run on. A callback must not block; work that blocks goes to a {@link WorkQueue}.
 */
public interface LwM2mOs {

    /** Work queues, timers, uptime, randomness and the library's main thread. */
    Scheduler scheduler();

    /** Non-volatile storage in ids {@code 0xCA00..0xCAFF} with NVS semantics. */
    Storage storage();

    /** The modem's AT command channel and its unsolicited notifications. */
    AtChannel at();

    /** Incoming SMS-DELIVER messages. */
    Sms sms();

    /** PDN contexts: create, configure, activate, deactivate, events. */
    Pdn pdn();

    /** LTE system modes: what the modem supports and which one it prefers. */
    LteModes lteModes();

    /** Datagram transport bound to a PDN, and name resolution. */
    Network network();

    /** Modem credentials by security tag. */
    Credentials credentials();

    /** Out-of-band firmware download over HTTP(S) and CoAP(S). */
    DownloadClient downloadClient();

    /** The firmware update (DFU) target. */
    DfuTarget dfu();

    /** The UICC (SIM) LwM2M bootstrap record. */
    Uicc uicc();

    /** System control: reboot. */
    SystemControl system();
}
