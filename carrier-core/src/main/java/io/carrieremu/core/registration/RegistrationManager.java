package io.carrieremu.core.registration;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.client.DeviceClient;
import io.carrieremu.core.client.ServerConnection;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.deferral.Retrier;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.EventSink;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.WorkQueue;
import io.carrieremu.core.transport.TransportTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrations with the device's DM servers: one {@link ServerRegistration} per server, each with
 * its own session, timers and retries, and the one event the application sees for all of them —
 * {@code REGISTERED} once every DM server the device registers with is registered (after a start, a
 * re-bootstrap, or a REGISTER request), while each server that fails gives its own {@code DEFERRED}.
 *
 * <p>A server's retry state survives re-bootstraps (so a DM server that keeps rejecting the device
 * still runs out its schedule); its timers are reserved once per short server id.
 *
 * <p>Used on the library's work queue only.
 */
public final class RegistrationManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationManager.class);

    /** What the manager needs from the library around it. */
    public interface Host {
        /** The device's client. */
        DeviceClient client();

        /** True if the link and the library's PDN are up. */
        boolean networkReady();

        /** The PDN id for the servers' traffic. */
        int pdnId();

        /** The lifetime the Server instance of {@code shortServerId} holds now. */
        long lifetimeSeconds(int shortServerId);

        /** Starts over from the bootstrap (a DM server rejected the device). */
        void rebootstrap(String why);
    }

    /** The OS resources of one short server id, kept across re-bootstraps. */
    private static final class Slot {
        Retrier retrier;
        OsTimer updateTimer;
        SessionIdleMonitor idle;
        ServerRegistration registration;
    }

    private final LwM2mOs os;
    private final WorkQueue queue;
    private final Executor post;
    private final EventSink events;
    private final CarrierConfig config;
    private final TransportTiming timing;
    private final Host host;
    private final Map<Integer, Slot> slots = new LinkedHashMap<>();
    private final List<ServerRegistration> servers = new ArrayList<>();
    private CarrierProfile profile;
    private String endpoint;
    private boolean hasBootstrapServer;
    private boolean reportPending;

    /** A manager running on {@code queue}, posting through {@code post} and reporting to {@code events}. */
    public RegistrationManager(LwM2mOs os, WorkQueue queue, Executor post, EventSink events, CarrierConfig config,
            TransportTiming timing, Host host) {
        this.os = Objects.requireNonNull(os, "os");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.post = Objects.requireNonNull(post, "post");
        this.events = Objects.requireNonNull(events, "events");
        this.config = Objects.requireNonNull(config, "config");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.host = Objects.requireNonNull(host, "host");
    }

    /**
     * Takes the DM servers of {@code accounts}; registers with them unless {@code manual} (then a REGISTER
     * request starts them).
     *
     * @throws OsException {@code ENOMEM} if the OS has no timer left for a server
     */
    public void start(ServerAccounts accounts, CarrierProfile carrier, String endpointName, boolean manual) throws OsException {
        stop();
        this.profile = carrier;
        this.endpoint = endpointName;
        this.hasBootstrapServer = accounts.bootstrapServer().isPresent();
        servers.clear();
        for (SecurityInstance account : accounts.registrableDmServers()) {
            Slot slot = slot(account.shortServerId());
            slot.registration = new ServerRegistration(account, new RegistrationHost(), slot.retrier, slot.updateTimer, slot.idle);
            servers.add(slot.registration);
        }
        for (SecurityInstance account : accounts.dmServers()) {
            if (accounts.server(account.shortServerId()).isEmpty()) {
                LOG.warn("DM server {} has no Server instance; not registering", account.shortServerId());
            }
        }
        if (manual) {
            LOG.info("auto-register is off for {}: waiting for a REGISTER request", carrier.id());
            return;
        }
        register();
    }

    private Slot slot(int ssid) throws OsException {
        Slot existing = slots.get(ssid);
        if (existing != null) {
            return existing;
        }
        Slot slot = new Slot();
        String name = "server " + ssid;
        slot.retrier = new Retrier(name, os.scheduler().newTimer(() -> slot.retrier.fire()), queue, profile.dmRetry(),
                events::emit, () -> config.numbering().error(io.carrieremu.core.event.Failure.SERVER_RETRIES_EXHAUSTED, Errno.EHOSTUNREACH));
        slot.updateTimer = os.scheduler().newTimer(() -> {
            if (slot.registration != null) {
                slot.registration.updateDue();
            }
        });
        slot.idle = new SessionIdleMonitor(os, queue, post, os.scheduler().newTimer(() -> slot.idle.fire()),
                config.effectiveSessionIdleTimeout(), name);
        slots.put(ssid, slot);
        return slot;
    }

    /** Registers with every server (a start, or a REGISTER request): REGISTERED follows when all are. */
    public void register() {
        reportPending = true;
        for (ServerRegistration server : servers) {
            server.retrier().reset();
            server.start();
        }
    }

    /** The link and PDN are up: registrations waiting for them go ahead. */
    public void networkReady() {
        for (ServerRegistration server : List.copyOf(servers)) {
            server.networkReady();
        }
    }

    /** True if any server is registered now. */
    public boolean anyRegistered() {
        return servers.stream().anyMatch(ServerRegistration::registered);
    }

    /** True if a Register is in flight or a server's retry waits on its timer. */
    public boolean registrationPending() {
        return servers.stream().anyMatch(s -> s.state() == ServerRegistration.State.REGISTERING
                || s.state() == ServerRegistration.State.WAITING_RETRY && s.retrier().pending());
    }

    /** True if there are servers to register with. */
    public boolean hasServers() {
        return !servers.isEmpty();
    }

    /** The Server instance of {@code shortServerId} needs an Update (trigger, lifetime or binding write). */
    public void updateRequested(int shortServerId, String why) {
        servers.stream().filter(s -> s.shortServerId() == shortServerId).forEach(s -> s.updateRequested(why));
    }

    /** The object links changed: every registered server gets an Update with them. */
    public void objectLinksChanged() {
        servers.forEach(s -> s.updateRequested("object links changed"));
    }

    /** De-registers from every registered server; {@code done} runs once all answered or gave up. */
    public void deregisterAll(Runnable done) {
        reportPending = false;
        List<ServerRegistration> registered = servers.stream().filter(ServerRegistration::registered).toList();
        if (registered.isEmpty()) {
            done.run();
            return;
        }
        int[] left = {registered.size()};
        for (ServerRegistration server : registered) {
            server.deregister(() -> {
                if (--left[0] == 0) {
                    done.run();
                }
            });
        }
    }

    /** Closes every server's DTLS session (close_notify); {@code done} runs once every alert left. */
    public void closeSessions(Runnable done) {
        List<ServerRegistration> open = servers.stream().filter(s -> s.connection() != null).toList();
        if (open.isEmpty()) {
            done.run();
            return;
        }
        int[] left = {open.size()};
        for (ServerRegistration server : open) {
            server.closeSession(() -> {
                if (--left[0] == 0) {
                    done.run();
                }
            });
        }
    }

    /**
     * Runs {@code action} once the answer to {@code from}'s current request has left (an Execute whose
     * effect tears the connection down must be answered first).
     */
    public void afterAnswerTo(LwM2mServer from, Runnable action) {
        for (ServerRegistration server : servers) {
            if (server.connection() != null && server.connection().server().equals(from)) {
                server.afterNextAnswer(action);
                return;
            }
        }
        action.run();
    }

    /** Stops the registrations for now (modem shutdown); {@link #register()} starts them again. */
    public void suspend() {
        reportPending = false;
        servers.forEach(ServerRegistration::suspend);
    }

    /** Stops every registration without de-registering. */
    public void stop() {
        reportPending = false;
        servers.forEach(ServerRegistration::stop);
    }

    /** The connection of DM server {@code shortServerId} while it is registered. */
    public Optional<ServerConnection> registeredConnection(int shortServerId) {
        return servers.stream().filter(s -> s.shortServerId() == shortServerId && s.registered() && s.connection() != null)
                .map(ServerRegistration::connection).findFirst();
    }

    /** The short server ids registered now. */
    public List<Integer> registeredIds() {
        return servers.stream().filter(ServerRegistration::registered).map(ServerRegistration::shortServerId).toList();
    }

    private void changed(ServerRegistration registration) {
        if (!reportPending || servers.isEmpty()) {
            return;
        }
        boolean settled = servers.stream().allMatch(s -> s.registered() || s.state() == ServerRegistration.State.GAVE_UP);
        List<Integer> registered = registeredIds();
        if (settled && !registered.isEmpty()) {
            reportPending = false;
            LOG.info("registered to DM servers {}", registered);
            events.emit(new CarrierEvent.Registered(registered));
        }
    }

    /** Releases every timer. */
    @Override
    public void close() {
        stop();
        for (Slot slot : slots.values()) {
            slot.retrier.close();
            slot.updateTimer.close();
            slot.idle.close();
        }
        slots.clear();
        servers.clear();
    }

    /** What each server's registration gets from the manager. */
    private final class RegistrationHost implements ServerRegistration.Host {
        @Override
        public LwM2mOs os() {
            return os;
        }

        @Override
        public WorkQueue queue() {
            return queue;
        }

        @Override
        public Executor post() {
            return post;
        }

        @Override
        public DeviceClient client() {
            return host.client();
        }

        @Override
        public boolean networkReady() {
            return host.networkReady();
        }

        @Override
        public int pdnId() {
            return host.pdnId();
        }

        @Override
        public String endpoint() {
            return endpoint;
        }

        @Override
        public boolean queueMode() {
            return !config.disableQueueMode();
        }

        @Override
        public Duration exchangeLifetime() {
            return timing.exchangeLifetime();
        }

        @Override
        public long lifetimeSeconds(int shortServerId) {
            return host.lifetimeSeconds(shortServerId);
        }

        @Override
        public Optional<Duration> badRequestRetry() {
            return profile.badRequestRetry();
        }

        @Override
        public boolean hasBootstrapServer() {
            return hasBootstrapServer;
        }

        @Override
        public void changed(ServerRegistration registration) {
            RegistrationManager.this.changed(registration);
        }

        @Override
        public void rebootstrap(String why) {
            host.rebootstrap(why);
        }
    }

}
