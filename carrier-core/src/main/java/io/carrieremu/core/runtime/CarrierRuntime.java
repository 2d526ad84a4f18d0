package io.carrieremu.core.runtime;

import io.carrieremu.core.account.SecurityInstance;
import io.carrieremu.core.account.ServerAccounts;
import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.api.ModemInitResult;
import io.carrieremu.core.api.ModemMode;
import io.carrieremu.core.api.Request;
import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.bootstrap.BootstrapSource;
import io.carrieremu.core.bootstrap.BootstrapSourceSelector;
import io.carrieremu.core.bootstrap.Provisioning;
import io.carrieremu.core.carrier.CarrierDetector;
import io.carrieremu.core.carrier.CarrierProfile;
import io.carrieremu.core.carrier.CarrierProfiles;
import io.carrieremu.core.carrier.Detection;
import io.carrieremu.core.carrier.Identity;
import io.carrieremu.core.carrier.Subscriber;
import io.carrieremu.core.carrier.SubscriberReader;
import io.carrieremu.core.client.DeviceClient;
import io.carrieremu.core.client.ServerAddress;
import io.carrieremu.core.client.ServerConnection;
import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.config.ConfigViolation;
import io.carrieremu.core.deferral.Retrier;
import io.carrieremu.core.event.AppDataEventType;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.CarrierEventHandler;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.event.Failure;
import io.carrieremu.core.fota.FirmwareUpdate;
import io.carrieremu.core.modem.LinkMonitor;
import io.carrieremu.core.modem.ModemInfo;
import io.carrieremu.core.object.ObjectEvents;
import io.carrieremu.core.object.connectivity.ConnectivityObjects;
import io.carrieremu.core.object.device.DeviceFacts;
import io.carrieremu.core.object.registry.ObjectRegistry;
import io.carrieremu.core.storage.ObjectStateStore;
import io.carrieremu.core.config.LgUplusSerialNumberType;
import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.LwM2mOs;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.OsSemaphore;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.PdnFamily;
import io.carrieremu.core.os.Subscription;
import io.carrieremu.core.os.WorkQueue;
import io.carrieremu.core.pdn.PdnManager;
import io.carrieremu.core.registration.RegistrationManager;
import io.carrieremu.core.send.DataSend;
import io.carrieremu.core.storage.BootstrapState;
import io.carrieremu.core.storage.BootstrapStateStore;
import io.carrieremu.core.transport.TransportTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.leshan.client.resource.LwM2mObjectEnabler;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator: routes every input (modem hooks, AT notifications, timers, exchange outcomes,
 * servers' operations, requests) onto the library's work queue, owns the device {@link Lifecycle}, and
 * hands each concern to its room — detection ({@code core.carrier}), the first-boot sequence
 * ({@link Provisioning}), the PDN ({@link PdnManager}), the registrations ({@link RegistrationManager}),
 * the object model ({@link ObjectRegistry}), the requests ({@link RequestHandler}).
 *
 * <p>Everything below runs on work queue 0, one item at a time; nothing blocks on the network or a
 * timer. Events reach the application's handler from there, in order. Requests are answered at once on
 * the caller's thread from a published snapshot. Nothing here reads a clock or starts a thread.
 */
public final class CarrierRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(CarrierRuntime.class);

    private final LwM2mOs os;
    private final CarrierConfig config;
    private final CarrierEventHandler handler;
    private final CarrierProfiles profiles;
    private final TransportTiming timing;
    private final ObjectRegistry objects;
    private final WorkQueue queue;
    private final BootstrapStateStore store;
    private final LinkMonitor link;
    private final RequestHandler requests = new RequestHandler();
    private final OsSemaphore finished;
    private final CompletableFuture<MainResult> result = new CompletableFuture<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final OsTimer lifecycleTimer;
    private final FirmwareUpdate fota;
    private volatile RequestHandler.View view = RequestHandler.View.INITIAL;
    private volatile List<Integer> registeredServers = List.of();
    private final DataSend sends;

    private Lifecycle state = Lifecycle.WAIT_MODEM_INIT;
    private Runnable onLifecycleTimer = () -> { };
    private Subscriber subscriber;
    private CarrierProfile profile;
    private Identity identity;
    private DeviceClient client;
    private PdnManager pdn;
    private ConnectivityObjects connectivity;
    private Provisioning provisioning;
    private RegistrationManager registrations;
    private ServerAccounts accounts;
    private int msisdnWaits;

    /**
     * A runtime listening to the modem; inputs may arrive from now on, before {@link #start()}.
     *
     * @param objects the device's object model (made with the library instance, so values set before start count)
     * @throws OsException {@code ENOMEM} if the OS layer has no timer left
     */
    public CarrierRuntime(LwM2mOs os, CarrierConfig config, CarrierEventHandler handler, CarrierProfiles profiles,
            TransportTiming timing, ObjectRegistry objects) throws OsException {
        this.os = Objects.requireNonNull(os, "os");
        this.config = Objects.requireNonNull(config, "config");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.profiles = Objects.requireNonNull(profiles, "profiles");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.queue = os.scheduler().workQueue(0, "lwm2m_carrier");
        this.store = new BootstrapStateStore(os.storage());
        this.link = new LinkMonitor(os.at());
        this.finished = os.scheduler().newSemaphore(0, 1);
        this.lifecycleTimer = os.scheduler().newTimer(() -> onLifecycleTimer.run());
        subscriptions.add(os.at().subscribe("+CEREG", line -> post(() -> onCereg(line))));
        // +CEREG reaches the connectivity objects through onCereg.
        for (String prefix : List.of("%CESQ", "+CGEV", "+CNEC_ESM")) {
            subscriptions.add(os.at().subscribe(prefix, line -> post(() -> onConnectivityNotification(line))));
        }
        objects.bind(new ServerOperations(), new ObjectStateStore(os.storage(), objects.models().lwm2mModel()), this::post);
        this.sends = new DataSend(os, objects, this::post, timing.exchangeLifetime(), new DataSend.Host() {
            @Override
            public List<Integer> registeredServers() {
                return registeredServers;
            }

            @Override
            public Optional<ServerConnection> connection(int shortServerId) {
                return registrations == null ? Optional.empty() : registrations.registeredConnection(shortServerId);
            }

            @Override
            public DeviceClient client() {
                return CarrierRuntime.this.client();
            }
        });
        FirmwareUpdate[] self = new FirmwareUpdate[1];
        this.fota = self[0] = new FirmwareUpdate(os, new FirmwareHost(), objects.firmware(),
                os.scheduler().newTimer(() -> self[0].timerFired()));
        post(fota::restore);
    }

    // ------------------------------------------------------------------ lifecycle and inputs (any thread)

    /** The library runs from now on; the future completes with main's result when it stops. */
    public CompletableFuture<MainResult> start() {
        return result;
    }

    /** Blocks the calling thread (in the OS layer's time) until the library stops, and says why. */
    public MainResult awaitStop() {
        finished.take(OsSemaphore.FOREVER);
        return result.getNow(MainResult.STOPPED);
    }

    /** The modem (library) was initialised. */
    public void modemInit(ModemInitResult initResult) {
        post(() -> onModemInit(initResult));
    }

    /** The modem's functional mode changed. */
    public void modemCfun(ModemMode mode) {
        post(() -> onCfun(mode));
    }

    /** The modem is being shut down. */
    public void modemShutdown() {
        post(this::onModemShutdown);
    }

    /** Decides {@code request} at once; the action runs on the work queue. */
    public Result request(Request request) {
        return requests.handle(request, view, new RequestHandler.Actions() {
            @Override
            public void reboot() {
                post(() -> {
                    emit(new CarrierEvent.LtePowerOff());
                    CarrierRuntime.this.reboot();
                });
            }

            @Override
            public void linkUp() {
                post(() -> emit(new CarrierEvent.LteLinkUp()));
            }

            @Override
            public void linkDown() {
                post(CarrierRuntime.this::linkDownRequested);
            }

            @Override
            public void register() {
                post(() -> {
                    requests.registerStarted();
                    if (state == Lifecycle.CONNECTED) {
                        registrations.register();
                    }
                });
            }

            @Override
            public void deregister() {
                post(() -> {
                    if (registrations != null) {
                        registrations.deregisterAll(() -> emit(new CarrierEvent.Deregistered()));
                    }
                });
            }
        });
    }

    /** Decides an LwM2M Send of {@code path} at once ({@link DataSend}); the Send leaves from the work queue. */
    public Result dataSend(ResourcePath path) {
        return sends.send(path);
    }

    /** Stops the library: timers cancelled, sockets closed; {@link #start()}'s future completes with STOPPED. */
    public void stop() {
        post(() -> finish(MainResult.STOPPED));
    }

    /** Where the library is, for diagnostics and tests. */
    public Lifecycle state() {
        return view.lifecycle();
    }

    private void post(Runnable work) {
        queue.submit(() -> {
            if (state == Lifecycle.STOPPED) {
                return;
            }
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.error("carrier runtime fault in state {}", state, e);
                finish(MainResult.INTERNAL_FAULT);
            } finally {
                publish();
            }
        });
    }

    private void publish() {
        boolean connected = registrations != null;
        registeredServers = connected && state == Lifecycle.CONNECTED ? registrations.registeredIds() : List.of();
        view = new RequestHandler.View(state, profile != null && profile.rules().registrationRequests(),
                connected && registrations.hasServers(), connected && registrations.anyRegistered(),
                connected && registrations.registrationPending());
    }

    private void transition(Lifecycle next, String why) {
        if (next != state) {
            LOG.debug("lifecycle {} -> {}: {}", state, next, why);
            state = next;
        }
    }

    private int emit(CarrierEvent event) {
        LOG.debug("event {}", event);
        try {
            return handler.onEvent(event);
        } catch (RuntimeException e) {
            LOG.error("the application's event handler failed on {}", event.type(), e);
            return 0;
        }
    }

    private void finish(MainResult mainResult) {
        if (state == Lifecycle.STOPPED) {
            return;
        }
        transition(Lifecycle.STOPPED, mainResult.name());
        if (registrations != null) {
            registrations.close();
        }
        if (provisioning != null) {
            provisioning.close();
        }
        if (pdn != null) {
            pdn.close();
        }
        if (connectivity != null) {
            connectivity.close();
        }
        fota.close();
        if (client != null) {
            client.close();
            client = null;
        }
        lifecycleTimer.close();
        subscriptions.forEach(Subscription::close);
        publish();
        result.complete(mainResult);
        finished.give();
    }

    private void reboot() {
        if (emit(new CarrierEvent.Reboot()) == 0) {
            finish(MainResult.STOPPED);
            os.system().reboot();
        } else {
            finish(MainResult.STOPPED);
        }
    }

    private void scheduleLifecycle(Duration delay, Runnable action) {
        onLifecycleTimer = () -> post(action);
        lifecycleTimer.start(queue, delay);
    }

    // ------------------------------------------------------------------ the modem

    private void onModemInit(ModemInitResult initResult) {
        if (initResult == ModemInitResult.IO_ERROR) {
            emit(new CarrierEvent.Error(ErrorType.INIT, Errno.EIO));
            return;
        }
        fota.modemInitialised(initResult);
        if (state == Lifecycle.WAIT_MODEM_INIT || state == Lifecycle.SUSPENDED) {
            transition(Lifecycle.DETECTING, "modem initialised (" + initResult + ")");
            subscribeToModem();
            detect();
        }
    }

    private void subscribeToModem() {
        for (String command : List.of("AT+CMEE=1", "AT+CEREG=5", "AT+CGEREP=1", "AT+CNEC=16", "AT%CESQ=1")) {
            try {
                os.at().send(command);
            } catch (OsException e) {
                LOG.warn("{} failed: {}", command, e.getMessage());
            }
        }
    }

    private void onModemShutdown() {
        fota.modemShutdown();
        link.reset();
        if (pdn != null) {
            pdn.linkLost();
        }
        switch (state) {
            case DETECTING, WAIT_MSISDN, PROVISIONING, CONNECTED -> {
                lifecycleTimer.cancel(false);
                if (provisioning != null) {
                    provisioning.stop();
                }
                if (registrations != null) {
                    registrations.suspend();
                }
                transition(Lifecycle.SUSPENDED, "modem shut down");
            }
            default -> {
            }
        }
    }

    private void onCfun(ModemMode mode) {
        boolean active = link.cfun(mode);
        fota.modemCfun(mode);
        if (!active) {
            if (pdn != null) {
                pdn.linkLost();
            }
            if (state == Lifecycle.PROVISIONING) {
                provisioning.linkDown();
            }
            return;
        }
        if (state == Lifecycle.DETECTING && subscriber == null) {
            detect();
            return;
        }
        if (link.poll()) {
            networkUp();
        }
    }

    private void onCereg(String line) {
        boolean wasUp = link.isUp();
        if (link.cereg(line)) {
            networkUp();
        } else if (wasUp && !link.isUp() && pdn != null) {
            pdn.coverageLost();
        }
        onConnectivityNotification(line);
    }

    /** A notification that may change what the connectivity objects show: they read the modem again. */
    private void onConnectivityNotification(String line) {
        if (connectivity != null) {
            connectivity.onNotification(line);
        }
    }

    /** The link is up: the library's PDN next, then whoever waits for the network. */
    private void networkUp() {
        if (pdn == null) {
            return;
        }
        // A server may have changed the class APN since the last activation (Verizon's /4/0/30000).
        pdn.configure(serverApn(), familyOf(config.pdnType()));
        pdn.ensure(link::isUp, () -> {
            switch (state) {
                case PROVISIONING -> provisioning.networkReady();
                case CONNECTED -> {
                    registrations.networkReady();
                    fota.networkReady();
                }
                default -> {
                }
            }
        });
    }

    private boolean networkReady() {
        return link.isUp() && pdn != null && pdn.isReady();
    }

    // ------------------------------------------------------------------ detection

    private void detect() {
        try {
            subscriber = new SubscriberReader(os.at()).read();
        } catch (OsException e) {
            LOG.debug("SIM not readable yet ({}); waiting for the modem", e.getMessage());
            subscriber = null;
            return;
        }
        Detection detection = new CarrierDetector(profiles).detect(subscriber, config.enabledCarriers());
        if (detection instanceof Detection.Unsupported unsupported) {
            LOG.warn("subscriber of {} is not supported and generic mode is not enabled", unsupported.subscriberCarrier());
            emit(new CarrierEvent.Error(ErrorType.CONNECT, Errno.ENOTSUP));
            transition(Lifecycle.HALTED_UNTIL_REBOOT, "unsupported subscriber");
            return;
        }
        CarrierProfile detected = ((Detection.Detected) detection).profile();
        List<ConfigViolation> violations = config.validateFor(detected.carrier());
        if (!violations.isEmpty()) {
            LOG.error("Invalid configuration for {}: {}", detected.carrier(), violations.get(0));
            emit(new CarrierEvent.Error(ErrorType.CONFIGURATION, violations.get(0).errno()));
            finish(MainResult.INVALID_CONFIG);
            return;
        }
        Optional<BootstrapState> stored = loadState();
        if (stored.isPresent() && (stored.get().carrier() != detected.carrier() || !stored.get().iccid().equals(subscriber.iccid()))) {
            LOG.info("SIM or carrier changed since the last run ({} -> {}); rebooting for a new bootstrap",
                    stored.get().carrier(), detected.carrier());
            clearState();
            reboot();
            return;
        }
        if (profile == null) {
            profile = detected;
            try {
                createRooms();
            } catch (OsException e) {
                LOG.error("no OS resources for the library: {}", e.getMessage());
                emit(new CarrierEvent.Error(ErrorType.INIT, e.errno()));
                finish(MainResult.INTERNAL_FAULT);
                return;
            }
        }
        identify(stored);
    }

    private void createRooms() throws OsException {
        Retrier pdnRetrier = retrier("PDN", profile.pdnRetry(),
                () -> config.numbering().error(Failure.PDN_RETRIES_EXHAUSTED, pdn.lastFailure()));
        pdn = new PdnManager(os, this::post, pdnRetrier);
        ConnectivityObjects[] rooms = new ConnectivityObjects[1];
        OsTimer collectionTimer = os.scheduler().newTimer(() -> post(() -> rooms[0].collectionPeriodEnded()));
        connectivity = ConnectivityObjects.serve(objects, os.at(), collectionTimer, queue, profile.rules().apnClasses(),
                pdn::trafficContext);
        rooms[0] = connectivity;
        pdn.configure(serverApn(), familyOf(config.pdnType()));
        Retrier bootstrapRetrier = retrier("bootstrap server", profile.bootstrapRetry(),
                () -> config.numbering().error(Failure.BOOTSTRAP_RETRIES_EXHAUSTED, Errno.ETIMEDOUT));
        Provisioning[] self = new Provisioning[1];
        OsTimer finishTimer = os.scheduler().newTimer(() -> self[0].finishTimedOut());
        OsTimer credentialTimer = os.scheduler().newTimer(() -> self[0].credentialRetry());
        provisioning = new Provisioning(os, queue, this::post, this::emit, timing, new ProvisioningHost(), bootstrapRetrier,
                finishTimer, credentialTimer);
        self[0] = provisioning;
        registrations = new RegistrationManager(os, queue, this::post, this::emit, config, timing, new RegistrationHost());
        objects.device().roaming(link::roaming);
        objects.activate(profile.objects(), deviceFacts());
        connectivity.refresh();
    }

    private DeviceFacts deviceFacts() {
        return DeviceFacts.of(ModemInfo.read(os.at()), config, profile.carrier(), twoDid(), subscriber.iccid());
    }

    /** The module's 2DID ({@code AT%2DID}), for LG U+'s serial number type 2DID; empty if the modem has none. */
    private Optional<String> twoDid() {
        if (profile.carrier() != Carrier.LG_UPLUS || config.lgUplusSerialNumberType() != LgUplusSerialNumberType.TWO_DID) {
            return Optional.empty();
        }
        try {
            AtResponse response = os.at().send("AT%2DID");
            for (String line : response.isOk() ? response.lines() : List.<String>of()) {
                Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, "%2DID");
                if (params.isPresent() && !params.get().isEmpty() && !params.get().get(0).asString().isEmpty()) {
                    return Optional.of(params.get().get(0).asString());
                }
            }
        } catch (OsException | AtSyntaxException e) {
            LOG.debug("no 2DID from the modem: {}", e.getMessage());
        }
        return Optional.empty();
    }

    private Retrier retrier(String name, io.carrieremu.core.deferral.RetrySchedule schedule,
            java.util.function.Supplier<CarrierEvent.Error> whenExhausted) throws OsException {
        Retrier[] self = new Retrier[1];
        self[0] = new Retrier(name, os.scheduler().newTimer(() -> self[0].fire()), queue, schedule, this::emit, whenExhausted);
        return self[0];
    }

    private void identify(Optional<BootstrapState> stored) {
        Optional<Identity> known = Identity.of(profile, subscriber);
        if (known.isEmpty()) {
            msisdnWaits++;
            List<Duration> delays = profile.bootstrapRetry().delays();
            Duration wait = delays.get(Math.min(msisdnWaits, delays.size()) - 1);
            transition(Lifecycle.WAIT_MSISDN, "no MSISDN on the SIM");
            emit(new CarrierEvent.Deferred(DeferredReason.SIM_MSISDN, (int) wait.toSeconds()));
            scheduleLifecycle(wait, this::rereadMsisdn);
            return;
        }
        identity = known.get();
        String msisdn = subscriber.msisdn().orElse("");
        boolean needsBootstrap = stored.isEmpty()
                || !Arrays.equals(stored.get().settingsFingerprint(), config.serverSettingsFingerprint())
                || (profile.msisdnRequired() && !stored.get().msisdn().equals(msisdn))
                || profile.bootstrapAtEveryStart();
        if (!needsBootstrap) {
            accounts = stored.get().config();
            objects.installAccounts(accounts);
            connected("stored bootstrap state");
            return;
        }
        if (stored.isPresent()) {
            LOG.info("server settings or subscriber changed: factory reset and new bootstrap");
            clearState();
        }
        Optional<BootstrapSource> source = new BootstrapSourceSelector(os, config, this::emit).choose(profile, identity);
        if (source.isEmpty()) {
            transition(Lifecycle.HALTED_UNTIL_REBOOT, "no bootstrap source");
            return;
        }
        transition(Lifecycle.PROVISIONING, "bootstrap from " + source.get().name());
        provisioning.start(source.get(), identity.endpointName(), firstSecTag());
    }

    private void rereadMsisdn() {
        if (state != Lifecycle.WAIT_MSISDN) {
            return;
        }
        try {
            subscriber = new Subscriber(subscriber.imei(), subscriber.imsi(), subscriber.iccid(),
                    new SubscriberReader(os.at()).msisdn(), subscriber.operatorId());
        } catch (OsException e) {
            LOG.debug("MSISDN not readable: {}", e.getMessage());
        }
        identify(loadState());
    }

    private void connected(String why) {
        transition(Lifecycle.CONNECTED, why);
        boolean manual = (config.disableAutoRegister() || !profile.autoRegister()) && profile.rules().registrationRequests();
        try {
            registrations.start(accounts, profile, identity.endpointName(), manual);
        } catch (OsException e) {
            LOG.error("no timer left for the DM servers: {}", e.getMessage());
            emit(new CarrierEvent.Error(ErrorType.INIT, e.errno()));
            return;
        }
        if (link.lteActive() && link.poll()) {
            networkUp();
        }
    }

    /**
     * Starts over from the bootstrap: registrations stopped, the stored state erased, then the first-boot
     * sequence from the current source. For a Bootstrap-Request Trigger, a Factory Reset, or a DM server
     * rejecting the registration.
     */
    private void rebootstrap(String why) {
        if (state != Lifecycle.CONNECTED) {
            LOG.info("re-bootstrap ({}) ignored in state {}", why, state);
            return;
        }
        LOG.info("re-bootstrap: {}", why);
        registrations.stop();
        clearState();
        objects.forgetServerState();
        accounts = null;
        identify(Optional.empty());
    }

    private void linkDownRequested() {
        Runnable down = () -> emit(new CarrierEvent.LteLinkDown());
        if (registrations == null) {
            down.run();
            return;
        }
        Runnable closeThenDown = () -> registrations.closeSessions(down);
        if (profile.rules().deregisterOnLinkDown() && registrations.anyRegistered()) {
            registrations.deregisterAll(() -> {
                emit(new CarrierEvent.Deregistered());
                closeThenDown.run();
            });
        } else {
            closeThenDown.run();
        }
    }

    // ------------------------------------------------------------------ helpers of the rooms

    private DeviceClient client() {
        if (client == null) {
            client = new DeviceClient(os, identity.endpointName(), objects.enablers(), timing, config.effectiveCoapConInterval(),
                    this::consistencyErrors, new DeviceClient.Listener() {
                        @Override
                        public void objectLinksChanged() {
                            post(() -> {
                                if (state == Lifecycle.CONNECTED) {
                                    registrations.objectLinksChanged();
                                }
                            });
                        }

                        @Override
                        public void bootstrapFinished(List<String> errors) {
                            post(() -> provisioning.bootstrapFinished(errors));
                        }

                        @Override
                        public void observationStarted(LwM2mServer server, LwM2mPath path) {
                            objects.observation(path, true);
                        }

                        @Override
                        public void observationStopped(LwM2mServer server, LwM2mPath path) {
                            objects.observation(path, false);
                        }
                    });
            client.intercept(fota.pushReceiver());
        }
        return client;
    }

    /** What a bootstrap server must leave at Finish: at least one DM server the device can register with. */
    private List<String> consistencyErrors() {
        ServerAccounts current = objects.accounts();
        List<SecurityInstance> dm = current.registrableDmServers();
        if (dm.isEmpty()) {
            return List.of("no DM server with both a Security and a Server instance");
        }
        List<String> errors = new ArrayList<>();
        for (SecurityInstance server : dm) {
            if (ServerAddress.parse(server.serverUri()).isEmpty()) {
                errors.add("server " + server.shortServerId() + " has no usable URI");
            }
        }
        return errors;
    }

    private void saveState(ServerAccounts value) {
        try {
            store.save(new BootstrapState(profile.carrier(), subscriber.iccid(), subscriber.msisdn().orElse(""),
                    config.serverSettingsFingerprint(), value));
        } catch (OsException e) {
            LOG.warn("cannot persist the bootstrap state: {}", e.getMessage());
        }
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

    private int firstSecTag() {
        return config.serverSecTag() != 0 ? config.serverSecTag() + 1 : CarrierConfig.DEFAULT_FIRST_SEC_TAG;
    }

    /**
     * The APN of the library's PDN for its servers: the carrier's server APN class from the modem's class
     * table (Verizon: class 2, so the DM servers' traffic goes over the admin APN), else the custom APN
     * the profile's rules select, else empty for the default context.
     */
    private Optional<String> serverApn() {
        Optional<Integer> apnClass = profile.rules().serverApnClass();
        if (apnClass.isPresent()) {
            Optional<String> apn = connectivity.classApn(apnClass.get());
            if (apn.isPresent()) {
                return apn;
            }
            LOG.warn("the modem has no APN of class {}; the servers use the default PDN", apnClass.get());
        }
        return customApn();
    }

    /** The APN the profile's rules select, or empty for the default context. */
    private Optional<String> customApn() {
        if (config.apn().isEmpty() || profile.customApn() != CarrierProfile.CustomApn.REPLACE) {
            return Optional.empty();
        }
        return Optional.of(config.apn());
    }

    private static PdnFamily familyOf(int pdnType) {
        return switch (pdnType) {
            case 1 -> PdnFamily.IPV4;
            case 2 -> PdnFamily.IPV6;
            case 3 -> PdnFamily.NONIP;
            default -> PdnFamily.IPV4V6;
        };
    }

    /** What the first-boot sequence gets from the runtime. */
    private final class ProvisioningHost implements Provisioning.Host {
        @Override
        public void requestLinkDown() {
            emit(new CarrierEvent.LteLinkDown());
            if (!link.lteActive()) {
                // Already offline: no CFUN change will come.
                post(() -> {
                    if (state == Lifecycle.PROVISIONING) {
                        provisioning.linkDown();
                    }
                });
            }
        }

        @Override
        public void requestLinkUp() {
            emit(new CarrierEvent.LteLinkUp());
            if (link.lteActive()) {
                post(() -> {
                    if (link.poll()) {
                        networkUp();
                    }
                });
            }
        }

        @Override
        public boolean networkIsReady() {
            return networkReady();
        }

        @Override
        public int pdnId() {
            return pdn.pdnForTraffic();
        }

        @Override
        public DeviceClient client() {
            return CarrierRuntime.this.client();
        }

        @Override
        public void installAccounts(ServerAccounts value) {
            objects.installAccounts(value);
        }

        @Override
        public ServerAccounts currentAccounts() {
            return objects.accounts();
        }

        @Override
        public void persist(ServerAccounts value) {
            saveState(value);
            objects.persistAll();
        }

        @Override
        public void provisioned(ServerAccounts value) {
            accounts = value;
            connected("first-boot sequence done");
        }

        @Override
        public void gaveUp() {
            transition(Lifecycle.HALTED_UNTIL_REBOOT, "bootstrap schedule exhausted");
        }
    }

    /** What the registrations get from the runtime. */
    private final class RegistrationHost implements RegistrationManager.Host {
        @Override
        public DeviceClient client() {
            return CarrierRuntime.this.client();
        }

        @Override
        public boolean networkReady() {
            return CarrierRuntime.this.networkReady();
        }

        @Override
        public int pdnId() {
            return pdn.pdnForTraffic();
        }

        @Override
        public long lifetimeSeconds(int shortServerId) {
            return objects.serverInstance(shortServerId).map(s -> s.lifetimeSeconds())
                    .orElseGet(() -> accounts.server(shortServerId).map(s -> s.lifetimeSeconds()).orElse(profile.lifetimeSeconds()));
        }

        @Override
        public void rebootstrap(String why) {
            CarrierRuntime.this.rebootstrap(why);
        }
    }

    /** What the firmware update gets from the runtime. */
    private final class FirmwareHost implements FirmwareUpdate.Host {
        @Override
        public void emit(CarrierEvent event) {
            post(() -> CarrierRuntime.this.emit(event));
        }

        @Override
        public void post(Runnable work) {
            CarrierRuntime.this.post(work);
        }

        @Override
        public WorkQueue queue() {
            return queue;
        }

        @Override
        public void reboot() {
            post(CarrierRuntime.this::reboot);
        }

        @Override
        public void afterAnswerTo(LwM2mServer server, Runnable action) {
            post(() -> {
                if (registrations != null) {
                    registrations.afterAnswerTo(server, () -> post(action));
                } else {
                    action.run();
                }
            });
        }

        @Override
        public boolean networkReady() {
            return CarrierRuntime.this.networkReady();
        }

        @Override
        public int pdnId() {
            return pdn.pdnForTraffic();
        }

        @Override
        public boolean lteActive() {
            return link.lteActive();
        }

        @Override
        public Optional<Duration> pushTimeout() {
            CarrierProfile known = profile;
            return config.effectiveFirmwareDownloadTimeout(known == null ? Optional.empty() : known.rules().firmwareDownloadTimeout());
        }

        @Override
        public void modemFirmwareChanged() {
            post(() -> {
                if (profile != null && subscriber != null) {
                    objects.device().facts(deviceFacts());
                }
            });
        }
    }

    /** Servers' operations on the objects that the runtime acts on, posted to the work queue. */
    private final class ServerOperations implements ObjectEvents {
        @Override
        public void rebootRequested(LwM2mServer from) {
            post(() -> registrations.afterAnswerTo(from, () -> post(CarrierRuntime.this::reboot)));
        }

        @Override
        public void factoryResetRequested(LwM2mServer from) {
            post(() -> registrations.afterAnswerTo(from, () -> post(() -> rebootstrap("Factory Reset from server " + from.getId()))));
        }

        @Override
        public void bootstrapRequested(LwM2mServer from, int shortServerId) {
            post(() -> registrations.afterAnswerTo(from,
                    () -> post(() -> rebootstrap("Bootstrap-Request Trigger from server " + shortServerId))));
        }

        @Override
        public void errorCodeResetRequested(LwM2mServer from) {
            post(() -> emit(new CarrierEvent.ErrorCodeReset()));
        }

        @Override
        public void appData(AppDataEventType type, ResourcePath path, byte[] data) {
            CarrierEvent event = new CarrierEvent.AppData(type, path, data);
            post(() -> emit(event));
        }

        @Override
        public void updateRequested(LwM2mServer from, int shortServerId) {
            post(() -> {
                if (state == Lifecycle.CONNECTED && accounts != null) {
                    // A server changed its lifetime or binding: the stored bootstrap state follows.
                    accounts = objects.accounts();
                    saveState(accounts);
                }
                if (state == Lifecycle.CONNECTED) {
                    registrations.updateRequested(shortServerId, "requested by server " + shortServerId);
                }
            });
        }
    }
}
