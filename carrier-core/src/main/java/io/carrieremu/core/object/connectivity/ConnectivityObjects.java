package io.carrieremu.core.object.connectivity;

import io.carrieremu.core.object.access.AccessControlledEnabler;
import io.carrieremu.core.object.connectivity.ConnectivityModem.EsmRejection;
import io.carrieremu.core.object.connectivity.ConnectivityModem.PacketEvent;
import io.carrieremu.core.object.connectivity.ConnectivityModem.PdpContext;
import io.carrieremu.core.object.registry.ObjectRegistry;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.OsTimer;
import io.carrieremu.core.os.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.leshan.core.LwM2mId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectivity objects — Connectivity Monitoring (4), Connectivity Statistics (7), Cellular
 * Connectivity (10) and APN Connection Profile (11) — served from the modem's AT answers and kept current
 * from its notifications.
 *
 * <p>Every read asks the modem; the notifications the library subscribes to ({@code +CEREG},
 * {@code %CESQ}, {@code +CGEV}, {@code +CNEC_ESM}) make it read again ({@link #onNotification}) so
 * observers hear of a new cell, signal, address or context: the objects notify for the resources whose
 * value changed. The APN Connection Profile instances follow the modem's PDP contexts (one per
 * {@code +CGDCONT} context, the context id as instance id; servers cannot create or delete them) and
 * remember the connection attempts {@code +CGEV} and {@code +CNEC_ESM} report.
 *
 * <p>{@link #onNotification} and {@link #refresh} run on the library's work queue; reads run on the
 * stack's executor. The AT channel serialises the commands of both.
 */
public final class ConnectivityObjects implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectivityObjects.class);
    /** The notifications that may change what the objects show. */
    public static final List<String> NOTIFICATIONS = List.of("+CEREG", "%CESQ", "+CGEV", "+CNEC_ESM");

    private final ConnectivityModem modem;
    private final ObjectRegistry registry;
    private final ConnectivityMonitoringObject monitoring;
    private final ConnectivityStatisticsObject statistics;
    private final CellularConnectivityObject cellular;
    private final AccessControlledEnabler profiles;
    private final Map<Integer, ApnProfileObject> contexts = new ConcurrentSkipListMap<>();
    private final OsTimer collectionTimer;
    private final WorkQueue queue;
    /** A refresh is queued (touched on the work queue only). */
    private boolean refreshPending;

    private ConnectivityObjects(ObjectRegistry registry, AtChannel at, OsTimer collectionTimer, WorkQueue queue,
            List<Integer> apnClasses, IntSupplier trafficContext) {
        this.registry = registry;
        this.modem = new ConnectivityModem(at);
        this.collectionTimer = collectionTimer;
        this.queue = queue;
        this.monitoring = new ConnectivityMonitoringObject(registry.models().require(LwM2mId.CONNECTIVITY_MONITORING),
                registry.notifications(), modem, trafficContext, apnClasses);
        this.statistics = new ConnectivityStatisticsObject(registry.models().require(LwM2mId.CONNECTIVITY_STATISTICS),
                registry.notifications(), modem, collectionTimer, queue);
        this.cellular = new CellularConnectivityObject(registry.models().require(10), registry.notifications(), modem,
                this::activeProfiles);
        registry.serveLibraryObject(LwM2mId.CONNECTIVITY_MONITORING, Map.of(0, monitoring), id -> monitoring, false);
        registry.serveLibraryObject(LwM2mId.CONNECTIVITY_STATISTICS, Map.of(0, statistics), id -> statistics, true);
        registry.serveLibraryObject(10, Map.of(0, cellular), id -> cellular, false);
        this.profiles = registry.serveLibraryObject(ApnProfileObject.OBJECT_ID, Map.of(), id -> {
            throw new IllegalStateException("APN Connection Profile instances follow the modem's contexts");
        }, false);
        profiles.refuseServerCreateAndDelete();
    }

    /**
     * Makes the connectivity objects and serves them in {@code registry} (before its {@code activate}).
     *
     * @param collectionTimer a timer of the library; its handler must call {@link #collectionPeriodEnded()}
     * @param queue the library's work queue
     * @param apnClasses the modem APN classes Verizon's {@code /4/0/30000} shows, by instance (empty: none)
     * @param trafficContext the PDP context id the library's traffic uses now, for {@code /4/0/4}
     */
    public static ConnectivityObjects serve(ObjectRegistry registry, AtChannel at, OsTimer collectionTimer, WorkQueue queue,
            List<Integer> apnClasses, IntSupplier trafficContext) {
        return new ConnectivityObjects(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(at, "at"),
                Objects.requireNonNull(collectionTimer, "collectionTimer"), Objects.requireNonNull(queue, "queue"),
                apnClasses, Objects.requireNonNull(trafficContext, "trafficContext"));
    }

    /** The APN of a modem APN class (Verizon's class table), if the modem has it. */
    public Optional<String> classApn(int apnClass) {
        return monitoring.classApn(apnClass);
    }

    /** The statistics' collection period is over (on the library's work queue). */
    public void collectionPeriodEnded() {
        statistics.collectionPeriodEnded();
    }

    /**
     * A notification of the modem: {@code +CEREG}, {@code %CESQ}, {@code +CGEV} or {@code +CNEC_ESM}
     * (others are ignored). Reads the modem again and notifies observers of what changed; a malformed
     * notification still makes it read again. On the library's work queue.
     */
    public void onNotification(String line) {
        Optional<PacketEvent> packet = ConnectivityModem.parseCgev(line);
        Optional<EsmRejection> rejection = ConnectivityModem.parseCnecEsm(line);
        if (NOTIFICATIONS.stream().noneMatch(line::startsWith)) {
            return;
        }
        if (packet.isPresent() || rejection.isPresent()) {
            modem.reading(() -> {
                record(packet, rejection);
                return null;
            });
        }
        // A burst of notifications (+CEREG, +CGEV and %CESQ arrive together) makes one read of the modem.
        if (!refreshPending) {
            refreshPending = true;
            queue.submit(() -> {
                refreshPending = false;
                refresh();
            });
        }
    }

    private void record(Optional<PacketEvent> packet, Optional<EsmRejection> rejection) {
        syncProfiles();
        Optional<Long> now = packet.isPresent() || rejection.isPresent() ? registry.device().timeHooks().utcTime() : Optional.empty();
        packet.ifPresent(event -> {
            switch (event.kind()) {
                case PDN_ACTIVATED -> profile(event).ifPresent(p -> p.attempted(true, 0, now));
                case PDN_DEACTIVATED -> profile(event).ifPresent(p -> p.ended(now));
                case DETACHED -> contexts.values().forEach(p -> p.ended(now));
                default -> {
                }
            }
        });
        rejection.ifPresent(r -> Optional.ofNullable(contexts.get(r.cid())).ifPresent(p -> p.attempted(false, r.cause(), now)));
    }

    private Optional<ApnProfileObject> profile(PacketEvent event) {
        return event.cid().isPresent() ? Optional.ofNullable(contexts.get(event.cid().getAsInt())) : Optional.empty();
    }

    /** Reads the modem again (after activation, say) and notifies observers of what changed; on the work queue. */
    public void refresh() {
        modem.reading(() -> {
            syncProfiles();
            refreshObjects();
            return null;
        });
    }

    private void refreshObjects() {
        monitoring.refresh();
        cellular.refresh();
        contexts.values().forEach(ApnProfileObject::refresh);
    }

    /** One APN Connection Profile instance per defined context: new contexts added, deleted ones removed. */
    private void syncProfiles() {
        Optional<List<PdpContext>> defined = modem.contexts();
        if (defined.isEmpty()) {
            return;
        }
        Set<Integer> cids = defined.get().stream().map(PdpContext::cid).collect(Collectors.toSet());
        for (Integer cid : List.copyOf(contexts.keySet())) {
            if (!cids.contains(cid)) {
                contexts.remove(cid);
                profiles.removeInstance(cid);
                LOG.debug("APN Connection Profile /11/{} removed: the modem has no context {}", cid, cid);
            }
        }
        for (PdpContext context : defined.get()) {
            ApnProfileObject existing = contexts.get(context.cid());
            if (existing != null && profiles.getInstance(context.cid()) == existing) {
                existing.context(context);
                continue;
            }
            ApnProfileObject profile = new ApnProfileObject(registry.models().require(ApnProfileObject.OBJECT_ID),
                    registry.notifications(), modem, context);
            profile.setModel(profiles.getObjectModel());
            contexts.put(context.cid(), profile);
            profiles.addInstance(context.cid(), profile);
            LOG.debug("APN Connection Profile /11/{} added for {}", context.cid(), context);
        }
    }

    /** The profile instances whose contexts are active, for {@code /10/0/11}. */
    private List<Integer> activeProfiles() {
        Map<Integer, Boolean> states = modem.activeContexts().orElse(Map.of());
        List<Integer> active = new ArrayList<>();
        for (Integer cid : contexts.keySet()) {
            if (Boolean.TRUE.equals(states.get(cid))) {
                active.add(cid);
            }
        }
        return active;
    }

    /** Releases the collection timer. */
    @Override
    public void close() {
        collectionTimer.close();
    }
}
