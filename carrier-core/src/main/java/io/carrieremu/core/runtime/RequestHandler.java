package io.carrieremu.core.runtime;

import io.carrieremu.core.api.Request;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outcome table of {@code lwm2m_carrier_request()}: decided at once, on the caller's thread, from a
 * snapshot of the library's state, so a request is answered even while an exchange waits for a silent
 * server. The action itself then runs on the work queue.
 */
final class RequestHandler {

    /**
     * The state a request is judged on, published by the runtime after every step.
     *
     * @param lifecycle where the library is
     * @param registrationRequests the carrier lets the application ask for REGISTER and DEREGISTER
     * @param hasServers DM servers are known to register with
     * @param anyRegistered a DM server is registered now
     * @param registrationPending a Register is in flight or a server's retry is scheduled
     */
    record View(Lifecycle lifecycle, boolean registrationRequests, boolean hasServers, boolean anyRegistered,
            boolean registrationPending) {
        static final View INITIAL = new View(Lifecycle.WAIT_MODEM_INIT, false, false, false, false);
    }

    /** What the runtime does for an accepted request. */
    interface Actions {
        void reboot();

        void linkUp();

        void linkDown();

        void register();

        void deregister();
    }

    private final AtomicBoolean registerScheduled = new AtomicBoolean();

    /** Decides {@code request} on {@code view}; schedules the action through {@code actions} if accepted. */
    Result handle(Request request, View view, Actions actions) {
        if (view.lifecycle() == Lifecycle.STOPPED) {
            return Result.error(Errno.EBADR);
        }
        switch (request) {
            case REBOOT -> actions.reboot();
            case LINK_UP -> actions.linkUp();
            case LINK_DOWN -> actions.linkDown();
            case REGISTER -> {
                if (!view.registrationRequests()) {
                    return Result.error(Errno.EPERM);
                }
                if (view.lifecycle() != Lifecycle.CONNECTED || !view.hasServers()) {
                    return Result.error(Errno.EBADR);
                }
                if (view.registrationPending() || !registerScheduled.compareAndSet(false, true)) {
                    return Result.error(Errno.EALREADY);
                }
                actions.register();
            }
            case DEREGISTER -> {
                if (!view.registrationRequests()) {
                    return Result.error(Errno.EPERM);
                }
                if (!view.anyRegistered()) {
                    return Result.error(Errno.EBADR);
                }
                actions.deregister();
            }
            default -> {
                return Result.error(Errno.EINVAL);
            }
        }
        return Result.OK;
    }

    /** The scheduled REGISTER has started: another one may be asked for. */
    void registerStarted() {
        registerScheduled.set(false);
    }
}
