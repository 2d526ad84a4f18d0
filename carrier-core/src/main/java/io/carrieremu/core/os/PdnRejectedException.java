package io.carrieremu.core.os;

import io.carrieremu.core.base.Errno;

/** The network rejected a PDN activation; {@link #esmCause()} says why (3GPP TS 24.301). */
public final class PdnRejectedException extends OsException {

    private static final long serialVersionUID = 1L;

    private final int cid;
    private final int esmCause;

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
