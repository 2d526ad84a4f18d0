package io.carrieremu.core.pdn;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.deferral.Retrier;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnEvent;
import io.carrieremu.core.os.PdnActivation;
import io.carrieremu.core.os.PdnFamily;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PDN the library's traffic uses: the modem's default context, or a context of its own on the
 * APN the carrier's rules select. Activation is asynchronous (the network answers when it answers); a
 * rejection is one {@code DEFERRED{PDN_ACTIVATE}} and a retry on the carrier's PDN schedule while the
 * link stays up. The context is lost with the link and activated again when needed.
 *
 * <p>Used on the library's work queue only ({@link #trafficContext()} excepted).
 */
public final class PdnManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PdnManager.class);

    private final LwM2mOs os;
    private final Executor post;
    private final Retrier retrier;
    private Optional<String> apn = Optional.empty();
    private PdnFamily family = PdnFamily.IPV4V6;
    private volatile int cid = -1;
    private volatile int pdnId = -1;
    private long generation;
    private boolean activating;
    private Runnable ready = () -> { };
    private Runnable wantedReady = () -> { };
    private BooleanSupplier wanted = () -> false;
    private Errno lastFailure = Errno.EIO;

    /**
     * @param post runs work on the library's queue
     * @param retrier the PDN schedule's retries
     */
    public PdnManager(LwM2mOs os, Executor post, Retrier retrier) {
        this.os = Objects.requireNonNull(os, "os");
        this.post = Objects.requireNonNull(post, "post");
        this.retrier = Objects.requireNonNull(retrier, "retrier");
    }

    /** Uses the APN (empty: the default context) with {@code family} from now on. */
    public void configure(Optional<String> customApn, PdnFamily pdnFamily) {
        this.apn = Objects.requireNonNull(customApn, "customApn");
        this.family = Objects.requireNonNull(pdnFamily, "pdnFamily");
    }

    /**
     * Makes sure the PDN is active, then runs {@code onReady} on the queue — at once for the default
     * context or an active one. A later call replaces an earlier one still waiting.
     *
     * @param stillWanted asked before a retry: false drops it (the link went down, the library stopped)
     */
    public void ensure(BooleanSupplier stillWanted, Runnable onReady) {
        this.wanted = Objects.requireNonNull(stillWanted, "stillWanted");
        this.wantedReady = Objects.requireNonNull(onReady, "onReady");
        if (apn.isEmpty() || pdnId >= 0) {
            this.ready = () -> { };
            onReady.run();
            return;
        }
        this.ready = onReady;
        if (activating || retrier.pending()) {
            return;
        }
        activate();
    }

    private void activate() {
        long expected = ++generation;
        try {
            if (cid < 0) {
                cid = os.pdn().createContext(this::onPdnEvent);
            }
            os.pdn().configure(cid, apn.get(), family);
        } catch (OsException e) {
            failed(e);
            return;
        }
        activating = true;
        LOG.debug("activating PDN context {} on {}", cid, apn.get());
        os.pdn().activate(cid).whenComplete((activation, error) -> post.execute(() -> activated(expected, activation, error)));
    }

    private void activated(long expected, PdnActivation activation, Throwable error) {
        if (expected != generation) {
            return;
        }
        activating = false;
        if (error != null) {
            failed(error instanceof java.util.concurrent.CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : error);
            return;
        }
        try {
            pdnId = os.pdn().pdnId(cid);
        } catch (OsException e) {
            failed(e);
            return;
        }
        LOG.info("PDN {} active on {} ({})", pdnId, apn.get(), activation.family());
        retrier.succeeded();
        Runnable next = ready;
        ready = () -> { };
        next.run();
    }

    private void failed(Throwable why) {
        lastFailure = why instanceof OsException os && os.errno() != null ? os.errno() : Errno.EIO;
        LOG.info("PDN activation on {} failed: {}", apn.orElse("the default APN"), why.getMessage());
        retrier.failed(DeferredReason.PDN_ACTIVATE, 0, () -> {
            if (wanted.getAsBoolean()) {
                activate();
            }
        });
    }

    /** The errno of the last failed activation ({@code EIO} if it had none): the value of the give-up error. */
    public Errno lastFailure() {
        return lastFailure;
    }

    /** True if the library's traffic can flow: the default context is used, or its own is active. */
    public boolean isReady() {
        return apn.isEmpty() || pdnId >= 0;
    }

    /** The PDP context id the library's traffic uses: its own context's while active, else 0 (the default); any thread. */
    public int trafficContext() {
        int context = cid;
        return pdnId >= 0 && context >= 0 ? context : 0;
    }

    /** The PDN id the library's traffic uses: its own context's, or the default. */
    public int pdnForTraffic() {
        return pdnId >= 0 ? pdnId : Network.DEFAULT_PDN;
    }

    private void onPdnEvent(int context, PdnEvent event, int reason) {
        LOG.debug("PDN {}: {} {}", context, event, reason);
        if (event == PdnEvent.DEACTIVATED || event == PdnEvent.NETWORK_DETACHED || event == PdnEvent.CTX_DESTROYED) {
            post.execute(() -> contextLost(context));
        }
    }

    /** The modem deactivated the library's context: it is activated again while still wanted. */
    private void contextLost(int context) {
        if (context != cid || pdnId < 0) {
            return;
        }
        LOG.info("PDN {} on {} deactivated by the modem or the network", pdnId, apn.orElse("the default APN"));
        generation++;
        activating = false;
        pdnId = -1;
        if (wanted.getAsBoolean()) {
            ready = wantedReady;
            activate();
        }
    }

    /**
     * The modem lost coverage: an active context survives it (the modem keeps its bearers until the
     * network deactivates them, which arrives as an event); an activation in progress or a retry is
     * dropped, as attempts without coverage are not the PDN's failures.
     */
    public void coverageLost() {
        if (pdnId < 0) {
            linkLost();
        }
    }

    /** The link went down: the context is gone; a pending activation or retry is dropped. */
    public void linkLost() {
        generation++;
        activating = false;
        pdnId = -1;
        ready = () -> { };
        retrier.cancel();
    }

    /** Deactivates the library's own context, if active, and stops retrying. */
    @Override
    public void close() {
        linkLost();
        if (cid >= 0) {
            try {
                os.pdn().deactivate(cid);
            } catch (OsException e) {
                LOG.debug("PDN context {} not deactivated: {}", cid, e.getMessage());
            }
        }
        retrier.close();
    }
}
