package io.carrieremu.os.sim.carrier;

import static io.carrieremu.os.sim.carrier.ServerReads.dm;
import static io.carrieremu.os.sim.carrier.ServerReads.instances;
import static io.carrieremu.os.sim.carrier.ServerReads.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.ResourcePath;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.event.AppDataEventType;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResourceInstance;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.CancelObservationRequest;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.WriteRequest.Mode;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.junit.jupiter.api.Test;

/**
 * Binary App Data Container (19, SoftBank) and App Data Container (10250, LG U+): {@code setAppData}'s
 * outcomes, the APP_DATA events of servers' writes and observations, capacity, malformed payloads, and
 * persistence across a reboot — against the simulated carrier's DM servers over DTLS.
 */
class AppDataObjectTest {

    private static final byte[] BYTES = {1, 2, 3, (byte) 0xFF};

    private static int code(LwM2mResponse response) {
        return response.getCode().getCode();
    }

    private static List<CarrierEvent.AppData> appData(CarrierSim sim) {
        return sim.events().stream().filter(CarrierEvent.AppData.class::isInstance).map(CarrierEvent.AppData.class::cast).toList();
    }

    private static CarrierEvent.AppData event(AppDataEventType type, byte[] data, int... path) {
        return new CarrierEvent.AppData(type, ResourcePath.of(path), data);
    }

    @Test
    void serverWritesToBinaryAppDataGiveOneDataWriteEventPerEntry() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            int ssid = dm(sim);
            assertThat(code(sim.send(ssid, new WriteRequest(Mode.UPDATE, 19, 0,
                    new LwM2mMultipleResource(0, Type.OPAQUE, LwM2mResourceInstance.newBinaryInstance(0, BYTES)))))).isEqualTo(204);
            sim.device().clock().runUntilIdle();
            assertThat(appData(sim)).containsExactly(event(AppDataEventType.DATA_WRITE, BYTES, 19, 0, 0, 0));

            assertThat(code(sim.send(ssid, new WriteRequest(ContentFormat.SENML_CBOR, 19, 0, 0,
                    Map.of(3, new byte[] {3}, 4, new byte[] {4, 4}), Type.OPAQUE)))).as("replace with two entries").isEqualTo(204);
            sim.device().clock().runUntilIdle();
            assertThat(appData(sim)).containsExactly(event(AppDataEventType.DATA_WRITE, BYTES, 19, 0, 0, 0),
                    event(AppDataEventType.DATA_WRITE, new byte[] {3}, 19, 0, 0, 3),
                    event(AppDataEventType.DATA_WRITE, new byte[] {4, 4}, 19, 0, 0, 4));
            assertThat(instances(sim, 19, 0, 0)).containsOnlyKeys(3, 4);

            assertThat(code(sim.send(ssid, new WriteRequest(ContentFormat.SENML_CBOR, 19, 0, 0, 7,
                    new byte[] {7}, Type.OPAQUE)))).as("a new entry by its own path").isEqualTo(204);
            sim.device().clock().runUntilIdle();
            assertThat(appData(sim).get(3)).isEqualTo(event(AppDataEventType.DATA_WRITE, new byte[] {7}, 19, 0, 0, 7));

            assertThat(code(sim.send(ssid, new WriteRequest(19, 0, 1, 5L)))).as("priority is no app data").isEqualTo(204);
            assertThat(code(sim.send(ssid, new CreateRequest(19, new LwM2mObjectInstance(1,
                    new LwM2mMultipleResource(0, Type.OPAQUE, LwM2mResourceInstance.newBinaryInstance(2, BYTES))))))).isEqualTo(201);
            sim.device().clock().runUntilIdle();
            assertThat(appData(sim)).hasSize(5).last().isEqualTo(event(AppDataEventType.DATA_WRITE, BYTES, 19, 1, 0, 2));
        }
    }

    @Test
    void setAppDataOnBinaryAppDataOutcomesAndWhatTheServerReads() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 5), BYTES)).isEqualTo(Result.OK);
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 6), new byte[0])).isEqualTo(Result.OK);
            assertThat(instances(sim, 19, 0, 0)).containsOnlyKeys(5, 6);
            assertThat((byte[]) instances(sim, 19, 0, 0).get(5)).containsExactly(BYTES);

            Result enoent = Result.error(Errno.ENOENT);
            Result einval = Result.error(Errno.EINVAL);
            assertThat(carrier.setAppData(ResourcePath.of(19, 3, 0, 0), BYTES)).as("no instance 3").isEqualTo(enoent);
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 1, 0), BYTES)).as("resource 1").isEqualTo(einval);
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0), BYTES)).as("path of 3").isEqualTo(einval);
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 65535), BYTES)).as("entry id").isEqualTo(einval);
            assertThat(carrier.setAppData(ResourcePath.of(3, 0, 0, 0), BYTES)).as("not app data").isEqualTo(einval);
            assertThat(carrier.setAppData(ResourcePath.of(10250, 0, 0), BYTES)).as("10250 is LG U+'s").isEqualTo(enoent);

            Result enomem = Result.error(Errno.ENOMEM);
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 7), new byte[765])).as("769 bytes in all").isEqualTo(enomem);
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 7), new byte[764])).as("768 bytes in all").isEqualTo(Result.OK);
            for (int entry = 8; entry < 13; entry++) {
                assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, entry), new byte[0])).isEqualTo(Result.OK);
            }
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 13), new byte[0])).as("a ninth entry").isEqualTo(enomem);

            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 7), null)).as("null deletes").isEqualTo(Result.OK);
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 7), null)).as("already gone").isEqualTo(Result.OK);
            assertThat(instances(sim, 19, 0, 0)).containsOnlyKeys(5, 6, 8, 9, 10, 11, 12);
            assertThat(appData(sim)).as("the application's own changes are no events").isEmpty();
        }
    }

    @Test
    void appDataFunctionsOnACarrierWithoutTheObjectsAreEnoent() throws Exception {
        try (CarrierSim sim = ServerReads.registered("t-mobile")) {
            assertThat(sim.application().carrier().setAppData(ResourcePath.of(19, 0, 0, 0), BYTES)).isEqualTo(Result.error(Errno.ENOENT));
            assertThat(sim.application().carrier().setAppData(ResourcePath.of(10250, 0, 0), BYTES)).isEqualTo(Result.error(Errno.ENOENT));
            assertThat(sim.send(dm(sim), new ReadRequest(19, 0)).getCode().getCode()).isEqualTo(404);
        }
    }

    @Test
    void observeStartAndStopGiveEventsForCancelByGetAndByReset() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            int ssid = dm(sim);
            ObserveResponse observed = sim.send(ssid, new ObserveRequest(19, 0, 0));
            assertThat(observed.isSuccess()).as(String.valueOf(observed)).isTrue();
            sim.device().clock().runUntilIdle();
            assertThat(appData(sim)).containsExactly(event(AppDataEventType.OBSERVE_START, new byte[0], 19, 0, 0));

            assertThat(sim.send(ssid, new CancelObservationRequest(observed.getObservation())).isSuccess())
                    .as("cancel by a GET with Observe=1").isTrue();
            sim.device().clock().runUntilIdle();
            assertThat(appData(sim)).containsExactly(event(AppDataEventType.OBSERVE_START, new byte[0], 19, 0, 0),
                    event(AppDataEventType.OBSERVE_STOP, new byte[0], 19, 0, 0));

            ObserveResponse again = sim.send(ssid, new ObserveRequest(19));
            assertThat(again.isSuccess()).isTrue();
            SingleObservation observation = again.getObservation();
            sim.device().clock().run(() -> sim.carrier().dmServer(ssid).getObservationService().cancelObservation(observation));
            assertThat(sim.application().carrier().setAppData(ResourcePath.of(19, 0, 0, 1), BYTES)).isEqualTo(Result.OK);
            assertThat(sim.device().clock().runUntil(() -> appData(sim).size() == 4, Duration.ofMinutes(5)))
                    .as("the notification is answered with RST: %s", appData(sim)).isTrue();
            assertThat(appData(sim).subList(2, 4)).containsExactly(event(AppDataEventType.OBSERVE_START, new byte[0], 19),
                    event(AppDataEventType.OBSERVE_STOP, new byte[0], 19));

            sim.send(ssid, new ObserveRequest(3, 0, 9));
            sim.device().clock().runUntilIdle();
            assertThat(appData(sim)).as("other objects' observations are no app data").hasSize(4);
        }
    }

    @Test
    void serverWritesToDlDataGiveDataWriteAndUlDataIsTheApplications() throws Exception {
        try (CarrierSim sim = ServerReads.registered("lg-uplus")) {
            int ssid = dm(sim);
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat((byte[]) value(sim, 10250, 0, 0)).as("empty until set").isEmpty();
            assertThat(carrier.setAppData(ResourcePath.of(10250, 0, 0), BYTES)).isEqualTo(Result.OK);
            assertThat((byte[]) value(sim, 10250, 0, 0)).containsExactly(BYTES);

            assertThat(code(sim.send(ssid, new WriteRequest(10250, 0, 1, new byte[] {9, 8})))).isEqualTo(204);
            sim.device().clock().runUntilIdle();
            assertThat(appData(sim)).containsExactly(event(AppDataEventType.DATA_WRITE, new byte[] {9, 8}, 10250, 0, 1));
            assertThat(code(sim.send(ssid, new ReadRequest(10250, 0, 1)))).as("DL data is write-only").isEqualTo(405);
            assertThat(code(sim.send(ssid, new WriteRequest(10250, 0, 0, new byte[] {1})))).as("UL data is read-only")
                    .isEqualTo(405);

            Result einval = Result.error(Errno.EINVAL);
            assertThat(carrier.setAppData(ResourcePath.of(10250, 0, 1), BYTES)).as("DL data").isEqualTo(einval);
            assertThat(carrier.setAppData(ResourcePath.of(10250, 0, 0), null)).as("only 19 deletes").isEqualTo(einval);
            assertThat(carrier.setAppData(ResourcePath.of(10250, 0, 0, 0), BYTES)).as("path of 4").isEqualTo(einval);
            assertThat(carrier.setAppData(ResourcePath.of(10250, 1, 0), BYTES)).as("instance 1").isEqualTo(Result.error(Errno.ENOENT));
            assertThat(carrier.setAppData(ResourcePath.of(19, 0, 0, 0), BYTES)).as("19 is SoftBank's").isEqualTo(Result.error(Errno.ENOENT));
            assertThat(carrier.setAppData(ResourcePath.of(10250, 0, 0), new byte[1025])).isEqualTo(Result.error(Errno.ENOMEM));
            assertThat((byte[]) value(sim, 10250, 0, 0)).as("unchanged").containsExactly(BYTES);

            ObserveResponse observed = sim.send(ssid, new ObserveRequest(10250, 0, 0));
            assertThat(sim.send(ssid, new CancelObservationRequest(observed.getObservation())).isSuccess()).isTrue();
            sim.device().clock().runUntilIdle();
            assertThat(appData(sim).subList(1, 3)).containsExactly(event(AppDataEventType.OBSERVE_START, new byte[0], 10250, 0, 0),
                    event(AppDataEventType.OBSERVE_STOP, new byte[0], 10250, 0, 0));
        }
    }

    @Test
    void malformedOrOversizedServerPayloadsChangeNothing() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            int ssid = dm(sim);
            assertThat(sim.application().carrier().setAppData(ResourcePath.of(19, 0, 0, 0), BYTES)).isEqualTo(Result.OK);
            assertThat(ServerReads.sendRaw(sim, ssid, "POST", "19/0", ContentFormat.TLV.getCode(), ServerReads.TRUNCATED_TLV))
                    .as("truncated TLV").isEqualTo(400);
            assertThat(ServerReads.sendSenmlJson(sim, ssid, "POST", "19/0/0", "[{\"bn\":\"/19/0/0/\",\"n\":\"1\",\"vs\":\"text\"}]"))
                    .as("a string for opaque data").isEqualTo(400);
            assertThat(code(sim.send(ssid, new WriteRequest(19, 0, 1, 256L)))).as("priority out of range").isEqualTo(400);
            assertThat(code(sim.send(ssid, new WriteRequest(Mode.UPDATE, 19, 0,
                    new LwM2mMultipleResource(0, Type.OPAQUE, LwM2mResourceInstance.newBinaryInstance(1, new byte[800]))))))
                    .as("over the container's bytes").isEqualTo(413);
            assertThat(code(sim.send(ssid, new CreateRequest(19, new LwM2mObjectInstance(2,
                    new LwM2mMultipleResource(0, Type.OPAQUE, LwM2mResourceInstance.newBinaryInstance(0, new byte[800])))))))
                    .as("a Create over the capacity").isEqualTo(400);
            assertThat(code(sim.send(ssid, new ReadRequest(19, 2)))).as("nothing created").isEqualTo(404);
            assertThat(instances(sim, 19, 0, 0)).containsOnlyKeys(0);
            assertThat(sim.send(ssid, new ReadRequest(19, 0, 1)).isSuccess()).as("no priority").isFalse();
            assertThat(appData(sim)).isEmpty();
        }
        try (CarrierSim sim = ServerReads.registered("lg-uplus")) {
            int ssid = dm(sim);
            assertThat(ServerReads.sendRaw(sim, ssid, "POST", "10250/0", ContentFormat.TLV.getCode(), ServerReads.TRUNCATED_TLV))
                    .isEqualTo(400);
            assertThat(ServerReads.sendSenmlJson(sim, ssid, "PUT", "10250/0/1", "[{\"bn\":\"/10250/0/\",\"n\":\"1\",\"v\":5}]"))
                    .isEqualTo(400);
            assertThat(appData(sim)).isEmpty();
        }
    }

    @Test
    void serverWrittenAppDataSurvivesAReboot() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            int ssid = dm(sim);
            assertThat(code(sim.send(ssid, new WriteRequest(Mode.UPDATE, 19, 0,
                    new LwM2mMultipleResource(0, Type.OPAQUE, LwM2mResourceInstance.newBinaryInstance(4, BYTES)),
                    LwM2mSingleResource.newStringResource(3, "from the server"))))).isEqualTo(204);
            assertThat(code(sim.send(ssid, new CreateRequest(19, new LwM2mObjectInstance(1,
                    new LwM2mMultipleResource(0, Type.OPAQUE, LwM2mResourceInstance.newBinaryInstance(0, new byte[] {5}))))))).isEqualTo(201);
            sim.device().clock().runUntilIdle();

            sim.device().reboot();
            ServerReads.register(sim, 2, true);
            assertThat((byte[]) instances(sim, 19, 0, 0).get(4)).containsExactly(BYTES);
            assertThat(value(sim, 19, 0, 3)).isEqualTo("from the server");
            assertThat((byte[]) instances(sim, 19, 1, 0).get(0)).containsExactly(5);
        }
    }

    @Test
    void entriesTheApplicationSetsBeforeTheLibraryRestoresWinAndAreKept() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            int ssid = dm(sim);
            assertThat(code(sim.send(ssid, new WriteRequest(ContentFormat.SENML_CBOR, 19, 0, 0,
                    Map.of(1, new byte[] {1}, 4, BYTES), Type.OPAQUE)))).isEqualTo(204);
            sim.device().clock().runUntilIdle();

            sim.device().reboot();
            LwM2mCarrier early = sim.application().carrier();
            assertThat(early.setAppData(ResourcePath.of(19, 0, 0, 1), new byte[] {9})).isEqualTo(Result.OK);
            assertThat(early.setAppData(ResourcePath.of(19, 0, 0, 2), new byte[] {2})).isEqualTo(Result.OK);
            ServerReads.register(sim, 2, true);
            Map<Integer, Object> merged = instances(sim, 19, 0, 0);
            assertThat(merged).containsOnlyKeys(1, 2, 4);
            assertThat((byte[]) merged.get(1)).as("the application's, newer").containsExactly(9);
            assertThat((byte[]) merged.get(4)).as("restored").containsExactly(BYTES);

            sim.device().reboot();
            ServerReads.register(sim, 3, true);
            assertThat((byte[]) instances(sim, 19, 0, 0).get(1)).as("the merge was saved").containsExactly(9);
            assertThat(instances(sim, 19, 0, 0)).containsOnlyKeys(1, 2, 4);
        }
    }
}
