package io.carrieremu.core.os;

import io.carrieremu.core.base.Errno;

/** The network rejected a PDN activation; {@link #esmCause()} says why (3GPP TS 24.301). */
public final class PdnRejectedException extends OsException {

    private static final long serialVersionUID = 1L;

    /** The rejected context. */
    private final int cid;
    /** The ESM cause (3GPP TS 24.301). */
    private final int esmCause;

    /** The network rejected activating context {@code cid} with ESM cause {@code esmCause}. */
    public PdnRejectedException(int cid, int esmCause) {
        super(Errno.ENOEXEC, "PDN activation of context " + cid + " rejected with ESM cause " + esmCause);
        this.cid = cid;
        this.esmCause = esmCause;
    }

    /** The context that was not activated. */
    public int cid() {
        return cid;
    }

    /** The ESM cause from {@code +CNEC_ESM}, 0 if the modem gave none. */
    public int esmCause() {
        return esmCause;
    }
}
