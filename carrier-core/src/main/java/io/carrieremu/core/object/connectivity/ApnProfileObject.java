package io.carrieremu.core.object.connectivity;

import io.carrieremu.core.object.connectivity.ConnectivityModem.PdpContext;
import io.carrieremu.core.object.model.ObjectSpec;
import io.carrieremu.core.object.model.ResourceSpec;
import io.carrieremu.core.object.model.ValueCheck;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.response.WriteResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APN Connection Profile (11): one instance per PDP context the modem has defined ({@code AT+CGDCONT?}),
 * with the context id as instance id, kept in step with the modem by {@link ConnectivityObjects}.
 *
 * <ul>
 *   <li>0 Profile name: what a server named it, else the APN (or {@code context <cid>} without one);</li>
 *   <li>1 APN and 24 PDN Type (0 Non-IP, 1 IPv4, 2 IPv6, 3 IPv4v6): the context's, read-only here — the
 *       library does not redefine contexts the application or the library itself use (writes: 4.05);</li>
 *   <li>3 Enable status: whether the APN is absent from the modem's disabled list
 *       ({@code AT%XAPNSTATUS?}); a write enables or disables it ({@code AT%XAPNSTATUS=<1|0>,"<apn>"});</li>
 *   <li>9..12 Connection establishment time, result (0 accepted, 1 rejected), reject cause (the ESM
 *       cause of {@code +CNEC_ESM}, rejected attempts only) and end time: the last
 *       {@value #HISTORY} attempts the modem reported ({@code +CGEV}, {@code +CNEC_ESM}), newest at
 *       instance 0; times from the device clock when it knows the time, else left out.</li>
 * </ul>
 *
 * <p>Authentication type (4) is not served although the model makes it mandatory: the nRF91 cannot
 * read back {@code +CGAUTH}, and the library does not know what the application configured.
 */
public final class ApnProfileObject extends ModemBackedInstance {

    /** The APN Connection Profile object id. */
    public static final int OBJECT_ID = 11;
    /** How many connection attempts the instance remembers. */
    public static final int HISTORY = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ApnProfileObject.class);
    private static final Set<Integer> SERVED = ids(0, 1, 3, 9, 10, 11, 12, 24);
    private static final Set<Integer> SERVER_WRITABLE = ids(0, 3);

    /**
     * One connection attempt.
     *
     * @param at when the library heard of it (device clock, seconds since the epoch), if known
     * @param accepted whether the network accepted it
     * @param cause the ESM cause of a rejection (0 for accepted)
     * @param ended whether the connection has ended
     * @param endedAt when it ended, if the device clock knew
     */
    record Attempt(Optional<Long> at, boolean accepted, int cause, boolean ended, Optional<Long> endedAt) {
    }

    private final ConnectivityModem modem;
    private volatile PdpContext context;
    private final List<Attempt> attempts = new ArrayList<>();

    ApnProfileObject(ObjectSpec spec, Executor notifications, ConnectivityModem modem, PdpContext context) {
        super(spec, context.cid(), notifications, modem);
        this.modem = Objects.requireNonNull(modem, "modem");
        this.context = context;
    }

    /** The modem's context as last read. */
    PdpContext context() {
        return context;
    }

    void context(PdpContext value) {
        this.context = Objects.requireNonNull(value, "value");
    }

    /** The network accepted or rejected an activation of this context. */
    void attempted(boolean accepted, int cause, Optional<Long> at) {
        synchronized (attempts) {
            attempts.add(0, new Attempt(at, accepted, accepted ? 0 : cause, false, Optional.empty()));
            while (attempts.size() > HISTORY) {
                attempts.remove(attempts.size() - 1);
            }
        }
        changed(9, 10, 11, 12);
    }

    /** The context's connection ended (deactivated, detached). */
    void ended(Optional<Long> at) {
        synchronized (attempts) {
            if (attempts.isEmpty() || !attempts.get(0).accepted() || attempts.get(0).ended()) {
                return;
            }
            attempts.set(0, new Attempt(attempts.get(0).at(), true, 0, true, at));
        }
        changed(12);
    }

    /** The remembered attempts, newest first. */
    List<Attempt> attempts() {
        synchronized (attempts) {
            return List.copyOf(attempts);
        }
    }

    @Override
    protected Set<Integer> served() {
        return SERVED;
    }

    @Override
    protected LwM2mResource compute(int resourceId) {
        PdpContext now = context;
        return switch (resourceId) {
            case 0 -> stored(0) != null ? null
                    : LwM2mSingleResource.newStringResource(0, now.apn().isEmpty() ? "context " + now.cid() : now.apn());
            case 1 -> now.apn().isEmpty() ? null : LwM2mSingleResource.newStringResource(1, now.apn());
            case 3 -> now.apn().isEmpty() ? null : modem.disabledApns()
                    .map(disabled -> LwM2mSingleResource.newBooleanResource(3, !disabled.contains(now.apn()))).orElse(null);
            case 9 -> dates(9, false);
            case 10 -> history(10, a -> (long) (a.accepted() ? 0 : 1));
            case 11 -> history(11, a -> a.accepted() ? null : (long) a.cause());
            case 12 -> dates(12, true);
            case 24 -> LwM2mSingleResource.newIntegerResource(24, switch (now.type()) {
                case "IP" -> 1;
                case "IPV6" -> 2;
                case "IPV4V6" -> 3;
                default -> 0;
            });
            default -> null;
        };
    }

    private LwM2mResource history(int id, java.util.function.Function<Attempt, Long> field) {
        Map<Integer, Long> values = new TreeMap<>();
        List<Attempt> all = attempts();
        for (int i = 0; i < all.size(); i++) {
            Long value = field.apply(all.get(i));
            if (value != null) {
                values.put(i, value);
            }
        }
        return values.isEmpty() ? null : LwM2mMultipleResource.newIntegerResource(id, values);
    }

    private LwM2mResource dates(int id, boolean end) {
        Map<Integer, Date> values = new TreeMap<>();
        List<Attempt> all = attempts();
        for (int i = 0; i < all.size(); i++) {
            Optional<Long> seconds = end ? all.get(i).endedAt() : all.get(i).at();
            if (seconds.isPresent()) {
                values.put(i, new Date(seconds.get() * 1000));
            }
        }
        return values.isEmpty() ? null : LwM2mMultipleResource.newDateResource(id, values);
    }

    /**
     * An instance write is checked as a whole before the modem is touched: only the profile name and the
     * enable status are writable, and every value must fit the model.
     */
    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, LwM2mObjectInstance value) {
        if (!server.isSystem()) {
            for (LwM2mResource resource : value.getResources().values()) {
                if (!SERVER_WRITABLE.contains(resource.getId())) {
                    return WriteResponse.methodNotAllowed();
                }
                Optional<ResourceSpec> model = spec.resource(resource.getId());
                Optional<String> problem = model.flatMap(m -> ValueCheck.problem(m, resource));
                if (problem.isPresent()) {
                    return WriteResponse.badRequest(problem.get());
                }
            }
        }
        return super.write(server, replace, value);
    }

    @Override
    protected WriteResponse accept(LwM2mServer server, LwM2mResource value) {
        if (server.isSystem()) {
            return null;
        }
        switch (value.getId()) {
            case 0 -> {
                return null;
            }
            case 3 -> {
                String apn = context.apn();
                if (apn.isEmpty()) {
                    return WriteResponse.badRequest("context " + context.cid() + " has no APN to enable or disable");
                }
                boolean enable = (Boolean) value.getValue();
                if (!modem.enableApn(apn, enable)) {
                    return WriteResponse.internalServerError("the modem refused to " + (enable ? "enable " : "disable ") + apn);
                }
                LOG.info("server {} {} APN {}", server.getId(), enable ? "enabled" : "disabled", apn);
                return null;
            }
            default -> {
                return WriteResponse.methodNotAllowed();
            }
        }
    }
}
