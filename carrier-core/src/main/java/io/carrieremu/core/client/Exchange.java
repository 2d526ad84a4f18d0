package io.carrieremu.core.client;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.LwM2mOs;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.leshan.core.request.UplinkRequest;
import org.eclipse.leshan.core.request.exception.TimeoutException;
import org.eclipse.leshan.core.response.LwM2mResponse;

/**
 * One request to a server in flight, asynchronously: nothing waits for it. Its outcome is posted to the
 * library's work queue through {@code post}, once.
 *
 * <p>A request that gets no answer is given up {@code EXCHANGE_LIFETIME} after it was sent (RFC 7252:
 * how long a requester keeps an exchange; 247 s with standard timing), even if the CoAP or DTLS layer
 * stopped retransmitting earlier — the vendor library waits that long for a silent server too. An
 * answer, an alert or a local send failure ends it at once.
 */
public final class Exchange {

    private final AtomicBoolean done = new AtomicBoolean();

    private Exchange() {
    }

    /**
     * Sends {@code request} on {@code connection}.
     *
     * @param lifetime EXCHANGE_LIFETIME: the longest the request waits for its answer
     * @param post runs the outcome on the library's work queue
     * @param outcome receives the outcome, on the work queue
     * @return the exchange, to {@link #abandon()} when its outcome no longer matters
     */
    public static <T extends LwM2mResponse> Exchange start(LwM2mOs os, DeviceClient client, ServerConnection connection,
            UplinkRequest<T> request, Duration lifetime, Executor post, Consumer<ExchangeOutcome<T>> outcome) {
        Objects.requireNonNull(outcome, "outcome");
        Exchange exchange = new Exchange();
        long sentAt = os.scheduler().uptimeMillis();
        long lifetimeMillis = Math.max(1, lifetime.toMillis());
        Consumer<ExchangeOutcome<T>> deliver = result -> post.execute(() -> {
            if (exchange.done.compareAndSet(false, true)) {
                outcome.accept(result);
            }
        });
        try {
            client.send(connection, request, lifetimeMillis, response -> deliver.accept(new ExchangeOutcome.Answered<>(response)),
                    error -> {
                        ExchangeOutcome.Failed<T> failed = new ExchangeOutcome.Failed<>(evidence(connection, error),
                                describe(error));
                        if (failed.evidence() == Evidence.NO_NETWORK || !(error instanceof TimeoutException)) {
                            deliver.accept(failed);
                            return;
                        }
                        long waited = os.scheduler().uptimeMillis() - sentAt;
                        long left = lifetimeMillis - waited;
                        if (left <= 0) {
                            deliver.accept(failed);
                        } else {
                            os.scheduler().stackExecutor().schedule(() -> deliver.accept(failed), left, TimeUnit.MILLISECONDS);
                        }
                    });
        } catch (RuntimeException e) {
            deliver.accept(new ExchangeOutcome.Failed<>(evidence(connection, e), describe(e)));
        }
        return exchange;
    }

    /** The outcome no longer matters: it will not be delivered. */
    public void abandon() {
        done.set(true);
    }

    /** True once the outcome was delivered or the exchange abandoned. */
    public boolean isDone() {
        return done.get();
    }

    static Evidence evidence(ServerConnection connection, Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof OsException os && (os.errno() == Errno.ENETDOWN || os.errno() == Errno.ENETUNREACH)) {
                return Evidence.NO_NETWORK;
            }
        }
        if (connection.monitor().negotiatedCipherSuite(connection.peer()).isPresent()) {
            return Evidence.NO_RESPONSE;
        }
        if (connection.monitor().peerAnswered(connection.peer())) {
            return connection.target().address().secure() ? Evidence.HANDSHAKE_FAILED : Evidence.NO_RESPONSE;
        }
        return Evidence.NO_ANSWER;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
