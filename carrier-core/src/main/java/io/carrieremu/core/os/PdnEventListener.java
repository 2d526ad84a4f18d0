package io.carrieremu.core.os;

/** Receives PDN events; runs on the backend's notification thread and must not block. */
@FunctionalInterface
public interface PdnEventListener {

    /**
     * @param cid the PDP context id
     * @param event what happened
     * @param reason the ESM cause for {@link PdnEvent#CNEC_ESM}, 0 otherwise
     */
    void onPdnEvent(int cid, PdnEvent event, int reason);
}
