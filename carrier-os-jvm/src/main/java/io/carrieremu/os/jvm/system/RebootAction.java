package io.carrieremu.os.jvm.system;

/**
 * What a reboot requested by the library ({@code lwm2m_os_sys_reset}) does on a gateway: the JVM is not
 * the device, so the embedder decides — restart the carrier instance (what
 * {@link io.carrieremu.os.jvm.JvmCarrierRunner} does), restart the process, or reboot the machine.
 */
@FunctionalInterface
public interface RebootAction {

    /**
     * Reboots. Runs on a daemon thread of its own ({@code reboot}), never on a library thread, so it may
     * close the library and the OS layer and wait for them.
     */
    void reboot();
}
