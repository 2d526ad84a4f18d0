package io.carrieremu.core.object.connectivity;

import io.carrieremu.core.object.connectivity.ConnectivityModem.Registration;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * Cellular Connectivity (10), instance 0: what the modem reports of the cellular link.
 *
 * <ul>
 *   <li>4 PSM Timer and 5 Active Timer: the Periodic-TAU and Active-Time the network granted, from the
 *       level-4 fields of {@code AT+CEREG?} (GPRS Timer 3 and 2); no value while the network grants
 *       none (the timers read "deactivated");</li>
 *   <li>11 Activated Profile Names: links to the APN Connection Profile (11) instances of the active
 *       contexts ({@code AT+CGACT?}).</li>
 * </ul>
 *
 * <p>Writing the PSM timers would mean requesting new ones ({@code AT+CPSMS}), which the library does
 * not do (the application owns power saving): such writes answer 4.05. SMSC address, radio disable
 * period, eDRX parameters and the PSM modes are not served: the modem answers the library nothing for
 * them.
 */
public final class CellularConnectivityObject extends ModemBackedInstance {

    private static final Set<Integer> SERVED = ids(4, 5, 11);
    /** The resource ranges of the model (seconds). */
    private static final long MAX_PSM_TIMER = 1_488_720;
    private static final long MAX_ACTIVE_TIMER = 3720;

    private final ConnectivityModem modem;
    private final Supplier<List<Integer>> activeProfiles;

    /**
     * @param activeProfiles the APN Connection Profile instances whose contexts are active (any thread)
     */
    public CellularConnectivityObject(ObjectSpec spec, Executor notifications, ConnectivityModem modem,
            Supplier<List<Integer>> activeProfiles) {
        super(spec, 0, notifications, modem);
        this.modem = Objects.requireNonNull(modem, "modem");
        this.activeProfiles = Objects.requireNonNull(activeProfiles, "activeProfiles");
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected LwM2mResource compute(int resourceId) {
        return switch (resourceId) {
            case 4 -> timer(4, Registration::periodicTau, ConnectivityModem::periodicTauSeconds, MAX_PSM_TIMER);
            case 5 -> timer(5, Registration::activeTime, ConnectivityModem::activeTimeSeconds, MAX_ACTIVE_TIMER);
            case 11 -> {
                Map<Integer, ObjectLink> links = new TreeMap<>();
                for (int instance : activeProfiles.get()) {
                    links.put(links.size(), new ObjectLink(ApnProfileObject.OBJECT_ID, instance));
                }
                yield LwM2mMultipleResource.newObjectLinkResource(11, links);
            }
            default -> null;
        };
    }

    private LwM2mResource timer(int id, Function<Registration, Optional<String>> field, Function<String, OptionalLong> decode,
            long max) {
        Optional<OptionalLong> seconds = modem.registration().filter(Registration::registered).flatMap(field).map(decode);
        if (seconds.isEmpty() || seconds.get().isEmpty() || seconds.get().getAsLong() > max) {
            return null;
        }
        return LwM2mSingleResource.newIntegerResource(id, seconds.get().getAsLong());
    }

    @Override
    protected WriteResponse accept(LwM2mServer server, LwM2mResource value) {
        return server.isSystem() ? null : WriteResponse.methodNotAllowed();
    }
}
