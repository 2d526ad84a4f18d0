package io.carrieremu.core.os;

/** System control ({@code lwm2m_os_sys_reset}). */
public interface SystemControl {

    /**
     * Cold-reboots the device after flushing logs. On hardware this does not return; a backend may
     * instead return after scheduling the reset (the simulator tears the carrier instance down and
     * boots a new one on the same storage, credentials and SIM). Either way the caller must do
     * nothing more afterwards.
     */
    void reboot();
}
