package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.api.Request;
import io.carrieremu.core.api.Result;
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.node.ObjectLink;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.WriteRequest.Mode;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;

/**
 * Connectivity Monitoring (4), Connectivity Statistics (7), Cellular Connectivity (10) and APN
 * Connection Profile (11) as a DM server sees them over DTLS, against the simulated modem's AT answers
 * and the simulated network's changes; Verizon's class APNs and the PDN its DM servers use.
 */
class ConnectivityObjectsTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Pattern BYTES = Pattern.compile(" (\\d+) bytes");

    /** Notifications a DM server receives, by path. */
    static final class Notifications implements ObservationListener {
        final List<Map.Entry<LwM2mPath, LwM2mNode>> received = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void newObservation(Observation observation, Registration registration) {
        }

        @Override
        public void cancelled(Observation observation) {
        }

        @Override
        public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
            received.add(Map.entry(observation.getPath(), response.getContent()));
        }

        @Override
        public void onResponse(CompositeObservation observation, Registration registration, ObserveCompositeResponse response) {
        }

        @Override
        public void onError(Observation observation, Registration registration, Exception error) {
        }

        /** True if a notification for {@code path} carried a value {@code expected} accepts. */
        boolean saw(LwM2mPath path, Predicate<LwM2mNode> expected) {
            synchronized (received) {
                return received.stream().anyMatch(n -> n.getKey().equals(path) && expected.test(n.getValue()));
            }
        }
    }

    private static CarrierSim registeredVerizon() throws Exception {
        CarrierSim sim = CarrierSim.builder("verizon").build().start();
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).as(sim.device().transcript().print()).isTrue();
        return sim;
    }

    /** The parameters of the modem's answer to {@code command} (first line with {@code prefix}), quotes removed. */
    private static List<String> answer(CarrierSim sim, String command, String prefix) {
        String line = sim.device().clock().call(() -> sim.device().modem().execute(command)).lines().stream()
                .filter(l -> l.startsWith(prefix + ": ")).findFirst().orElseThrow(() -> new AssertionError("no " + prefix));
        List<String> fields = new ArrayList<>();
        for (String field : line.substring(prefix.length() + 2).split(",", -1)) {
            fields.add(field.replace("\"", ""));
        }
        return fields;
    }

    private static Object value(LwM2mObjectInstance instance, int resourceId) {
        LwM2mResource resource = instance.getResource(resourceId);
        assertThat(resource).as("/4/0/%d", resourceId).isNotNull();
        return resource.getValue();
    }

    private static Map<Integer, Object> values(LwM2mResource resource) {
        Map<Integer, Object> values = new TreeMap<>();
        for (LwM2mResourceInstance instance : resource.getInstances().values()) {
            values.put(instance.getId(), instance.getValue());
        }
        return values;
    }

    private static Map<Integer, Object> instances(Object... values) {
        Map<Integer, Object> map = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(i, values[i]);
        }
        return map;
    }

    private static boolean multiValue(LwM2mNode node, Object... expected) {
        return node instanceof LwM2mResource resource && resource.isMultiInstances() && values(resource).equals(instances(expected));
    }

    private static boolean singleValue(LwM2mNode node, Object expected) {
        return node instanceof LwM2mSingleResource resource && expected.equals(resource.getValue());
    }

    // ------------------------------------------------------------------ Connectivity Monitoring

    @Test
    void connectivityMonitoringReadEqualsTheModemsAnswersResourceByResource() throws Exception {
        try (CarrierSim sim = registeredVerizon()) {
            ReadResponse read = sim.send(102, new ReadRequest(ContentFormat.SENML_CBOR, 4, 0));
            assertThat(read.isSuccess()).as(String.valueOf(read)).isTrue();
            LwM2mObjectInstance object = (LwM2mObjectInstance) read.getContent();

            List<String> cereg = answer(sim, "AT+CEREG?", "+CEREG");
            assertThat(cereg.get(1)).as("registered home").isEqualTo("1");
            assertThat(cereg.get(4)).as("LTE-M").isEqualTo("7");
            assertThat(value(object, 0)).as("bearer LTE-FDD for LTE-M").isEqualTo(6L);
            assertThat(values(object.getResource(1))).as("%XSYSTEMMODE: LTE-M only").isEqualTo(instances(6L));

            List<String> cesq = answer(sim, "AT+CESQ", "+CESQ");
            assertThat(value(object, 2)).as("RSRP dBm").isEqualTo(Long.parseLong(cesq.get(5)) - 140).isEqualTo(-103L);
            assertThat(value(object, 3)).as("RSRQ index").isEqualTo(Long.parseLong(cesq.get(4))).isEqualTo(25L);

            List<String> addresses = answer(sim, "AT+CGPADDR=1", "+CGPADDR");
            assertThat(values(object.getResource(4))).as("addresses of the library's context 1")
                    .isEqualTo(instances(addresses.get(1), addresses.get(2)))
                    .isEqualTo(instances("192.0.2.11", "2001:DB8:0:0:0:0:0:11"));

            List<String> apns = sim.device().clock().call(() -> sim.device().modem().execute("AT+CGDCONT?")).lines().stream()
                    .map(line -> line.split(",")[2].replace("\"", "")).toList();
            assertThat(values(object.getResource(7))).as("APNs of the contexts").isEqualTo(instances(apns.toArray()))
                    .isEqualTo(instances("vzwinternet", "VZWADMIN"));

            assertThat(value(object, 8)).as("cell id").isEqualTo(Long.parseLong(cereg.get(3), 16)).isEqualTo(0x00B7F901L);
            assertThat(value(object, 12)).as("LAC = tac").isEqualTo(Long.parseLong(cereg.get(2), 16)).isEqualTo(0x2F02L);

            String plmn = answer(sim, "AT+COPS?", "+COPS").get(2);
            assertThat(value(object, 10)).as("SMCC").isEqualTo(Long.parseLong(plmn.substring(0, 3))).isEqualTo(311L);
            assertThat(value(object, 9)).as("SMNC").isEqualTo(Long.parseLong(plmn.substring(3))).isEqualTo(480L);

            List<String> snr = answer(sim, "AT%XSNRSQ?", "%XSNRSQ");
            assertThat(value(object, 11)).as("SNR dB").isEqualTo(Long.parseLong(snr.get(0)) - 24).isEqualTo(1L);
            assertThat(value(object, 13)).as("CE level 0 is 1").isEqualTo(Long.parseLong(snr.get(2)) + 1);

            assertThat(values(object.getResource(30000))).as("Verizon class APNs 2, 3, 6, 7").isEqualTo(instances(
                    answer(sim, "AT%XAPNCLASS=0,2", "%XAPNCLASS").get(1), answer(sim, "AT%XAPNCLASS=0,3", "%XAPNCLASS").get(1),
                    answer(sim, "AT%XAPNCLASS=0,6", "%XAPNCLASS").get(1), answer(sim, "AT%XAPNCLASS=0,7", "%XAPNCLASS").get(1)));
            assertThat(object.getResources().keySet()).as("router IPs and link utilisation are not reported")
                    .doesNotContain(5, 6);
        }
    }

    @Test
    void anInstanceReadAsksTheModemEachQuestionOnce() throws Exception {
        try (CarrierSim sim = registeredVerizon()) {
            int before = sim.device().transcript().entries().size();
            assertThat(sim.send(102, new ReadRequest(4, 0)).isSuccess()).isTrue();
            List<String> commands = sim.device().transcript().entries().subList(before, sim.device().transcript().entries().size())
                    .stream().filter(e -> e.kind() == Transcript.Kind.AT_COMMAND).map(Transcript.Entry::text).toList();
            assertThat(commands).contains("AT+CESQ", "AT+CEREG?", "AT+COPS?", "AT%XSNRSQ?", "AT+CGPADDR=1", "AT%XAPNCLASS=0,7")
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void cellChangeRsrpChangeAndNewIpEachNotifyTheObservingServer() throws Exception {
        try (CarrierSim sim = registeredVerizon()) {
            Notifications notifications = new Notifications();
            sim.carrier().dmServer(102).getObservationService().addListener(notifications);
            for (int resource : new int[] {2, 4, 8, 12}) {
                ObserveResponse observed = sim.send(102, new ObserveRequest(4, 0, resource));
                assertThat(observed.isSuccess()).as("observe /4/0/%d: %s", resource, observed).isTrue();
            }

            sim.device().clock().run(() -> sim.device().modem().changeCell("3A01", "01A2B3C4"));
            assertThat(sim.device().clock().runUntil(() -> notifications.saw(new LwM2mPath(4, 0, 8),
                    node -> singleValue(node, 0x01A2B3C4L)), Duration.ofMinutes(1))).as("new cell id").isTrue();
            assertThat(notifications.saw(new LwM2mPath(4, 0, 12), node -> singleValue(node, 0x3A01L))).as("new LAC").isTrue();

            sim.device().clock().run(() -> sim.device().modem().changeSignal(60, 30, 40));
            assertThat(sim.device().clock().runUntil(() -> notifications.saw(new LwM2mPath(4, 0, 2),
                    node -> singleValue(node, -80L)), Duration.ofMinutes(1))).as("RSRP index 60 = -80 dBm").isTrue();

            sim.device().clock().run(() -> sim.device().modem().newIpv6Address(1));
            assertThat(sim.device().clock().runUntil(() -> notifications.saw(new LwM2mPath(4, 0, 4),
                    node -> multiValue(node, "192.0.2.11", "2001:DB8:0:0:0:0:1:11")), Duration.ofMinutes(1))).as("new IPv6 address")
                    .isTrue();
            assertThat(sim.device().transcript().lines(Transcript.Kind.AT_NOTIFICATION))
                    .contains("+CEREG: 1,\"3A01\",\"01A2B3C4\",7,,,\"11100000\",\"11100000\"", "%CESQ: 60,3,30,4", "+CGEV: IPV6 1");
        }
    }

    @Test
    void anUnchangedValueDoesNotNotify() throws Exception {
        try (CarrierSim sim = registeredVerizon()) {
            Notifications notifications = new Notifications();
            sim.carrier().dmServer(102).getObservationService().addListener(notifications);
            assertThat(sim.send(102, new ObserveRequest(4, 0, 8)).isSuccess()).isTrue();
            sim.device().clock().run(() -> sim.device().modem().changeSignal(60, 30, 40));
            sim.device().clock().advance(Duration.ofMinutes(1));
            assertThat(notifications.received).as("the cell did not change").isEmpty();
        }
    }

    // ------------------------------------------------------------------ Verizon

    @Test
    void verizonClassApnsAreReadAndAServerWriteChangesTheModemsClassTable() throws Exception {
        try (CarrierSim sim = registeredVerizon()) {
            ReadResponse read = sim.send(102, new ReadRequest(4, 0, 30000));
            assertThat(read.isSuccess()).as(String.valueOf(read)).isTrue();
            assertThat(values((LwM2mResource) read.getContent())).isEqualTo(instances("VZWADMIN", "VZWINTERNET", "VZWAPP", "VZWCLASS7"));

            LwM2mResponse written = sim.send(102, new WriteRequest(Mode.UPDATE, ContentFormat.TLV, 4, 0, 30000,
                    Map.of(1, "VZWNEWINTERNET"), Type.STRING));
            assertThat(written.isSuccess()).as(String.valueOf(written)).isTrue();
            assertThat(answer(sim, "AT%XAPNCLASS=0,3", "%XAPNCLASS")).as("class 3 in the modem")
                    .containsExactly("3", "VZWNEWINTERNET", "IPV4V6");
            assertThat(sim.device().transcript().lines(Transcript.Kind.AT_COMMAND)).contains("AT%XAPNCLASS=1,3,\"VZWNEWINTERNET\"");
            assertThat(values((LwM2mResource) sim.send(101, new ReadRequest(4, 0, 30000)).getContent()))
                    .as("the other server reads the new table").isEqualTo(instances("VZWADMIN", "VZWNEWINTERNET", "VZWAPP", "VZWCLASS7"));
        }
    }

    @Test
    void malformedOrOutOfRangeClassApnWritesGetBadRequestAndChangeNothing() throws Exception {
        try (CarrierSim sim = registeredVerizon()) {
            Map<Integer, String> before = sim.device().modem().apnClassTable();
            List<Map<Integer, ?>> bad = List.of(
                    Map.of(4, "VZWFIFTH"),
                    Map.of(0, "VZWOTHER", 9, "VZWNINTH"),
                    Map.of(1, "two words"),
                    Map.of(1, "quo\"te"),
                    Map.of(1, ""),
                    Map.of(2, "a".repeat(64)));
            for (Map<Integer, ?> values : bad) {
                LwM2mResponse response = sim.send(102, new WriteRequest(Mode.UPDATE, ContentFormat.TLV, 4, 0, 30000, values,
                        Type.STRING));
                assertThat(response.getCode()).as("write %s", values).isEqualTo(ResponseCode.BAD_REQUEST);
            }
            LwM2mResponse readOnly = sim.send(102, new WriteRequest(4, 0, 8, 1L));
            assertThat(readOnly.getCode()).as("cell id is read-only").isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);

            assertThat(sim.device().modem().apnClassTable()).as("the modem's table").isEqualTo(before);
            assertThat(sim.device().transcript().lines(Transcript.Kind.AT_COMMAND)).noneMatch(c -> c.startsWith("AT%XAPNCLASS=1"));
            assertThat(values((LwM2mResource) sim.send(102, new ReadRequest(4, 0, 30000)).getContent()))
                    .isEqualTo(instances("VZWADMIN", "VZWINTERNET", "VZWAPP", "VZWCLASS7"));
        }
    }

    @Test
    void verizonDmTrafficUsesAPdnOnTheClassTwoApn() throws Exception {
        try (CarrierSim sim = registeredVerizon()) {
            Transcript transcript = sim.device().transcript();
            assertThat(transcript.lines(Transcript.Kind.AT_COMMAND)).as("the library's context on the class-2 APN")
                    .contains("AT%XAPNCLASS=0,2", "AT+CGDCONT=1,\"IPV4V6\",\"VZWADMIN\"", "AT+CGACT=1,1");
            assertThat(transcript.lines(Transcript.Kind.AT_NOTIFICATION)).contains("+CGEV: ME PDN ACT 1");
            List<String> toServers = transcript.lines(Transcript.Kind.DATAGRAM_OUT);
            assertThat(toServers).anyMatch(l -> l.startsWith("PDN 1 dm102.")).anyMatch(l -> l.startsWith("PDN 1 dm101."))
                    .as("nothing of the library's on the default PDN").allMatch(l -> l.startsWith("PDN 1 "));
            for (int ssid : new int[] {101, 102}) {
                assertThat(sim.carrier().dmServer(ssid).getRegistrationService().getByEndpoint(sim.endpoint()))
                        .as("registered at %d", ssid).isNotNull();
            }
        }
    }

    @Test
    void aNewClassTwoApnIsUsedAtTheNextActivation() throws Exception {
        try (CarrierSim sim = registeredVerizon()) {
            assertThat(sim.send(102, new WriteRequest(Mode.UPDATE, ContentFormat.TLV, 4, 0, 30000,
                    Map.of(0, "VZWADMIN2"), Type.STRING)).isSuccess()).isTrue();
            assertThat(sim.application().carrier().request(Request.LINK_DOWN)).isEqualTo(Result.OK);
            assertThat(sim.runUntil(LTE_LINK_DOWN, 3, HOUR)).isTrue();
            assertThat(sim.application().carrier().request(Request.LINK_UP)).isEqualTo(Result.OK);
            assertThat(sim.runUntil(LTE_LINK_UP, 3, HOUR)).isTrue();
            sim.device().clock().advance(Duration.ofMinutes(1));
            assertThat(sim.device().transcript().lines(Transcript.Kind.AT_COMMAND)).contains("AT+CGDCONT=1,\"IPV4V6\",\"VZWADMIN2\"");
            assertThat(sim.device().modem().isPdnActive(1)).isTrue();
        }
    }

    @Test
    @CarrierSimTest(sim = "t-mobile")
    void otherCarriersDoNotServeTheClassApnResource(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        assertThat(sim.send(101, new ReadRequest(4, 0, 30000)).getCode()).isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(sim.send(101, new ReadRequest(4, 0, 8)).isSuccess()).isTrue();
        assertThat(sim.device().transcript().lines(Transcript.Kind.DATAGRAM_OUT)).as("the default PDN")
                .allMatch(l -> l.startsWith("PDN 0 "));
    }

    // ------------------------------------------------------------------ Connectivity Statistics

    /** Sums of what the transport carried between two transcript entries. */
    record Carried(long sent, long received, long count, long largest) {
    }

    private static Carried carried(List<Transcript.Entry> entries, int from, int to) {
        long sent = 0;
        long received = 0;
        long count = 0;
        long largest = 0;
        for (Transcript.Entry entry : entries.subList(from, to)) {
            boolean out = entry.kind() == Transcript.Kind.DATAGRAM_OUT;
            if (!out && entry.kind() != Transcript.Kind.DATAGRAM_IN) {
                continue;
            }
            Matcher bytes = BYTES.matcher(entry.text());
            assertThat(bytes.find()).as(entry.text()).isTrue();
            long size = Long.parseLong(bytes.group(1));
            if (out) {
                sent += size;
            } else {
                received += size;
            }
            count++;
            largest = Math.max(largest, size);
        }
        return new Carried(sent, received, count, largest);
    }

    private static int indexOf(List<Transcript.Entry> entries, String command, int from) {
        for (int i = from; i < entries.size(); i++) {
            if (entries.get(i).kind() == Transcript.Kind.AT_COMMAND && entries.get(i).text().equals(command)) {
                return i;
            }
        }
        throw new AssertionError("no " + command + " after entry " + from);
    }

    @Test
    void statisticsMatchTheBytesTheSimulatedTransportCarried() throws Exception {
        try (CarrierSim sim = registeredVerizon()) {
            assertThat(sim.send(102, new ExecuteRequest(7, 0, 6)).isSuccess()).isTrue();
            for (int i = 0; i < 20; i++) {
                assertThat(sim.send(102, new ReadRequest(ContentFormat.SENML_JSON, 3, 0)).isSuccess()).isTrue();
            }
            ReadResponse read = sim.send(102, new ReadRequest(7, 0));
            assertThat(read.isSuccess()).as(String.valueOf(read)).isTrue();
            LwM2mObjectInstance statistics = (LwM2mObjectInstance) read.getContent();

            List<Transcript.Entry> entries = sim.device().transcript().entries();
            int start = indexOf(entries, "AT%XCONNSTAT=1", 0);
            Carried carried = carried(entries, start, indexOf(entries, "AT%XCONNSTAT?", start));
            assertThat(carried.sent()).as("enough traffic for whole kilobytes").isGreaterThan(2048);
            assertThat(statistics.getResource(2).getValue()).as("Tx kB").isEqualTo(carried.sent() / 1024);
            assertThat(statistics.getResource(3).getValue()).as("Rx kB").isEqualTo(carried.received() / 1024);
            assertThat(statistics.getResource(4).getValue()).as("largest message").isEqualTo(carried.largest());
            assertThat(statistics.getResource(5).getValue()).as("average message")
                    .isEqualTo((carried.sent() + carried.received()) / carried.count());
            assertThat(statistics.getResource(0).getValue()).as("no SMS sent").isEqualTo(0L);
            assertThat(statistics.getResource(1).getValue()).as("no SMS received").isEqualTo(0L);
            assertThat(statistics.getResource(8).getValue()).as("collection period default").isEqualTo(0L);
        }
    }

    @Test
    void stopFreezesTheCountersAndACollectionPeriodStopsThemOnTime() throws Exception {
        try (CarrierSim sim = registeredVerizon()) {
            assertThat(sim.send(102, new ExecuteRequest(7, 0, 6)).isSuccess()).isTrue();
            sim.send(102, new ReadRequest(3, 0));
            assertThat(sim.send(102, new ExecuteRequest(7, 0, 7)).isSuccess()).isTrue();
            LwM2mNode stopped = sim.send(102, new ReadRequest(7, 0, 2)).getContent();
            for (int i = 0; i < 10; i++) {
                sim.send(102, new ReadRequest(3, 0));
            }
            assertThat(sim.send(102, new ReadRequest(7, 0, 2)).getContent()).as("nothing counted after Stop").isEqualTo(stopped);

            assertThat(sim.send(102, new WriteRequest(7, 0, 8, 60L)).isSuccess()).isTrue();
            assertThat(sim.send(102, new ExecuteRequest(7, 0, 6)).isSuccess()).isTrue();
            assertThat(sim.send(102, new ReadRequest(7, 0, 8)).getContent()).isEqualTo(LwM2mSingleResource.newIntegerResource(8, 60));
            long started = sim.device().transcript().entries(Transcript.Kind.AT_COMMAND).stream()
                    .filter(e -> e.text().equals("AT%XCONNSTAT=1")).reduce((a, b) -> b).orElseThrow().virtualMillis();
            sim.device().clock().advance(Duration.ofMinutes(2));
            assertThat(sim.device().transcript().entries(Transcript.Kind.AT_COMMAND).stream()
                    .filter(e -> e.text().equals("AT%XCONNSTAT=0") && e.virtualMillis() > started).map(Transcript.Entry::virtualMillis))
                    .as("stopped 60 s after the start").containsExactly(started + 60_000);
        }
    }

    // ------------------------------------------------------------------ Cellular Connectivity and APN profiles

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void apnProfilesFollowTheModemsContextsAndCellularConnectivityLinksTheActiveOnes(CarrierSim sim) throws Exception {
        sim.device().network().psmTimers("00100001", "00000110");
        sim.start();
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();

        LwM2mObjectInstance admin = (LwM2mObjectInstance) sim.send(102, new ReadRequest(11, 1)).getContent();
        assertThat(admin.getResource(1).getValue()).isEqualTo("VZWADMIN");
        assertThat(admin.getResource(0).getValue()).as("profile name").isEqualTo("VZWADMIN");
        assertThat(admin.getResource(3).getValue()).as("enabled").isEqualTo(true);
        assertThat(admin.getResource(24).getValue()).as("IPv4v6").isEqualTo(3L);
        assertThat(values(admin.getResource(10)).get(0)).as("last attempt accepted").isEqualTo(0L);
        assertThat(admin.getResource(9)).as("the attempt's time, from the modem clock").isNotNull();
        assertThat(admin.getResources()).as("authentication type is not known").doesNotContainKey(4);

        LwM2mObjectInstance cellular = (LwM2mObjectInstance) sim.send(102, new ReadRequest(10, 0)).getContent();
        assertThat(cellular.getResource(4).getValue()).as("PSM timer: Periodic-TAU 1 h").isEqualTo(3600L);
        assertThat(cellular.getResource(5).getValue()).as("active timer: 1 min").isEqualTo(60L);
        assertThat(values(cellular.getResource(11))).as("activated profiles")
                .isEqualTo(instances(new ObjectLink(11, 0), new ObjectLink(11, 1)));

        assertThat(sim.send(102, new WriteRequest(11, 0, 3, false)).isSuccess()).isTrue();
        assertThat(answer(sim, "AT%XAPNSTATUS?", "%XAPNSTATUS")).containsExactly("vzwinternet");
        assertThat(sim.send(102, new ReadRequest(11, 0, 3)).getContent())
                .isEqualTo(LwM2mSingleResource.newBooleanResource(3, false));
        assertThat(sim.send(102, new WriteRequest(11, 1, 1, "other")).getCode()).as("APN is the modem's")
                .isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(sim.send(102, new WriteRequest(10, 0, 4, 60L)).getCode()).as("no AT+CPSMS")
                .isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        assertThat(sim.send(102, new CreateRequest(11, new LwM2mObjectInstance(5,
                LwM2mSingleResource.newStringResource(0, "mine"), LwM2mSingleResource.newIntegerResource(4, 0)))).getCode())
                .as("instances follow the modem's contexts").isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
    }

    @Test
    @CarrierSimTest(sim = "verizon", start = false)
    void aRejectedActivationIsRecordedWithItsEsmCause(CarrierSim sim) throws Exception {
        sim.device().network().rejectApn("VZWADMIN", 33);
        sim.application().onEvent(event -> {
            if (event.type() == io.carrieremu.core.event.EventType.DEFERRED) {
                sim.device().network().acceptApn("VZWADMIN");
            }
            return 0;
        });
        sim.start();
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        LwM2mObjectInstance admin = (LwM2mObjectInstance) sim.send(102, new ReadRequest(11, 1)).getContent();
        List<Object> results = List.copyOf(values(admin.getResource(10)).values());
        assertThat(results).as("newest first: accepted after the rejection").startsWith(0L).contains(1L);
        assertThat(values(admin.getResource(11))).as("ESM cause of the rejected attempt").containsValue(33L);
    }
}
