package io.carrieremu.core.os;

import java.util.concurrent.CompletableFuture;

/**
 * PDN (packet data network) contexts ({@code lwm2m_os_pdn_*}). Context 0 is the modem's default
 * context; the library creates others for its own APNs.
 */
public interface Pdn {

    /**
     * Creates a PDP context ({@code AT%XNEWCID?}).
     *
     * @param listener receives this context's events, or null for none
     * @return the new context id
     * @throws OsException {@code EBADMSG} the modem's answer was malformed, {@code EFAULT} it gave an id
     *     outside 0..255, {@code ENOMEM} no context left; nothing was created
     */
    int createContext(PdnEventListener listener) throws OsException;

    /**
     * Sets the APN and family of a context ({@code AT+CGDCONT}).
     *
     * @throws OsException {@code EINVAL} unknown context or APN of 64 characters or more,
     *     {@code ENOEXEC} the modem refused it; the context keeps its previous configuration
     */
    void configure(int cid, String apn, PdnFamily family) throws OsException;

    /**
     * Destroys a context created by {@link #createContext} (its listener gets
     * {@link PdnEvent#CTX_DESTROYED}).
     *
     * @throws OsException {@code EINVAL} context 0 or unknown context, {@code ENOEXEC} the modem refused
     */
    void destroy(int cid) throws OsException;

    /**
     * Activates a context ({@code AT+CGACT=1,<cid>}). Returns once the command is sent; the network's
     * answer completes the future (the vendor waits up to 60 s in the backend's time), on the backend's
     * notification thread. Nothing waits on the caller's thread for the network.
     *
     * @return completes with the activation, or exceptionally with {@link PdnRejectedException} (the
     *     network rejected it, with the ESM cause) or {@link OsException}: {@code ENETDOWN} the modem is
     *     not attached, {@code ETIMEDOUT} no answer, {@code ENOEXEC} the modem refused the command,
     *     {@code EINVAL} unknown context
     */
    CompletableFuture<PdnActivation> activate(int cid);

    /**
     * Deactivates a context ({@code AT+CGACT=0,<cid>}).
     *
     * @throws OsException {@code EINVAL} unknown context, {@code ENOEXEC} the modem refused
     */
    void deactivate(int cid) throws OsException;

    /**
     * The PDN id of an active context ({@code AT%XGETPDNID}), used to bind sockets and downloads to it.
     *
     * @throws OsException {@code EBADMSG} malformed answer, {@code ENOEXEC} the context is not active
     */
    int pdnId(int cid) throws OsException;

    /**
     * Sets the listener for events of the default context 0, replacing any previous one; null removes it.
     */
    void setDefaultContextListener(PdnEventListener listener);
}
