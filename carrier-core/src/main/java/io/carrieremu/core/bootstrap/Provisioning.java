package io.carrieremu.core.bootstrap;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.client.DeviceClient;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.deferral.Retrier;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.event.EventSink;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.WorkQueue;
import io.carrieremu.core.transport.TransportTiming;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendor's first-boot sequence, as one state machine: keys can only be written with the link down,
 * so the library asks for LTE_LINK_DOWN, writes the bootstrap server's credentials, asks for
 * LTE_LINK_UP, bootstraps, asks for LTE_LINK_DOWN again, writes the DM servers' credentials, persists the
 * result, reports BOOTSTRAPPED and asks for LTE_LINK_UP; then registration takes over. Without a
 * bootstrap server (SIM record, custom or factory DM settings) the first half is skipped.
 *
 * <pre>
 * IDLE ─start(bootstrap server)→ BS_LINK_DOWN ─link down, keys written→ BS_LINK_UP ─network→ BOOTSTRAPPING
 * IDLE ─start(direct accounts)→ DM_LINK_DOWN
 * BOOTSTRAPPING ─Finish→ DM_LINK_DOWN ─link down, keys written→ DM_LINK_UP ─network→ DONE
 * BOOTSTRAPPING ─failure→ BOOTSTRAP_RETRY ─timer→ BS_LINK_UP     (schedule exhausted → GAVE_UP)
 * BS_LINK_DOWN, DM_LINK_DOWN ─key write refused→ CREDENTIAL_RETRY ─24 h→ (the same LINK_DOWN state)
 * any ─stop()→ IDLE
 * </pre>
 *
 * <p>Used on the library's work queue only.
 */
public final class Provisioning implements AutoCloseable {

    /** Retry after a credential write refused because the link was up. */
    public static final Duration CREDENTIAL_RETRY = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(Provisioning.class);

    /** Where the sequence is. */
    public enum State {
        /** Not started. */
        IDLE,
        /** Waiting for the link to go down, to write the bootstrap server's keys. */
        BS_LINK_DOWN,
        /** Waiting for the link to come up, to talk to the bootstrap server. */
        BS_LINK_UP,
        /** In a bootstrap session. */
        BOOTSTRAPPING,
        /** Waiting to retry the bootstrap server. */
        BOOTSTRAP_RETRY,
        /** Waiting for the link to go down, to write the DM servers' keys. */
        DM_LINK_DOWN,
        /** Waiting for the link to come up after writing the DM servers' keys. */
        DM_LINK_UP,
        /** A key write was refused (link up); waiting 24 h to try again. */
        CREDENTIAL_RETRY,
        /** Provisioned: the DM servers can be registered with. */
        DONE,
        /** The bootstrap server's retry schedule is exhausted; nothing until reboot. */
        GAVE_UP
    }

    /** What the sequence needs from the library around it. */
    public interface Host {
        /** Emits LTE_LINK_DOWN; {@link #linkDown()} follows once the application reports the link down. */
        void requestLinkDown();

        /** Emits LTE_LINK_UP; {@link #networkReady()} follows once the link and PDN are up. */
        void requestLinkUp();

        /** True if the link and the library's PDN are up now. */
        boolean networkIsReady();

        /** The PDN id the library's traffic uses. */
        int pdnId();

        /** The device's client (made on first use). */
        DeviceClient client();

        /** Puts accounts in the object model. */
        void installAccounts(ServerAccounts accounts);

        /** The accounts now in the object model. */
        ServerAccounts currentAccounts();

        /** Persists the result (the sequence goes on if that fails: it is logged). */
        void persist(ServerAccounts accounts);

        /** The sequence is done: the DM servers' accounts are in place and the link is up. */
        void provisioned(ServerAccounts accounts);

        /** The bootstrap schedule gave up; nothing more until a reboot. */
        void gaveUp();
    }

    private final LwM2mOs os;
    private final WorkQueue queue;
    private final Executor post;
    private final EventSink events;
    private final TransportTiming timing;
    private final Host host;
    private final Retrier retrier;
    private final OsTimer finishTimer;
    private final OsTimer credentialTimer;
    private State state = State.IDLE;
    private State credentialRetryOf;
    private BootstrapSource source;
    private String endpoint;
    private int firstSecTag;
    private ServerAccounts result;
    private BootstrapSession session;

    /**
     * @param retrier the bootstrap schedule's retries
     * @param finishTimer a timer whose handler calls {@link #finishTimedOut()}
     * @param credentialTimer a timer whose handler calls {@link #credentialRetry()}
     */
    public Provisioning(LwM2mOs os, WorkQueue queue, Executor post, EventSink events, TransportTiming timing, Host host,
            Retrier retrier, OsTimer finishTimer, OsTimer credentialTimer) {
        this.os = Objects.requireNonNull(os, "os");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.post = Objects.requireNonNull(post, "post");
        this.events = Objects.requireNonNull(events, "events");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.host = Objects.requireNonNull(host, "host");
        this.retrier = Objects.requireNonNull(retrier, "retrier");
        this.finishTimer = Objects.requireNonNull(finishTimer, "finishTimer");
        this.credentialTimer = Objects.requireNonNull(credentialTimer, "credentialTimer");
    }

    /** Where the sequence is. */
    public State state() {
        return state;
    }

    private void transition(State next, String why) {
        LOG.debug("provisioning {} -> {}: {}", state, next, why);
        state = next;
    }

    /**
     * Starts the sequence.
     *
     * @param firstTag the first sec tag the library writes to (25, or the configured tag + 1)
     */
    public void start(BootstrapSource from, String endpointName, int firstTag) {
        this.source = Objects.requireNonNull(from, "from");
        this.endpoint = Objects.requireNonNull(endpointName, "endpointName");
        this.firstSecTag = firstTag;
        this.result = null;
        LOG.info("bootstrapping from {}", from.name());
        if (from.bootstrapServer().isPresent()) {
            transition(State.BS_LINK_DOWN, "keys of the bootstrap server to write");
        } else {
            result = from.direct();
            transition(State.DM_LINK_DOWN, "keys of the DM servers to write");
        }
        host.requestLinkDown();
    }

    /** The application reported the link down (LTE deactivated). */
    public void linkDown() {
        switch (state) {
            case BS_LINK_DOWN -> {
                if (write(firstSecTag, List.of(source.bootstrapServer().orElseThrow()))) {
                    transition(State.BS_LINK_UP, "bootstrap keys written");
                    host.requestLinkUp();
                }
            }
            case DM_LINK_DOWN -> {
                if (write(firstSecTag + 1, result.dmServers())) {
                    host.installAccounts(result);
                    host.persist(result);
                    if (source.bootstrapServer().isPresent()) {
                        events.emit(new CarrierEvent.Bootstrapped());
                    }
                    transition(State.DM_LINK_UP, "DM keys written");
                    host.requestLinkUp();
                }
            }
            case BOOTSTRAPPING -> {
                // The session fails by itself without a network; its outcome drives the retry.
            }
            default -> {
            }
        }
    }

    /** The link and the library's PDN are up. */
    public void networkReady() {
        switch (state) {
            case BS_LINK_UP -> startSession();
            case DM_LINK_UP -> {
                transition(State.DONE, "link up with the DM servers' keys");
                host.provisioned(result);
            }
            default -> {
            }
        }
    }

    private void startSession() {
        transition(State.BOOTSTRAPPING, "network ready");
        session = new BootstrapSession(os, queue, post, host.client(), timing, finishTimer, host::currentAccounts);
        session.start(source.bootstrapServer().orElseThrow(), endpoint, host.pdnId(), this::sessionEnded);
    }

    /** The device's client reported Finish answered; for the session in progress. */
    public void bootstrapFinished(List<String> errors) {
        if (state == State.BOOTSTRAPPING && session != null) {
            session.finished(errors);
        }
    }

    /** The Finish timer's handler. */
    public void finishTimedOut() {
        if (state == State.BOOTSTRAPPING && session != null) {
            session.finishTimedOut();
        }
    }

    private void sessionEnded(BootstrapSession.Outcome outcome) {
        session = null;
        if (state != State.BOOTSTRAPPING) {
            return;
        }
        if (outcome instanceof BootstrapSession.Outcome.Success success) {
            retrier.succeeded();
            result = success.accounts();
            transition(State.DM_LINK_DOWN, "Bootstrap-Finish");
            host.requestLinkDown();
            return;
        }
        BootstrapSession.Outcome.Failure failure = (BootstrapSession.Outcome.Failure) outcome;
        LOG.info("bootstrap failed: {} ({})", failure.reason(), failure.detail());
        transition(State.BOOTSTRAP_RETRY, failure.reason().name());
        if (!retrier.failed(failure.reason(), 0, this::retry)) {
            transition(State.GAVE_UP, "bootstrap schedule exhausted");
            host.gaveUp();
        }
    }

    private void retry() {
        if (state != State.BOOTSTRAP_RETRY) {
            return;
        }
        transition(State.BS_LINK_UP, "retry");
        if (host.networkIsReady()) {
            startSession();
        }
    }

    /** Writes identity and key of each PSK account to consecutive tags; on refusal reports and waits 24 h. */
    private boolean write(int firstTag, List<SecurityInstance> accounts) {
        int tag = firstTag;
        for (SecurityInstance account : accounts) {
            if (account.securityMode() == SecurityInstance.MODE_PSK && account.identity().length > 0
                    && account.secretKey().length > 0) {
                try {
                    os.credentials().write(tag, new Credential(CredentialType.PSK_IDENTITY, account.identity()));
                    os.credentials().write(tag, Credential.psk(Psk.ofBytes(account.secretKey())));
                } catch (OsException e) {
                    LOG.warn("writing sec tag {} failed: {}; retrying in {} h", tag, e.getMessage(), CREDENTIAL_RETRY.toHours());
                    events.emit(new CarrierEvent.Error(ErrorType.BOOTSTRAP, e.errno() == null ? Errno.EIO : e.errno()));
                    credentialRetryOf = state;
                    transition(State.CREDENTIAL_RETRY, "credential write refused");
                    credentialTimer.start(queue, CREDENTIAL_RETRY);
                    return false;
                }
            }
            tag++;
        }
        return true;
    }

    /** The credential retry timer's handler: asks for the link down again. */
    public void credentialRetry() {
        if (state == State.CREDENTIAL_RETRY) {
            transition(credentialRetryOf, "credential write retry");
            host.requestLinkDown();
        }
    }

    /** Stops the sequence where it is. */
    public void stop() {
        if (session != null) {
            session.abandon();
            session = null;
        }
        retrier.cancel();
        finishTimer.cancel(false);
        credentialTimer.cancel(false);
        transition(State.IDLE, "stopped");
    }

    /** Releases the timers. */
    @Override
    public void close() {
        stop();
        retrier.close();
        finishTimer.close();
        credentialTimer.close();
    }
}
