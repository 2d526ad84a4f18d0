package io.carrieremu.core.os;

import java.util.Optional;

/**
 * The SIM's LwM2M bootstrap file ({@code lwm2m_os_uicc_bootstrap_*}). The core ships a reader that
 * performs the {@code AT+CSIM} APDU sequence through {@link AtChannel}; a backend may use it or a
 * native reader.
 */
public interface Uicc {

    /** Whether smartcard bootstrap is built in ({@code CONFIG_UICC_LWM2M}). */
    boolean bootstrapEnabled();

    /**
     * Reads the LwM2M bootstrap record from the SIM.
     *
     * @param maxSize the largest record the caller accepts
     * @return the record bytes, or empty if the SIM has no LwM2M bootstrap file
     * @throws OsException {@code ENOTSUP} smartcard bootstrap is not enabled, {@code E2BIG} the record
     *     is larger than {@code maxSize}, {@code EBADMSG} the card's file system is malformed,
     *     {@code EIO} the card or the AT channel failed
     */
    Optional<byte[]> readBootstrapRecord(int maxSize) throws OsException;
}
