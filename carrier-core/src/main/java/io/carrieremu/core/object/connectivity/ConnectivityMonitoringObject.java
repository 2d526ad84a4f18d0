package io.carrieremu.core.object.connectivity;

import io.carrieremu.core.object.connectivity.ConnectivityModem.PdpContext;
import io.carrieremu.core.object.connectivity.ConnectivityModem.Registration;
import io.carrieremu.core.object.connectivity.ConnectivityModem.SystemMode;
import io.carrieremu.core.object.model.ObjectSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.response.WriteResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connectivity Monitoring (4), instance 0, read from the modem on every read:
 *
 * <ul>
 *   <li>0 Network Bearer: 6 LTE-FDD for LTE-M, 7 NB-IoT — the access technology of {@code AT+CEREG?}
 *       while registered, else the system mode's choice ({@code %XSYSTEMMODE});</li>
 *   <li>1 Available Network Bearers: the modes {@code %XSYSTEMMODE} enables;</li>
 *   <li>2 Radio Signal Strength: RSRP of {@code AT+CESQ} in dBm (index − 140, see
 *       {@link ConnectivityModem.Signal#rsrpDbm()}); 3 Link Quality: the raw RSRQ index, as the vendor's;</li>
 *   <li>4 IP Addresses: {@code AT+CGPADDR} of the context the library's traffic uses;</li>
 *   <li>7 APN: the APNs of the defined contexts ({@code AT+CGDCONT?}), in context order;</li>
 *   <li>8 Cell ID, 12 LAC: the hex {@code <ci>} and {@code <tac>} of {@code AT+CEREG?};</li>
 *   <li>9 SMNC, 10 SMCC: the numeric operator of {@code AT+COPS?};</li>
 *   <li>11 SignalSNR: {@code AT%XSNRSQ?} index − 24 dB; 13 Coverage Enhancement Level: its CE level
 *       plus one (the resource keeps 0 for "no coverage enhancement" and counts CE levels 0..3 as 1..4);</li>
 *   <li>30000 (Verizon's, only for a carrier with an APN class table): the APNs of the classes, by
 *       instance, read with {@code AT%XAPNCLASS=0,<class>} and written with {@code AT%XAPNCLASS=1}.</li>
 * </ul>
 *
 * <p>Router IP addresses (5) and link utilisation (6) are not served: the modem does not report them. A
 * resource the modem has no value for (not registered, say) reads as 4.04 rather than as a made-up value.
 */
public final class ConnectivityMonitoringObject extends ModemBackedInstance {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectivityMonitoringObject.class);
    /** Verizon's class APN resource. */
    public static final int CLASS_APNS = 30000;
    private static final int LTE_FDD = 6;
    private static final int NB_IOT = 7;
    private static final Set<Integer> MODEM_RESOURCES = ids(0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13);

    private final ConnectivityModem modem;
    private final IntSupplier trafficContext;
    private final List<Integer> apnClasses;
    private final Set<Integer> served;

    /**
     * @param trafficContext the PDP context id the library's traffic uses now (any thread)
     * @param apnClasses the APN classes {@code /4/0/30000} shows, by instance; empty: not served
     */
    public ConnectivityMonitoringObject(ObjectSpec spec, Executor notifications, ConnectivityModem modem,
            IntSupplier trafficContext, List<Integer> apnClasses) {
        super(spec, 0, notifications, modem);
        this.modem = Objects.requireNonNull(modem, "modem");
        this.trafficContext = Objects.requireNonNull(trafficContext, "trafficContext");
        this.apnClasses = List.copyOf(apnClasses);
        Set<Integer> ids = new HashSet<>(MODEM_RESOURCES);
        if (!this.apnClasses.isEmpty()) {
            ids.add(CLASS_APNS);
        }
        this.served = Set.copyOf(ids);
    }

    @Override
    protected Set<Integer> served() {
        return served;
    }

    @Override
    protected LwM2mResource compute(int resourceId) {
        return switch (resourceId) {
            case 0 -> bearer().map(b -> LwM2mSingleResource.newIntegerResource(0, b)).orElse(null);
            case 1 -> modem.systemMode().map(ConnectivityMonitoringObject::availableBearers).orElse(null);
            case 2 -> integer(2, modem.signal().map(s -> s.rsrpDbm()).orElse(OptionalInt.empty()));
            case 3 -> integer(3, modem.signal().map(s -> s.rsrq()).orElse(OptionalInt.empty()));
            case 4 -> modem.addresses(trafficContext.getAsInt()).filter(a -> !a.isEmpty())
                    .map(a -> strings(4, a)).orElse(null);
            case 7 -> modem.contexts().map(ConnectivityMonitoringObject::apns).filter(a -> !a.isEmpty())
                    .map(a -> strings(7, a)).orElse(null);
            case 8 -> registered().flatMap(Registration::cellId).map(ci -> LwM2mSingleResource.newIntegerResource(8,
                    Long.parseLong(ci, 16))).orElse(null);
            case 9 -> modem.servingOperator().map(o -> LwM2mSingleResource.newIntegerResource(9, o.mnc())).orElse(null);
            case 10 -> modem.servingOperator().map(o -> LwM2mSingleResource.newIntegerResource(10, o.mcc())).orElse(null);
            case 11 -> integer(11, modem.snr().map(s -> s.snrDb()).orElse(OptionalInt.empty()));
            case 12 -> registered().flatMap(Registration::tac).map(tac -> LwM2mSingleResource.newIntegerResource(12,
                    Long.parseLong(tac, 16))).orElse(null);
            case 13 -> {
                OptionalInt ce = modem.snr().map(s -> s.ceLevel()).orElse(OptionalInt.empty());
                yield ce.isPresent() ? LwM2mSingleResource.newIntegerResource(13, ce.getAsInt() + 1) : null;
            }
            case CLASS_APNS -> classApns();
            default -> null;
        };
    }

    private Optional<Registration> registered() {
        return modem.registration().filter(Registration::registered);
    }

    private Optional<Integer> bearer() {
        Optional<Registration> registration = registered();
        if (registration.isPresent() && registration.get().accessTechnology().isPresent()) {
            int act = registration.get().accessTechnology().getAsInt();
            return act == 9 ? Optional.of(NB_IOT) : act == 7 ? Optional.of(LTE_FDD) : Optional.empty();
        }
        return modem.systemMode().filter(m -> m.ltem() || m.nbiot()).map(m -> m.prefersNbiot() ? NB_IOT : LTE_FDD);
    }

    private static LwM2mResource availableBearers(SystemMode mode) {
        Map<Integer, Long> bearers = new LinkedHashMap<>();
        if (mode.ltem()) {
            bearers.put(bearers.size(), (long) LTE_FDD);
        }
        if (mode.nbiot()) {
            bearers.put(bearers.size(), (long) NB_IOT);
        }
        return bearers.isEmpty() ? null : LwM2mMultipleResource.newIntegerResource(1, bearers);
    }

    private static List<String> apns(List<PdpContext> contexts) {
        return contexts.stream().map(PdpContext::apn).filter(apn -> !apn.isEmpty()).distinct().toList();
    }

    private static LwM2mResource integer(int id, OptionalInt value) {
        return value.isPresent() ? LwM2mSingleResource.newIntegerResource(id, value.getAsInt()) : null;
    }

    private static LwM2mResource strings(int id, List<String> values) {
        Map<Integer, String> instances = new TreeMap<>();
        for (int i = 0; i < values.size(); i++) {
            instances.put(i, values.get(i));
        }
        return LwM2mMultipleResource.newStringResource(id, instances);
    }

    private LwM2mResource classApns() {
        Map<Integer, String> instances = new TreeMap<>();
        for (int i = 0; i < apnClasses.size(); i++) {
            Optional<String> apn = modem.classApn(apnClasses.get(i));
            if (apn.isPresent()) {
                instances.put(i, apn.get());
            }
        }
        return instances.isEmpty() ? null : LwM2mMultipleResource.newStringResource(CLASS_APNS, instances);
    }

    /** The APN of {@code apnClass} in the modem's class table (Verizon), if the modem has one. */
    public Optional<String> classApn(int apnClass) {
        return modem.classApn(apnClass);
    }

    /**
     * An instance write may only touch the class APNs: every other resource is read-only, and refusing up
     * front means the modem's table is not written for a request that then fails.
     */
    @Override
    public WriteResponse write(LwM2mServer server, boolean replace, LwM2mObjectInstance value) {
        if (!server.isSystem() && value.getResources().keySet().stream().anyMatch(id -> id != CLASS_APNS)) {
            return WriteResponse.methodNotAllowed();
        }
        return super.write(server, replace, value);
    }

    /**
     * A server writes class APNs: each instance must be one of the classes (0..3 for Verizon's 2, 3, 6,
     * 7) and hold a valid APN, or nothing is written (4.00). The modem's table is written class by class;
     * if the modem refuses one, those already written are put back (5.00), so the table is never half
     * changed. Instances left out of a replacing write keep their APN: the modem's table has no empty
     * entries.
     */
    @Override
    protected WriteResponse accept(LwM2mServer server, LwM2mResource value) {
        if (value.getId() != CLASS_APNS) {
            return null;
        }
        Map<Integer, String> wanted = new TreeMap<>();
        for (LwM2mResourceInstance instance : value.getInstances().values()) {
            if (instance.getId() < 0 || instance.getId() >= apnClasses.size()) {
                return WriteResponse.badRequest("/4/0/30000/" + instance.getId() + ": there are " + apnClasses.size()
                        + " APN classes");
            }
            String apn = (String) instance.getValue();
            if (!ConnectivityModem.validApn(apn)) {
                return WriteResponse.badRequest("/4/0/30000/" + instance.getId() + ": not a valid APN");
            }
            wanted.put(apnClasses.get(instance.getId()), apn);
        }
        Map<Integer, String> before = new TreeMap<>();
        for (int apnClass : wanted.keySet()) {
            Optional<String> old = modem.classApn(apnClass);
            if (old.isEmpty()) {
                return WriteResponse.internalServerError("the modem gives no APN for class " + apnClass);
            }
            before.put(apnClass, old.get());
        }
        List<Integer> written = new ArrayList<>();
        for (Map.Entry<Integer, String> entry : wanted.entrySet()) {
            if (!modem.writeClassApn(entry.getKey(), entry.getValue())) {
                for (int apnClass : written) {
                    if (!modem.writeClassApn(apnClass, before.get(apnClass))) {
                        LOG.warn("APN class {} could not be put back to its old value", apnClass);
                    }
                }
                return WriteResponse.internalServerError("the modem refused APN class " + entry.getKey());
            }
            written.add(entry.getKey());
        }
        LOG.info("server {} changed the APNs of classes {}", server.getId(), wanted.keySet());
        return null;
    }
}
