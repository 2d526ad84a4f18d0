package io.carrieremu.core.bootstrap;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.client.DeviceClient;
import io.carrieremu.core.client.Evidence;
import io.carrieremu.core.client.Exchange;
import io.carrieremu.core.client.ExchangeOutcome;
import io.carrieremu.core.client.ServerAddress;
import io.carrieremu.core.client.ServerConnection;
import io.carrieremu.core.client.ServerTarget;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.WorkQueue;
import io.carrieremu.core.transport.TransportTiming;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.leshan.core.request.BootstrapRequest;
import org.eclipse.leshan.core.response.BootstrapResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client-initiated bootstrap session, asynchronously: Bootstrap-Request, then the server's
 * Delete/Write/Discover (into the device's one object model), then Bootstrap-Finish within
 * {@link #FINISH_TIMEOUT} on OS time. Nothing waits; the outcome is handed to the caller on the work
 * queue, once.
 *
 * <p>Failures are classified as the vendor library reports them: no answer at all →
 * {@code BOOTSTRAP_NO_ROUTE}; the server answered but no DTLS session came up → {@code BOOTSTRAP_CONNECT};
 * a session came up but the sequence did not complete (an error reply, no Finish in time, or a
 * configuration without a usable DM server: "server does not provide expected objects") →
 * {@code BOOTSTRAP_SEQUENCE}.
 */
public final class BootstrapSession {

    /** How long the server has, once it answered Bootstrap-Request, to send Bootstrap-Finish (OS time). */
    public static final Duration FINISH_TIMEOUT = Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(BootstrapSession.class);

    /** The outcome: the accounts the bootstrap server left, or why it failed. */
    public sealed interface Outcome {
        /** Bootstrap-Finish received and answered. */
        record Success(ServerAccounts accounts) implements Outcome {
        }

        /** No usable result; {@code reason} is the DEFERRED reason to report. */
        record Failure(DeferredReason reason, String detail) implements Outcome {
        }
    }

    private final LwM2mOs os;
    private final WorkQueue queue;
    private final Executor post;
    private final DeviceClient client;
    private final TransportTiming timing;
    private final OsTimer finishTimer;
    private final Supplier<ServerAccounts> accounts;
    private ServerConnection connection;
    private Exchange exchange;
    private Consumer<Outcome> done;
    private boolean ended;

    /**
     * @param finishTimer a timer whose handler calls {@link #finishTimedOut()} (the caller owns it)
     * @param accounts reads the accounts the server left in the object model
     */
    public BootstrapSession(LwM2mOs os, WorkQueue queue, Executor post, DeviceClient client, TransportTiming timing,
            OsTimer finishTimer, Supplier<ServerAccounts> accounts) {
        this.os = Objects.requireNonNull(os, "os");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.post = Objects.requireNonNull(post, "post");
        this.client = Objects.requireNonNull(client, "client");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.finishTimer = Objects.requireNonNull(finishTimer, "finishTimer");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    /** Starts the session with {@code server} as {@code endpoint} on {@code pdnId}. */
    public void start(SecurityInstance server, String endpoint, int pdnId, Consumer<Outcome> outcome) {
        this.done = Objects.requireNonNull(outcome, "outcome");
        Optional<ServerAddress> address = ServerAddress.parse(server.serverUri());
        if (address.isEmpty()) {
            end(new Outcome.Failure(DeferredReason.BOOTSTRAP_NO_ROUTE, "the bootstrap server URI is not usable"));
            return;
        }
        InetSocketAddress resolved;
        try {
            resolved = address.get().resolve(os.network());
        } catch (OsException e) {
            end(new Outcome.Failure(DeferredReason.BOOTSTRAP_NO_ROUTE, "cannot resolve " + address.get().host() + ": " + e.getMessage()));
            return;
        }
        try {
            connection = client.connect(new ServerTarget(server, address.get(), resolved, pdnId));
        } catch (IllegalArgumentException e) {
            end(new Outcome.Failure(DeferredReason.BOOTSTRAP_CONNECT, e.getMessage()));
            return;
        } catch (IllegalStateException e) {
            end(new Outcome.Failure(DeferredReason.BOOTSTRAP_NO_ROUTE, e.getMessage()));
            return;
        }
        if (!client.bootstrapHandler().tryToInitSession()) {
            client.bootstrapHandler().closeSession();
            client.bootstrapHandler().tryToInitSession();
        }
        LOG.debug("Bootstrap-Request to {} as {}", connection.target(), endpoint);
        exchange = Exchange.start(os, client, connection, new BootstrapRequest(endpoint), timing.exchangeLifetime(), post,
                this::answered);
    }

    private void answered(ExchangeOutcome<BootstrapResponse> outcome) {
        if (ended) {
            return;
        }
        if (outcome instanceof ExchangeOutcome.Failed<BootstrapResponse> failed) {
            end(new Outcome.Failure(reason(failed.evidence()), "Bootstrap-Request: " + failed.detail()));
            return;
        }
        BootstrapResponse response = ((ExchangeOutcome.Answered<BootstrapResponse>) outcome).response();
        if (!response.isSuccess()) {
            end(new Outcome.Failure(DeferredReason.BOOTSTRAP_SEQUENCE, "bootstrap server answered " + response.getCode()));
            return;
        }
        finishTimer.start(queue, FINISH_TIMEOUT);
    }

    /** The server's Finish was answered (the answer has left): the session's end. */
    public void finished(List<String> errors) {
        if (ended) {
            return;
        }
        if (errors.isEmpty()) {
            end(new Outcome.Success(accounts.get()));
        } else {
            end(new Outcome.Failure(DeferredReason.BOOTSTRAP_SEQUENCE, "server does not provide expected objects: " + errors));
        }
    }

    /** The Finish timer ran out. */
    public void finishTimedOut() {
        if (!ended) {
            end(new Outcome.Failure(DeferredReason.BOOTSTRAP_SEQUENCE,
                    "no Bootstrap-Finish within " + FINISH_TIMEOUT.toSeconds() + " s"));
        }
    }

    /** Ends the session without an outcome (the library stops or the link went down). */
    public void abandon() {
        if (!ended) {
            ended = true;
            release();
        }
    }

    private void end(Outcome outcome) {
        ended = true;
        release();
        done.accept(outcome);
    }

    private void release() {
        finishTimer.cancel(false);
        if (exchange != null) {
            exchange.abandon();
        }
        client.bootstrapHandler().closeSession();
        if (connection != null) {
            // Nothing more leaves on the bootstrap connection, whatever Leshan still has queued for it.
            connection.monitor().seal();
            client.disconnect(connection);
        }
    }

    private static DeferredReason reason(Evidence evidence) {
        return switch (evidence) {
            case NO_NETWORK, NO_ANSWER -> DeferredReason.BOOTSTRAP_NO_ROUTE;
            case HANDSHAKE_FAILED -> DeferredReason.BOOTSTRAP_CONNECT;
            case NO_RESPONSE -> DeferredReason.BOOTSTRAP_SEQUENCE;
        };
    }
}
