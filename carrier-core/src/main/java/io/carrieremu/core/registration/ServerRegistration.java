package io.carrieremu.core.registration;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.client.DeviceClient;
import io.carrieremu.core.client.Evidence;
import io.carrieremu.core.client.Exchange;
import io.carrieremu.core.client.ExchangeOutcome;
import io.carrieremu.core.client.ServerAddress;
import io.carrieremu.core.client.ServerConnection;
import io.carrieremu.core.client.ServerTarget;
import io.carrieremu.core.deferral.Retrier;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.WorkQueue;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.DeregisterRequest;
import org.eclipse.leshan.core.request.RegisterRequest;
import org.eclipse.leshan.core.request.UpdateRequest;
import org.eclipse.leshan.core.response.DeregisterResponse;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.RegisterResponse;
import org.eclipse.leshan.core.response.UpdateResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registration with one DM server, as one state machine: its own connection (DTLS session),
 * lifetime, update timer and retry state. Register, Update and De-register are asynchronous exchanges;
 * their outcomes come back on the work queue.
 *
 * <pre>
 * IDLE ─start, network ready→ REGISTERING ─2.01→ REGISTERED ─update timer / trigger→ UPDATING ─2.04→ REGISTERED
 * REGISTERING, UPDATING ─failure→ WAITING_RETRY ─timer→ REGISTERING        (schedule exhausted → GAVE_UP)
 * REGISTERED ─deregister→ DEREGISTERING ─answer or give-up→ IDLE
 * any ─suspend→ SUSPENDED ─start→ REGISTERING
 * </pre>
 *
 * <p>No coverage is not a server failure: a Register or Update due while the network is down, or one
 * that failed while it went down, waits for the network (IDLE, or REGISTERED with the Update pending)
 * and goes out as soon as it is back; the carrier's retry schedule counts only attempts made while
 * attached.
 *
 * <p>Used on the library's work queue only.
 */
final class ServerRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(ServerRegistration.class);
    /** 5.03 Service Unavailable as Leshan numbers codes (c.dd as c*100+dd); M15 has no constant for it. */
    private static final int SERVICE_UNAVAILABLE = 503;

    /** Where the registration is. */
    enum State { IDLE, REGISTERING, REGISTERED, UPDATING, DEREGISTERING, WAITING_RETRY, GAVE_UP, SUSPENDED }

    /** What a registration needs from its manager. */
    interface Host {
        LwM2mOs os();

        WorkQueue queue();

        Executor post();

        DeviceClient client();

        boolean networkReady();

        int pdnId();

        String endpoint();

        boolean queueMode();

        Duration exchangeLifetime();

        /** Lifetime and binding of the server's Server instance. */
        long lifetimeSeconds(int shortServerId);

        /** The carrier's wait after 4.00 Bad Request, if it has a rule. */
        Optional<Duration> badRequestRetry();

        /** True if a bootstrap server exists to go back to when a DM server does not know the device. */
        boolean hasBootstrapServer();

        /** The server's state changed (REGISTERED is judged over all servers). */
        void changed(ServerRegistration registration);

        /** Starts over from the bootstrap. */
        void rebootstrap(String why);
    }

    private final SecurityInstance account;
    private final Host host;
    private final Retrier retrier;
    private final OsTimer updateTimer;
    private final SessionIdleMonitor idle;
    private State state = State.IDLE;
    private ServerConnection connection;
    private Exchange exchange;
    private String registrationId;
    private long announcedLifetime;
    private Link[] announcedLinks = new Link[0];
    private boolean updateAgain;
    private boolean updateWhenNetwork;
    private boolean wanted;
    private Runnable afterDeregister;

    ServerRegistration(SecurityInstance account, Host host, Retrier retrier, OsTimer updateTimer, SessionIdleMonitor idle) {
        this.account = account;
        this.host = host;
        this.retrier = retrier;
        this.updateTimer = updateTimer;
        this.idle = idle;
    }

    int shortServerId() {
        return account.shortServerId();
    }

    State state() {
        return state;
    }

    Retrier retrier() {
        return retrier;
    }

    /** The connection in use, or null. */
    ServerConnection connection() {
        return connection;
    }

    private void transition(State next, String why) {
        if (next != state) {
            LOG.debug("server {}: {} -> {}: {}", shortServerId(), state, next, why);
            state = next;
        }
        host.changed(this);
    }

    /** Registers (now if the network is up, else when it comes up). */
    void start() {
        wanted = true;
        if (state == State.REGISTERED || state == State.UPDATING || state == State.REGISTERING) {
            return;
        }
        updateTimer.cancel(false);
        retrier.cancel();
        register();
    }

    /** The network came up: a registration waiting for it goes ahead. */
    void networkReady() {
        if (wanted && (state == State.IDLE || state == State.SUSPENDED)) {
            register();
        } else if (state == State.REGISTERED && updateWhenNetwork) {
            update("the network is back");
        }
    }

    private void register() {
        if (!host.networkReady()) {
            transition(State.IDLE, "waiting for the network");
            return;
        }
        if (connection == null && !connect()) {
            return;
        }
        transition(State.REGISTERING, "Register");
        announcedLifetime = host.lifetimeSeconds(shortServerId());
        announcedLinks = host.client().objectLinks();
        RegisterRequest request = new RegisterRequest(host.endpoint(), announcedLifetime, LwM2mVersion.V1_1.toString(),
                EnumSet.of(BindingMode.U), host.queueMode(), null, announcedLinks, Map.of());
        exchange = Exchange.start(host.os(), host.client(), connection, request, host.exchangeLifetime(), host.post(),
                this::registerAnswered);
    }

    private boolean connect() {
        Optional<ServerAddress> address = ServerAddress.parse(account.serverUri());
        if (address.isEmpty()) {
            failed(DeferredReason.SERVER_NO_ROUTE, "the server URI is not usable", 0);
            return false;
        }
        InetSocketAddress resolved;
        try {
            resolved = address.get().resolve(host.os().network());
        } catch (OsException e) {
            failed(DeferredReason.SERVER_NO_ROUTE, "cannot resolve " + address.get().host() + ": " + e.getMessage(), 0);
            return false;
        }
        try {
            connection = host.client().connect(new ServerTarget(account, address.get(), resolved, host.pdnId()));
        } catch (IllegalArgumentException e) {
            failed(DeferredReason.SERVER_CONNECT, e.getMessage(), 0);
            return false;
        } catch (IllegalStateException e) {
            failed(DeferredReason.SERVER_NO_ROUTE, e.getMessage(), 0);
            return false;
        }
        idle.watch(connection);
        return true;
    }

    private void registerAnswered(ExchangeOutcome<RegisterResponse> outcome) {
        exchange = null;
        if (state != State.REGISTERING) {
            return;
        }
        if (outcome instanceof ExchangeOutcome.Failed<RegisterResponse> failed) {
            if (lostCoverage(failed.evidence())) {
                drop();
                transition(State.IDLE, "Register waits for the network");
                return;
            }
            failed(reason(failed.evidence()), "Register: " + failed.detail(), 0);
            return;
        }
        RegisterResponse response = ((ExchangeOutcome.Answered<RegisterResponse>) outcome).response();
        if (!response.isSuccess()) {
            rejected(response, "Register");
            return;
        }
        registrationId = response.getRegistrationID();
        registered("registered as " + registrationId);
    }

    private void registered(String why) {
        retrier.succeeded();
        host.client().registered(connection, true);
        transition(State.REGISTERED, why);
        if (updateAgain) {
            updateAgain = false;
            update("change during the last exchange");
            return;
        }
        long lifetime = host.lifetimeSeconds(shortServerId());
        long margin = Math.max(host.exchangeLifetime().toSeconds(), lifetime / 10);
        updateTimer.start(host.queue(), Duration.ofSeconds(Math.max(1, lifetime - margin)));
    }

    /** The update timer's handler. */
    void updateDue() {
        if (state == State.REGISTERED) {
            update("update timer");
        }
    }

    /** An Update is needed (a trigger, a lifetime or binding write, new object links). */
    void updateRequested(String why) {
        switch (state) {
            case REGISTERED -> update(why);
            case REGISTERING, UPDATING -> updateAgain = true;
            default -> {
            }
        }
    }

    private void update(String why) {
        updateTimer.cancel(false);
        if (!host.networkReady()) {
            updateWhenNetwork = true;
            LOG.debug("server {}: Update ({}) waits for the network", shortServerId(), why);
            return;
        }
        updateWhenNetwork = false;
        long lifetime = host.lifetimeSeconds(shortServerId());
        Link[] links = host.client().objectLinks();
        Long changedLifetime = lifetime != announcedLifetime ? lifetime : null;
        Link[] changedLinks = Arrays.equals(links, announcedLinks) ? null : links;
        transition(State.UPDATING, why);
        UpdateRequest request = new UpdateRequest(registrationId, changedLifetime, null, null, changedLinks, null);
        long sentLifetime = lifetime;
        exchange = Exchange.start(host.os(), host.client(), connection, request, host.exchangeLifetime(), host.post(),
                outcome -> updateAnswered(outcome, sentLifetime, links));
    }

    private void updateAnswered(ExchangeOutcome<UpdateResponse> outcome, long sentLifetime, Link[] sentLinks) {
        exchange = null;
        if (state != State.UPDATING) {
            return;
        }
        if (outcome instanceof ExchangeOutcome.Failed<UpdateResponse> failed) {
            if (lostCoverage(failed.evidence())) {
                // Still registered at the server (its lifetime runs on); the Update goes out once attached.
                updateWhenNetwork = true;
                transition(State.REGISTERED, "Update waits for the network");
                return;
            }
            failed(reason(failed.evidence()), "Update: " + failed.detail(), 0);
            return;
        }
        UpdateResponse response = ((ExchangeOutcome.Answered<UpdateResponse>) outcome).response();
        if (response.getCode() != ResponseCode.CHANGED) {
            rejected(response, "Update");
            return;
        }
        announcedLifetime = sentLifetime;
        announcedLinks = sentLinks;
        registered("updated");
    }

    private void rejected(LwM2mResponse response, String what) {
        ResponseCode code = response.getCode();
        int number = code == null ? 0 : code.getCode();
        if (number == SERVICE_UNAVAILABLE) {
            failed(DeferredReason.SERVICE_UNAVAILABLE, what + " answered 5.03", number);
        } else {
            failed(DeferredReason.SERVER_REGISTRATION, what + " answered " + code, number);
        }
    }

    /**
     * A failed attempt: the connection is dropped (the next attempt looks the name up again and
     * handshakes afresh, as a modem opens a new socket) and the carrier's schedule decides the retry.
     */
    private void failed(DeferredReason reason, String detail, int responseCode) {
        drop();
        // LwM2M: a server that does not know the client (4.03/4.04) sends it back to the bootstrap server.
        boolean backToBootstrap = (responseCode == 403 || responseCode == 404) && host.hasBootstrapServer();
        Optional<Duration> override = responseCode == 400 ? host.badRequestRetry() : Optional.empty();
        LOG.info("registration to server {} failed: {} ({}){}", shortServerId(), reason, detail,
                backToBootstrap ? "; the retry is a new bootstrap" : "");
        transition(State.WAITING_RETRY, reason.name());
        Runnable next = backToBootstrap
                ? () -> host.rebootstrap("server " + shortServerId() + " rejected the registration")
                : this::retry;
        if (!retrier.failed(reason, shortServerId(), override, next)) {
            transition(State.GAVE_UP, "schedule exhausted");
        }
    }

    private void retry() {
        if (state == State.WAITING_RETRY) {
            register();
        }
    }

    /**
     * De-registers if registered; {@code done} runs when the server answered or the exchange gave up
     * (at once if not registered).
     */
    void deregister(Runnable done) {
        updateTimer.cancel(false);
        retrier.cancel();
        if (state != State.REGISTERED && state != State.UPDATING || registrationId == null) {
            done.run();
            return;
        }
        if (exchange != null) {
            exchange.abandon();
        }
        afterDeregister = done;
        transition(State.DEREGISTERING, "De-register");
        exchange = Exchange.start(host.os(), host.client(), connection, new DeregisterRequest(registrationId),
                host.exchangeLifetime(), host.post(), this::deregisterAnswered);
    }

    private void deregisterAnswered(ExchangeOutcome<DeregisterResponse> outcome) {
        exchange = null;
        if (state != State.DEREGISTERING) {
            return;
        }
        registrationId = null;
        wanted = false;
        host.client().registered(connection, false);
        transition(State.IDLE, "de-registered");
        Runnable done = afterDeregister;
        afterDeregister = null;
        if (done != null) {
            done.run();
        }
    }

    /** Closes the DTLS session (close_notify); {@code done} runs on the queue once the alert left. */
    void closeSession(Runnable done) {
        if (connection == null) {
            done.run();
            return;
        }
        connection.closeSession(host.os().scheduler().stackExecutor(), 2000, () -> host.post().execute(done));
    }

    /** True while registered (an Update may be in flight). */
    boolean registered() {
        return state == State.REGISTERED || state == State.UPDATING;
    }

    /** Runs {@code action} once the next datagram to this server has left (an answer that must arrive first). */
    void afterNextAnswer(Runnable action) {
        if (connection == null) {
            action.run();
        } else {
            connection.monitor().runAfterNextSent(() -> host.post().execute(action));
        }
    }

    /** Stops everything for now (modem shutdown); {@link #start()} registers again. */
    void suspend() {
        stopAll();
        transition(State.SUSPENDED, "suspended");
    }

    /** Stops everything; nothing happens until {@link #start()}. */
    void stop() {
        wanted = false;
        stopAll();
        transition(State.IDLE, "stopped");
    }

    private void stopAll() {
        updateTimer.cancel(false);
        retrier.cancel();
        updateAgain = false;
        updateWhenNetwork = false;
        afterDeregister = null;
        drop();
    }

    private void drop() {
        if (exchange != null) {
            exchange.abandon();
            exchange = null;
        }
        if (connection != null) {
            idle.watch(null);
            host.client().disconnect(connection);
            connection = null;
        }
        registrationId = null;
    }

    /** True if an exchange failed for want of coverage (not the server's doing): not counted by the schedule. */
    private boolean lostCoverage(Evidence evidence) {
        // Judged by the network's state now: an attempt that failed while the network is still there is
        // the server's failure even if it found no route (a dead route is not lost coverage).
        return evidence != Evidence.NO_RESPONSE && !host.networkReady();
    }

    private static DeferredReason reason(Evidence evidence) {
        return switch (evidence) {
            case NO_NETWORK, NO_ANSWER -> DeferredReason.SERVER_NO_ROUTE;
            case HANDSHAKE_FAILED -> DeferredReason.SERVER_CONNECT;
            case NO_RESPONSE -> DeferredReason.SERVER_REGISTRATION;
        };
    }
}
