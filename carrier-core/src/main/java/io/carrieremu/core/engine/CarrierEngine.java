package io.carrieremu.core.engine;

import io.carrieremu.core.CarrierEventHandler;
import io.carrieremu.core.Errno;
import io.carrieremu.core.MainResult;
import io.carrieremu.core.ModemInitResult;
import io.carrieremu.core.ModemMode;
import io.carrieremu.core.Request;
import io.carrieremu.core.Result;
import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.bootstrap.BootstrapConfig;
import io.carrieremu.core.bootstrap.BootstrapSession;
import io.carrieremu.core.bootstrap.MalformedBootstrapDataException;
import io.carrieremu.core.bootstrap.SecurityInstance;
import io.carrieremu.core.bootstrap.ServerInstance;
import io.carrieremu.core.bootstrap.SmartcardRecordDecoder;
import io.carrieremu.core.carrier.CarrierDetector;
import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.carrier.Detection;
import io.carrieremu.core.carrier.Identity;
import io.carrieremu.core.carrier.Subscriber;
import io.carrieremu.core.carrier.SubscriberReader;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.config.ConfigViolation;
import io.carrieremu.core.credential.Credential;
import io.carrieremu.core.credential.Psk;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsSemaphore;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.Subscription;
import io.carrieremu.core.os.WorkQueue;
import io.carrieremu.core.registration.DmServerClient;
import io.carrieremu.core.storage.BootstrapState;
import io.carrieremu.core.storage.BootstrapStateStore;
import io.carrieremu.core.transport.TransportTiming;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The carrier core's state machine: modem init, subscriber detection, the choice of bootstrap source
 * (SIM record, custom server, factory profile), the vendor's first-boot sequence of link requests and
 * credential writes, the bootstrap session, persistence, and the deferral of failed attempts.
 *
 * <p>Every input — a modem hook, a timer, a network notification — is posted to work queue 0 and
 * handled there, one at a time, in {@link #state}'s terms; events reach the application's handler
 * from there, in order. Nothing here reads a clock or starts a thread: time and threads are the OS
 * layer's.
 */
public final class CarrierEngine {

    /** Sec tag the emulator's factory bootstrap PSK is provisioned in, standing in for the vendor's compiled-in keys. */
    public static final int FACTORY_BOOTSTRAP_KEY_TAG = 1000;
    /** First sec tag the library writes its credentials to when no server sec tag is configured. */
    public static final int DEFAULT_FIRST_SEC_TAG = 25;
    /** Retry after a credential write refused because the link was up. */
    static final Duration CREDENTIAL_RETRY = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(CarrierEngine.class);

    /** Where the engine is. */
    enum State {
        WAIT_MODEM_INIT, WAIT_SIM, WAIT_MSISDN, BS_LINK_DOWN, BS_LINK_UP, BOOTSTRAPPING, BOOTSTRAP_RETRY,
        DM_LINK_DOWN, DM_LINK_UP, READY, HALTED, STOPPED
    }

    /** Where the bootstrap information comes from. */
    private record Source(String name, Optional<SecurityInstance> bootstrapServer, BootstrapConfig direct) {
    }

    private final LwM2mOs os;
    private final CarrierConfig config;
    private final CarrierEventHandler handler;
    private final CarrierProfiles profiles;
    private final TransportTiming timing;
    private final WorkQueue queue;
    private final BootstrapStateStore store;
    private final OsSemaphore finished;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private volatile MainResult result;

    private State state = State.WAIT_MODEM_INIT;
    private boolean linkActive;
    private boolean registered;
    private Subscriber subscriber;
    private CarrierProfile profile;
    private Identity identity;
    private Source source;
    private BootstrapConfig bootstrapResult;
    private int bootstrapFailures;
    private int msisdnWaits;
    private OsTimer timer;
    private Runnable onTimer = () -> { };
    private final java.util.Map<Integer, DmServer> dmServers = new java.util.LinkedHashMap<>();
    private boolean reportedRegistered;
    /** Register rejections (4.03/4.04) that sent the device back to bootstrap, by server; kept across re-bootstraps. */
    private final java.util.Map<Integer, Integer> registrationRejections = new java.util.HashMap<>();
    private boolean registrationScheduled;
    private int pdnCid = -1;
    private int pdnId = -1;
    private int pdnFailures;

    /** Registration state of one DM server: its client, its timer (update or retry), its failures. */
    private static final class DmServer {
        final DmServerClient client;
        final OsTimer timer;
        final OsTimer idleTimer;
        /** Set from connector threads when traffic arms the idle timer; cleared when the timer settles. */
        final java.util.concurrent.atomic.AtomicBoolean idleArmed = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable onTimer = () -> { };
        int failures;
        boolean gaveUp;

        DmServer(DmServerClient client, OsTimer timer, OsTimer idleTimer) {
            this.client = client;
            this.timer = timer;
            this.idleTimer = idleTimer;
        }
    }

    /**
     * An engine listening to the modem; inputs may arrive from now on, before {@link #run()}.
     *
     * @throws OsException {@code ENOMEM} if the OS layer has no timer left
     */
    public CarrierEngine(LwM2mOs os, CarrierConfig config, CarrierEventHandler handler, CarrierProfiles profiles,
            TransportTiming timing) throws OsException {
        this.os = os;
        this.config = config;
        this.handler = handler;
        this.profiles = profiles;
        this.timing = timing;
        this.queue = os.scheduler().workQueue(0, "lwm2m_carrier");
        this.store = new BootstrapStateStore(os.storage());
        this.finished = os.scheduler().newSemaphore(0, 1);
        this.timer = os.scheduler().newTimer(() -> onTimer.run());
        subscriptions.add(os.at().subscribe("+CEREG", line -> post(() -> onCereg(line))));
    }

    /** Blocks the calling thread until the engine stops, and says why. */
    public MainResult run() {
        finished.take(OsSemaphore.FOREVER);
        return result;
    }

    // ------------------------------------------------------------------ inputs (any thread)

    public void modemInit(ModemInitResult initResult) {
        post(() -> onModemInit(initResult));
    }

    public void modemCfun(ModemMode mode) {
        post(() -> onCfun(mode));
    }

    public void modemShutdown() {
        post(() -> {
            linkActive = false;
            registered = false;
            if (state != State.STOPPED && state != State.HALTED) {
                state = State.WAIT_MODEM_INIT;
            }
        });
    }

    /**
     * Handles an application request on the work queue and returns its outcome (waiting for the queue
     * when called from another thread; inline when called from an event handler).
     */
    public Result request(Request request) {
        if (queue.isCurrentThread()) {
            return handleRequest(request);
        }
        OsSemaphore done = os.scheduler().newSemaphore(0, 1);
        Result[] outcome = {Result.error(Errno.EBADR)};
        queue.submit(() -> {
            try {
                if (state != State.STOPPED) {
                    outcome[0] = handleRequest(request);
                }
            } finally {
                done.give();
            }
        });
        done.take(OsSemaphore.FOREVER);
        return outcome[0];
    }

    /** True if a DM server not registered now has its next Register attempt waiting on its retry timer. */
    private boolean registrationRetryPending() {
        return dmServers.values().stream()
                .anyMatch(server -> server.client.registrationId() == null && !server.gaveUp && server.timer.isPending());
    }

    private boolean registrationControlAllowed() {
        return profile != null && (profile.carrier() == Carrier.SOFTBANK || profile.carrier() == Carrier.GENERIC);
    }

    private Result handleRequest(Request request) {
        switch (request) {
            case REBOOT -> {
                emit(new CarrierEvent.LtePowerOff());
                reboot();
                return Result.OK;
            }
            case LINK_UP -> {
                emit(new CarrierEvent.LteLinkUp());
                return Result.OK;
            }
            case LINK_DOWN -> {
                if (profile != null && (profile.carrier() == Carrier.LG_UPLUS || profile.carrier() == Carrier.SOFTBANK)
                        && deregisterAll()) {
                    emit(new CarrierEvent.Deregistered());
                }
                emit(new CarrierEvent.LteLinkDown());
                return Result.OK;
            }
            case REGISTER -> {
                if (!registrationControlAllowed()) {
                    return Result.error(Errno.EPERM);
                }
                if (state != State.READY || bootstrapResult == null) {
                    return Result.error(Errno.EBADR);
                }
                if (registrationScheduled || registrationRetryPending()) {
                    return Result.error(Errno.EALREADY);
                }
                registrationScheduled = true;
                startRegistrations();
                for (int ssid : dmServers.keySet()) {
                    DmServer server = dmServers.get(ssid);
                    server.gaveUp = false;
                    server.failures = 0;
                    post(() -> attemptRegistration(ssid));
                }
                post(() -> registrationScheduled = false);
                return Result.OK;
            }
            case DEREGISTER -> {
                if (!registrationControlAllowed()) {
                    return Result.error(Errno.EPERM);
                }
                if (dmServers.values().stream().noneMatch(server -> server.client.registrationId() != null)) {
                    return Result.error(Errno.EBADR);
                }
                post(() -> {
                    if (deregisterAll()) {
                        emit(new CarrierEvent.Deregistered());
                    }
                });
                return Result.OK;
            }
            default -> {
                return Result.error(Errno.EINVAL);
            }
        }
    }

    /** Deregisters from every server registered now; true if any was. */
    private boolean deregisterAll() {
        boolean any = false;
        for (DmServer server : dmServers.values()) {
            server.timer.cancel(false);
            server.idleTimer.cancel(false);
            if (server.client.registrationId() != null) {
                server.client.deregister();
                any = true;
            }
        }
        return any;
    }

    /** Stops the engine: timers cancelled, subscriptions closed; {@link #run()} returns STOPPED. */
    public void stop() {
        post(() -> finish(MainResult.STOPPED));
    }

    private void post(Runnable work) {
        queue.submit(() -> {
            if (state == State.STOPPED) {
                return;
            }
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.error("carrier engine fault in state {}", state, e);
                finish(MainResult.INTERNAL_FAULT);
            }
        });
    }

    private void finish(MainResult mainResult) {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        result = mainResult;
        if (timer != null) {
            timer.close();
        }
        closeDmServers();
        subscriptions.forEach(Subscription::close);
        finished.give();
    }

    private int emit(CarrierEvent event) {
        LOG.debug("event {}", event);
        return handler.onEvent(event);
    }

    private void schedule(Duration delay, Runnable action) {
        onTimer = () -> post(action);
        timer.start(queue, delay);
    }

    // ------------------------------------------------------------------ state machine

    private void onModemInit(ModemInitResult initResult) {
        if (initResult == ModemInitResult.IO_ERROR) {
            emit(new CarrierEvent.Error(ErrorType.INIT, Errno.EIO));
            return;
        }
        if (state == State.WAIT_MODEM_INIT) {
            state = State.WAIT_SIM;
            subscribeToModem();
            detect();
        }
    }

    private void subscribeToModem() {
        for (String command : List.of("AT+CMEE=1", "AT+CEREG=5", "AT+CGEREP=1", "AT+CNEC=16")) {
            try {
                os.at().send(command);
            } catch (OsException e) {
                LOG.warn("{} failed: {}", command, e.getMessage());
            }
        }
    }

    private void onCfun(ModemMode mode) {
        boolean wasActive = linkActive;
        linkActive = mode == ModemMode.LTE_ACTIVATED;
        if (!linkActive) {
            registered = false;
            pdnId = -1;
        }
        switch (state) {
            case WAIT_SIM -> detect();
            case BS_LINK_DOWN -> {
                if (!linkActive) {
                    writeBootstrapCredentials();
                }
            }
            case DM_LINK_DOWN -> {
                if (!linkActive) {
                    writeDmCredentials();
                }
            }
            case BS_LINK_UP, DM_LINK_UP -> {
                if (linkActive && !wasActive) {
                    checkRegistration();
                }
            }
            default -> {
            }
        }
    }

    private void onCereg(String line) {
        try {
            Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, "+CEREG");
            if (params.isEmpty() || params.get().isEmpty()) {
                return;
            }
            int stat = params.get().get(0).asInt();
            boolean nowRegistered = stat == 1 || stat == 5;
            if (nowRegistered && !registered && linkActive) {
                registered = true;
                onRegistered();
            } else if (!nowRegistered) {
                registered = false;
            }
        } catch (AtSyntaxException e) {
            LOG.warn("ignoring malformed +CEREG: {}", e.getMessage());
        }
    }

    private void checkRegistration() {
        try {
            AtResponse response = os.at().send("AT+CEREG?");
            for (String line : response.lines()) {
                Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, "+CEREG");
                if (params.isPresent() && params.get().size() >= 2) {
                    int stat = params.get().get(1).asInt();
                    if (stat == 1 || stat == 5) {
                        registered = true;
                        onRegistered();
                    }
                }
            }
        } catch (OsException | AtSyntaxException e) {
            LOG.warn("cannot read the registration state: {}", e.getMessage());
        }
    }

    private void onRegistered() {
        if ((state == State.BS_LINK_UP || state == State.DM_LINK_UP) && !ensurePdn()) {
            return;
        }
        switch (state) {
            case BS_LINK_UP -> startBootstrap();
            case DM_LINK_UP -> {
                state = State.READY;
                startRegistrations();
            }
            default -> {
            }
        }
    }

    /** The APN the profile's rules select, or empty for the default context. */
    private Optional<String> customApn() {
        if (config.apn().isEmpty() || profile.customApn() != CarrierProfile.CustomApn.REPLACE) {
            return Optional.empty();
        }
        return Optional.of(config.apn());
    }

    /**
     * Activates the PDN the library uses, if it is not the default one. On rejection reports
     * {@code DEFERRED{PDN_ACTIVATE}} with the profile's PDN schedule and tries again then.
     *
     * @return true when the PDN is ready
     */
    private boolean ensurePdn() {
        Optional<String> apn = customApn();
        if (apn.isEmpty() || pdnId >= 0) {
            return true;
        }
        try {
            if (pdnCid < 0) {
                pdnCid = os.pdn().createContext((cid, event, reason) -> LOG.debug("PDN {}: {} {}", cid, event, reason));
                os.pdn().configure(pdnCid, apn.get(), familyOf(config.pdnType()));
            }
            os.pdn().activate(pdnCid);
            pdnId = os.pdn().pdnId(pdnCid);
            pdnFailures = 0;
            return true;
        } catch (OsException e) {
            pdnFailures++;
            Duration delay = profile.pdnRetry().delayAfter(pdnFailures).orElse(profile.pdnRetry().delays()
                    .get(profile.pdnRetry().delays().size() - 1));
            LOG.info("PDN activation for {} failed: {}", apn.get(), e.getMessage());
            emit(new CarrierEvent.Deferred(DeferredReason.PDN_ACTIVATE, (int) delay.toSeconds()));
            State waiting = state;
            schedule(delay, () -> {
                if (state == waiting && linkActive && registered) {
                    onRegistered();
                }
            });
            return false;
        }
    }

    private static io.carrieremu.core.os.PdnFamily familyOf(int pdnType) {
        return switch (pdnType) {
            case 1 -> io.carrieremu.core.os.PdnFamily.IPV4;
            case 2 -> io.carrieremu.core.os.PdnFamily.IPV6;
            case 3 -> io.carrieremu.core.os.PdnFamily.NONIP;
            default -> io.carrieremu.core.os.PdnFamily.IPV4V6;
        };
    }

    /** The PDN id the library's traffic uses: the custom APN's, or 0 for the default context. */
    private int pdnForTraffic() {
        return pdnId >= 0 ? pdnId : 0;
    }

    // ------------------------------------------------------------------ detection

    private void detect() {
        try {
            subscriber = new SubscriberReader(os.at()).read();
        } catch (OsException e) {
            LOG.debug("SIM not readable yet ({}); waiting for the modem", e.getMessage());
            return;
        }
        Detection detection = new CarrierDetector(profiles).detect(subscriber, config.enabledCarriers());
        if (detection instanceof Detection.Unsupported unsupported) {
            LOG.warn("subscriber of {} is not supported and generic mode is not enabled", unsupported.subscriberCarrier());
            emit(new CarrierEvent.Error(ErrorType.CONNECT, Errno.ENOTSUP));
            state = State.HALTED;
            return;
        }
        profile = ((Detection.Detected) detection).profile();
        List<ConfigViolation> violations = config.validateFor(profile.carrier());
        if (!violations.isEmpty()) {
            LOG.error("Invalid configuration for {}: {}", profile.carrier(), violations.get(0));
            emit(new CarrierEvent.Error(ErrorType.CONFIGURATION, violations.get(0).errno()));
            finish(MainResult.INVALID_CONFIG);
            return;
        }
        Optional<BootstrapState> stored = loadState();
        if (stored.isPresent() && (stored.get().carrier() != profile.carrier() || !stored.get().iccid().equals(subscriber.iccid()))) {
            LOG.info("SIM or carrier changed since the last run ({} -> {}); rebooting for a new bootstrap",
                    stored.get().carrier(), profile.carrier());
            clearState();
            reboot();
            return;
        }
        identify(stored);
    }

    private void identify(Optional<BootstrapState> stored) {
        Optional<Identity> known = Identity.of(profile, subscriber);
        if (known.isEmpty()) {
            msisdnWaits++;
            Duration wait = profile.bootstrapRetry().delays()
                    .get(Math.min(msisdnWaits, profile.bootstrapRetry().delays().size()) - 1);
            state = State.WAIT_MSISDN;
            emit(new CarrierEvent.Deferred(DeferredReason.SIM_MSISDN, (int) wait.toSeconds()));
            schedule(wait, this::rereadMsisdn);
            return;
        }
        identity = known.get();
        String msisdn = subscriber.msisdn().orElse("");
        boolean needsBootstrap = stored.isEmpty()
                || !Arrays.equals(stored.get().settingsFingerprint(), config.serverSettingsFingerprint())
                || (profile.msisdnRequired() && !stored.get().msisdn().equals(msisdn))
                || profile.bootstrapAtEveryStart();
        if (!needsBootstrap) {
            bootstrapResult = stored.get().config();
            state = State.DM_LINK_UP;
            if (linkActive) {
                checkRegistration();
            }
            return;
        }
        if (stored.isPresent()) {
            LOG.info("server settings or subscriber changed: factory reset and new bootstrap");
            clearState();
        }
        source = chooseSource();
        if (source == null) {
            state = State.HALTED;
            return;
        }
        requestLinkDown(source.bootstrapServer().isPresent() ? State.BS_LINK_DOWN : State.DM_LINK_DOWN);
    }

    private void rereadMsisdn() {
        try {
            subscriber = new Subscriber(subscriber.imei(), subscriber.imsi(), subscriber.iccid(),
                    new SubscriberReader(os.at()).msisdn(), subscriber.operatorId());
        } catch (OsException e) {
            LOG.debug("MSISDN not readable: {}", e.getMessage());
        }
        identify(loadState());
    }

    private Optional<BootstrapState> loadState() {
        try {
            return store.load();
        } catch (OsException e) {
            LOG.warn("cannot read the bootstrap state: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void clearState() {
        try {
            store.clear();
        } catch (OsException e) {
            LOG.warn("cannot clear the bootstrap state: {}", e.getMessage());
        }
    }

    private void reboot() {
        if (emit(new CarrierEvent.Reboot()) == 0) {
            finish(MainResult.STOPPED);
            os.system().reboot();
        } else {
            finish(MainResult.STOPPED);
        }
    }

    // ------------------------------------------------------------------ bootstrap sources

    private int firstSecTag() {
        return config.serverSecTag() != 0 ? config.serverSecTag() + 1 : DEFAULT_FIRST_SEC_TAG;
    }

    /** SIM record, then custom server settings, then the factory profile; null when none is usable. */
    private Source chooseSource() {
        Optional<Source> sim = simSource();
        if (sim.isPresent()) {
            return sim.get();
        }
        if (config.serverSettingsApply() && config.hasCustomServer()) {
            return customSource();
        }
        return factorySource();
    }

    private Optional<Source> simSource() {
        if (!os.uicc().bootstrapEnabled()) {
            return Optional.empty();
        }
        try {
            Optional<byte[]> record = os.uicc().readBootstrapRecord(4096);
            if (record.isEmpty()) {
                return Optional.empty();
            }
            BootstrapConfig sim = SmartcardRecordDecoder.decode(record.get());
            return Optional.of(new Source("SIM", sim.bootstrapServer(),
                    new BootstrapConfig(sim.dmServers(), sim.servers())));
        } catch (MalformedBootstrapDataException e) {
            LOG.warn("SIM bootstrap record is malformed ({}); using the next source", e.getMessage());
            emit(new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.EBADMSG));
        } catch (OsException e) {
            if (e.errno() != Errno.ENOTSUP) {
                LOG.warn("cannot read the SIM bootstrap record ({}); using the next source", e.getMessage());
                emit(new CarrierEvent.Error(ErrorType.BOOTSTRAP, e.errno()));
            }
        }
        return Optional.empty();
    }

    private Source customSource() {
        byte[] key = psk(config.serverSecTag()).map(Psk::bytes).orElse(new byte[0]);
        byte[] pskIdentity = identityOf(config.serverSecTag()).getBytes(StandardCharsets.UTF_8);
        int mode = key.length == 0 ? SecurityInstance.MODE_NO_SEC : SecurityInstance.MODE_PSK;
        if (config.isBootstrapServer()) {
            return new Source("custom bootstrap server",
                    Optional.of(new SecurityInstance(0, config.serverUri(), true, mode, pskIdentity, key, 0, 0)), null);
        }
        int ssid = profile.serverIds().dm().get(0);
        long lifetime = config.serverLifetime() != 0 ? config.serverLifetime() : profile.lifetimeSeconds();
        return new Source("custom server", Optional.empty(), new BootstrapConfig(
                List.of(new SecurityInstance(1, config.serverUri(), false, mode, pskIdentity, key, ssid, 0)),
                List.of(new ServerInstance(0, ssid, lifetime, false, profile.binding()))));
    }

    private Source factorySource() {
        Optional<Psk> key = psk(FACTORY_BOOTSTRAP_KEY_TAG);
        if (key.isEmpty()) {
            LOG.error("no factory bootstrap key in sec tag {} for {}", FACTORY_BOOTSTRAP_KEY_TAG, profile.id());
            emit(new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.ENOENT));
            return null;
        }
        byte[] pskIdentity = identity.pskIdentity().getBytes(StandardCharsets.UTF_8);
        if (profile.usesBootstrapServer()) {
            return new Source("factory bootstrap server " + profile.bootstrapUri(), Optional.of(new SecurityInstance(0,
                    profile.bootstrapUri(), true, SecurityInstance.MODE_PSK, pskIdentity, key.get().bytes(), 0, 0)), null);
        }
        int ssid = profile.serverIds().dm().get(0);
        return new Source("factory server " + profile.dmUri(), Optional.empty(), new BootstrapConfig(
                List.of(new SecurityInstance(1, profile.dmUri(), false, SecurityInstance.MODE_PSK, pskIdentity, key.get().bytes(), ssid, 0)),
                List.of(new ServerInstance(0, ssid, profile.lifetimeSeconds(), false, profile.binding()))));
    }

    private Optional<Psk> psk(int secTag) {
        try {
            return os.credentials().psk(secTag);
        } catch (OsException e) {
            LOG.warn("cannot read sec tag {}: {}", secTag, e.getMessage());
            return Optional.empty();
        }
    }

    private String identityOf(int secTag) {
        try {
            return os.credentials().pskIdentity(secTag).orElse(identity.pskIdentity());
        } catch (OsException e) {
            return identity.pskIdentity();
        }
    }

    // ------------------------------------------------------------------ the first-boot sequence

    private void requestLinkDown(State next) {
        state = next;
        emit(new CarrierEvent.LteLinkDown());
        if (!linkActive && state == next) {
            // Already offline: no CFUN change will come.
            onCfun(ModemMode.LTE_DEACTIVATED);
        }
    }

    private void requestLinkUp(State next) {
        state = next;
        emit(new CarrierEvent.LteLinkUp());
        if (linkActive && state == next) {
            checkRegistration();
        }
    }

    private void writeBootstrapCredentials() {
        SecurityInstance server = source.bootstrapServer().orElseThrow();
        if (!writeCredentials(firstSecTag(), server)) {
            return;
        }
        requestLinkUp(State.BS_LINK_UP);
    }

    /** Writes identity and key of {@code server} to {@code secTag}; on refusal reports and schedules a retry. */
    private boolean writeCredentials(int secTag, SecurityInstance server) {
        if (server.securityMode() != SecurityInstance.MODE_PSK) {
            return true;
        }
        try {
            os.credentials().write(secTag, new Credential(io.carrieremu.core.credential.CredentialType.PSK_IDENTITY, server.identity()));
            os.credentials().write(secTag, Credential.psk(Psk.ofBytes(server.secretKey())));
            return true;
        } catch (OsException e) {
            Errno errno = e.errno() == Errno.EACCES ? Errno.EACCES : e.errno();
            LOG.warn("writing sec tag {} failed: {}; retrying in 24 h", secTag, e.getMessage());
            emit(new CarrierEvent.Error(ErrorType.BOOTSTRAP, errno));
            State retryFrom = state;
            state = State.HALTED;
            schedule(CREDENTIAL_RETRY, () -> requestLinkDown(retryFrom));
            return false;
        }
    }

    private void startBootstrap() {
        state = State.BOOTSTRAPPING;
        BootstrapSession.Outcome outcome = new BootstrapSession(os, timing, pdnForTraffic())
                .run(source.bootstrapServer().orElseThrow(), identity.endpointName());
        if (state != State.BOOTSTRAPPING) {
            return;
        }
        if (outcome instanceof BootstrapSession.Outcome.Success success) {
            bootstrapFailures = 0;
            bootstrapResult = success.config();
            requestLinkDown(State.DM_LINK_DOWN);
            return;
        }
        BootstrapSession.Outcome.Failure failure = (BootstrapSession.Outcome.Failure) outcome;
        bootstrapFailures++;
        Optional<Duration> delay = profile.bootstrapRetry().delayAfter(bootstrapFailures);
        LOG.info("bootstrap attempt {} failed: {} ({})", bootstrapFailures, failure.reason(), failure.detail());
        if (delay.isEmpty()) {
            emit(new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH));
            state = State.HALTED;
            return;
        }
        state = State.BOOTSTRAP_RETRY;
        emit(new CarrierEvent.Deferred(failure.reason(), (int) delay.get().toSeconds()));
        schedule(delay.get(), () -> {
            if (state == State.BOOTSTRAP_RETRY) {
                state = State.BS_LINK_UP;
                if (linkActive && registered) {
                    startBootstrap();
                } else if (linkActive) {
                    checkRegistration();
                }
            }
        });
    }

    private void writeDmCredentials() {
        BootstrapConfig dm = source.bootstrapServer().isPresent() ? bootstrapResult : source.direct();
        int secTag = firstSecTag() + 1;
        for (SecurityInstance server : dm.dmServers()) {
            if (!writeCredentials(secTag++, server)) {
                return;
            }
        }
        bootstrapResult = dm;
        try {
            store.save(new BootstrapState(profile.carrier(), subscriber.iccid(), subscriber.msisdn().orElse(""),
                    config.serverSettingsFingerprint(), dm));
        } catch (OsException e) {
            LOG.warn("cannot persist the bootstrap state: {}", e.getMessage());
        }
        if (source.bootstrapServer().isPresent()) {
            emit(new CarrierEvent.Bootstrapped());
        }
        requestLinkUp(State.DM_LINK_UP);
    }

    // ------------------------------------------------------------------ registration

    private void startRegistrations() {
        if (!dmServers.isEmpty()) {
            return;
        }
        createDmServers();
    }

    private void createDmServers() {
        boolean queueMode = !config.disableQueueMode();
        for (SecurityInstance security : bootstrapResult.dmServers()) {
            Optional<ServerInstance> server = bootstrapResult.server(security.shortServerId());
            if (server.isEmpty()) {
                LOG.warn("DM server {} has no Server instance; not registering", security.shortServerId());
                continue;
            }
            DmServer state;
            try {
                DmServer[] holder = new DmServer[1];
                OsTimer serverTimer = os.scheduler().newTimer(() -> post(() -> holder[0].onTimer.run()));
                int ssid = security.shortServerId();
                OsTimer idleTimer = os.scheduler().newTimer(() -> post(() -> onSessionIdleTimer(ssid)));
                DmServerClient.Listener listener = new DmServerClient.Listener() {
                    @Override
                    public void updateRequested() {
                        post(() -> attemptRegistration(ssid));
                    }

                    @Override
                    public void bootstrapRequested() {
                        post(() -> rebootstrap("Bootstrap-Request Trigger from server " + ssid));
                    }

                    @Override
                    public void factoryResetRequested() {
                        post(() -> rebootstrap("Factory Reset from server " + ssid));
                    }

                    @Override
                    public void activity() {
                        Optional<Duration> idle = config.effectiveSessionIdleTimeout();
                        if (idle.isPresent() && holder[0] != null && holder[0].idleArmed.compareAndSet(false, true)) {
                            post(() -> holder[0].idleTimer.start(queue, idle.get()));
                        }
                    }
                };
                state = new DmServer(new DmServerClient(os, security, server.get(), identity.endpointName(), queueMode,
                        config.effectiveCoapConInterval(), timing,
                        pdnForTraffic(), listener), serverTimer, idleTimer);
                holder[0] = state;
            } catch (OsException e) {
                LOG.error("no timer left for DM server {}: {}", security.shortServerId(), e.getMessage());
                emit(new CarrierEvent.Error(ErrorType.INIT, e.errno()));
                continue;
            }
            dmServers.put(security.shortServerId(), state);
        }
        boolean manual = (config.disableAutoRegister() || !profile.autoRegister()) && registrationControlAllowed();
        if (manual) {
            LOG.info("auto-register is off for {}: waiting for a REGISTER request", profile.id());
            return;
        }
        for (int ssid : dmServers.keySet()) {
            post(() -> attemptRegistration(ssid));
        }
    }

    private void attemptRegistration(int ssid) {
        DmServer server = dmServers.get(ssid);
        if (server == null || server.gaveUp || state != State.READY) {
            return;
        }
        DmServerClient.Outcome outcome = server.client.registrationId() == null ? server.client.register() : server.client.update();
        if (state != State.READY || Thread.currentThread().isInterrupted()) {
            return;
        }
        if (outcome instanceof DmServerClient.Outcome.Registered) {
            server.failures = 0;
            registrationRejections.remove(ssid);
            if (!reportedRegistered) {
                reportedRegistered = true;
                emit(new CarrierEvent.Registered());
            }
            long lifetime = server.client.lifetimeSeconds();
            long margin = Math.max(timing.exchangeLifetime().toSeconds(), lifetime / 10);
            scheduleServer(server, Duration.ofSeconds(Math.max(1, lifetime - margin)), () -> attemptRegistration(ssid));
            return;
        }
        DmServerClient.Outcome.Failed failure = (DmServerClient.Outcome.Failed) outcome;
        // LwM2M: a server that does not know the client (4.03/4.04) sends it back to the bootstrap server.
        // Those rejections are counted across re-bootstraps, so the DM schedule still runs out.
        boolean backToBootstrap = (failure.responseCode() == 403 || failure.responseCode() == 404) && hasBootstrapServer();
        int attempt = backToBootstrap ? registrationRejections.merge(ssid, 1, Integer::sum) : ++server.failures;
        Optional<Duration> delay = failure.responseCode() == 400 && profile.badRequestRetry().isPresent()
                ? profile.badRequestRetry()
                : profile.dmRetry().delayAfter(attempt);
        LOG.info("registration to server {} failed (attempt {}): {} ({}){}", ssid, attempt, failure.reason(), failure.detail(),
                backToBootstrap ? "; the retry is a new bootstrap" : "");
        if (delay.isEmpty()) {
            server.gaveUp = true;
            emit(new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH));
            return;
        }
        emit(new CarrierEvent.Deferred(failure.reason(), (int) delay.get().toSeconds()));
        scheduleServer(server, delay.get(), backToBootstrap
                ? () -> rebootstrap("server " + ssid + " rejected the registration")
                : () -> attemptRegistration(ssid));
    }

    /** Closes every DM server's timers and client, without de-registering. */
    private void closeDmServers() {
        for (DmServer server : dmServers.values()) {
            server.timer.close();
            server.idleTimer.close();
            server.client.close();
        }
        dmServers.clear();
    }

    /** True if the bootstrap information in use names a bootstrap server to go back to. */
    private boolean hasBootstrapServer() {
        return bootstrapResult != null && bootstrapResult.bootstrapServer().isPresent();
    }

    /**
     * Starts over from the bootstrap: DM clients closed, the stored bootstrap state erased, then the
     * first-boot sequence (LINK_DOWN, keys, LINK_UP, bootstrap, …) from the current source. Runs for a
     * Bootstrap-Request Trigger, a Factory Reset, or a DM server rejecting the registration.
     */
    private void rebootstrap(String why) {
        if (state != State.READY) {
            LOG.info("re-bootstrap ({}) ignored in state {}", why, state);
            return;
        }
        LOG.info("re-bootstrap: {}", why);
        closeDmServers();
        clearState();
        bootstrapResult = null;
        reportedRegistered = false;
        identify(Optional.empty());
    }

    /**
     * The session idle timer of server {@code ssid} ran out: closes the DTLS session if there was no
     * traffic for the whole idle time, unless the session uses a Connection ID (then the server can
     * still reach the device after NAT rebinding, and the session stays). Traffic re-arms the timer.
     */
    private void onSessionIdleTimer(int ssid) {
        DmServer server = dmServers.get(ssid);
        Optional<Duration> idle = config.effectiveSessionIdleTimeout();
        if (server == null || idle.isEmpty()) {
            return;
        }
        long idleFor = os.scheduler().uptimeMillis() - server.client.lastActivityMillis();
        if (idleFor < idle.get().toMillis()) {
            server.idleTimer.start(queue, idle.get().minusMillis(idleFor));
            return;
        }
        server.idleArmed.set(false);
        if (!server.client.sessionOpen()) {
            return;
        }
        if (server.client.connectionIdInUse()) {
            LOG.debug("session with server {} idle for {} ms; kept open (Connection ID)", ssid, idleFor);
            return;
        }
        LOG.info("closing the DTLS session with server {} after {} s without traffic", ssid, idleFor / 1000);
        server.client.closeSession();
    }

    private void scheduleServer(DmServer server, Duration delay, Runnable action) {
        server.onTimer = action;
        server.timer.start(queue, delay);
    }

    /** The current state, for diagnostics and tests. */
    State state() {
        return state;
    }
}
