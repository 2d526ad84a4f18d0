package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.object.device.PowerSource;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.observation.CompositeObservation;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ObserveCompositeRequest;
import org.eclipse.leshan.core.request.ReadCompositeRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteCompositeRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.WriteRequest.Mode;
import org.eclipse.leshan.core.response.ObserveCompositeResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadCompositeResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;

/**
 * What DM servers send and read: every content format Leshan's server uses, composite operations, and
 * malformed payloads (a truncated TLV, a wrong type, an out-of-range value, an instance write with one
 * bad value) refused with 4.00, leaving the object exactly as it was.
 */
class ServerPayloadTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private static CarrierSim registered(String profile) throws Exception {
        CarrierSim sim = CarrierSim.builder(profile).build().start();
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        return sim;
    }

    private static Registration registration(CarrierSim sim, int ssid) {
        return sim.carrier().dmServer(ssid).getRegistrationService().getByEndpoint(sim.endpoint());
    }

    private static Response raw(CarrierSim sim, int ssid, CoAP.Code method, String path, int format, byte[] payload) {
        Request request = new Request(method);
        request.getOptions().setUriPath(path.substring(1));
        request.getOptions().setContentFormat(format);
        request.setPayload(payload);
        return sim.carrier().sendRaw(ssid, registration(sim, ssid), request, Duration.ofMinutes(1));
    }

    private static Object lifetime(CarrierSim sim, int instance) {
        return ((LwM2mSingleResource) sim.send(101, new ReadRequest(1, instance, 1)).getContent()).getValue();
    }

    @Test
    void everyContentFormatOfLeshansServerReadsTheSameDevice() throws Exception {
        try (CarrierSim sim = registered("t-mobile")) {
            LwM2mNode tlv = sim.send(101, new ReadRequest(ContentFormat.TLV, 3, 0)).getContent();
            for (ContentFormat format : List.of(ContentFormat.SENML_JSON, ContentFormat.SENML_CBOR, ContentFormat.JSON)) {
                ReadResponse read = sim.send(101, new ReadRequest(format, 3, 0));
                assertThat(read.isSuccess()).as("%s: %s", format, read).isTrue();
                LwM2mObjectInstance instance = (LwM2mObjectInstance) read.getContent();
                // Time moves on between reads; every other resource is the same in every format.
                assertThat(instance.getResources().keySet()).as(format.getName())
                        .isEqualTo(((LwM2mObjectInstance) tlv).getResources().keySet());
                assertThat(instance.getResource(0)).isEqualTo(((LwM2mObjectInstance) tlv).getResource(0));
                assertThat(instance.getResource(11)).isEqualTo(((LwM2mObjectInstance) tlv).getResource(11));
            }
            ReadResponse text = sim.send(101, new ReadRequest(ContentFormat.TEXT, 3, 0, 17));
            assertThat(((LwM2mSingleResource) text.getContent()).getValue()).isEqualTo("Module");
            assertThat(sim.send(101, new ReadRequest(ContentFormat.OPAQUE, 3, 0, 17)).getCode().getCode())
                    .as("a string is not opaque").isEqualTo(406);
            assertThat(sim.application().carrier().setVelocity(90, 12.5f, Float.NaN, Float.NaN, Float.NaN).isOk()).isTrue();
            ReadResponse opaque = sim.send(101, new ReadRequest(ContentFormat.OPAQUE, 6, 0, 4));
            assertThat(opaque.isSuccess()).as(String.valueOf(opaque)).isTrue();
            assertThat((byte[]) ((LwM2mSingleResource) opaque.getContent()).getValue())
                    .isEqualTo(((LwM2mSingleResource) sim.send(101, new ReadRequest(ContentFormat.TLV, 6, 0, 4)).getContent())
                            .getValue());
            assertThat(sim.send(101, new WriteRequest(ContentFormat.TEXT, 1, 0, 1, 7200L)).isSuccess()).isTrue();
            assertThat(lifetime(sim, 0)).isEqualTo(7200L);
        }
    }

    @Test
    void aCompositeReadOverThreeObjectsReturnsAllThreeInSenmlCbor() throws Exception {
        try (CarrierSim sim = registered("verizon")) {
            ReadCompositeResponse read = sim.send(101, new ReadCompositeRequest(ContentFormat.SENML_CBOR,
                    ContentFormat.SENML_CBOR, "/1/0/1", "/2/0/3", "/3/0/0"));
            assertThat(read.isSuccess()).as(String.valueOf(read)).isTrue();
            Map<LwM2mPath, LwM2mNode> content = read.getContent();
            assertThat(content.keySet()).containsExactlyInAnyOrder(new LwM2mPath("/1/0/1"), new LwM2mPath("/2/0/3"),
                    new LwM2mPath("/3/0/0"));
            assertThat(content.values()).doesNotContainNull();
            assertThat(((LwM2mSingleResource) content.get(new LwM2mPath("/3/0/0"))).getValue())
                    .isEqualTo(sim.device().os().at().send("AT+CGMI").lines().get(0));
        }
    }

    @Test
    void aCompositeWriteChangesEveryPathAndACompositeObserveNotifies() throws Exception {
        try (CarrierSim sim = registered("t-mobile")) {
            assertThat(sim.send(101, new WriteCompositeRequest(ContentFormat.SENML_CBOR,
                    Map.of("/1/0/1", 5400L, "/3/0/15", "Europe/Oslo"))).isSuccess()).isTrue();
            assertThat(lifetime(sim, 0)).isEqualTo(5400L);
            assertThat(sim.send(101, new ReadRequest(3, 0, 15)).getContent()).extracting("value").isEqualTo("Europe/Oslo");

            sim.application().carrier().setAvailablePowerSources(List.of(PowerSource.INTERNAL_BATTERY));
            List<ObserveCompositeResponse> notifications = Collections.synchronizedList(new ArrayList<>());
            sim.carrier().dmServer(101).getObservationService().addListener(new ObservationListener() {
                @Override
                public void newObservation(Observation observation, Registration registration) {
                }

                @Override
                public void cancelled(Observation observation) {
                }

                @Override
                public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
                }

                @Override
                public void onResponse(CompositeObservation observation, Registration registration,
                        ObserveCompositeResponse response) {
                    notifications.add(response);
                }

                @Override
                public void onError(Observation observation, Registration registration, Exception error) {
                }
            });
            assertThat(sim.send(101, new ObserveCompositeRequest(ContentFormat.SENML_CBOR, ContentFormat.SENML_CBOR,
                    "/3/0/9", "/1/0/1")).isSuccess()).isTrue();
            sim.application().carrier().setBatteryLevel(55);
            assertThat(sim.device().clock().runUntil(() -> notifications.stream().anyMatch(n -> n.getContent()
                    .get(new LwM2mPath("/3/0/9")) instanceof LwM2mSingleResource r && Long.valueOf(55).equals(r.getValue())),
                    Duration.ofMinutes(1))).as("a composite notification with the new level").isTrue();
        }
    }

    @Test
    void aTruncatedTlvIsRefusedAndChangesNothing() throws Exception {
        try (CarrierSim sim = registered("t-mobile")) {
            Object before = lifetime(sim, 0);
            // A resource TLV whose header announces 4 value bytes but carries 1.
            Response response = raw(sim, 101, CoAP.Code.PUT, "/1/0", MediaTypeRegistry.APPLICATION_VND_OMA_LWM2M_TLV,
                    new byte[] {(byte) 0xC4, 0x01, 0x00});
            assertThat(response.getCode()).isEqualTo(CoAP.ResponseCode.BAD_REQUEST);
            assertThat(lifetime(sim, 0)).isEqualTo(before);
        }
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedAndChangesNothing() throws Exception {
        try (CarrierSim sim = registered("t-mobile")) {
            Object before = lifetime(sim, 0);
            Response text = raw(sim, 101, CoAP.Code.PUT, "/1/0/1", MediaTypeRegistry.TEXT_PLAIN,
                    "a day".getBytes(StandardCharsets.UTF_8));
            assertThat(text.getCode()).isEqualTo(CoAP.ResponseCode.BAD_REQUEST);
            Response json = raw(sim, 101, CoAP.Code.PUT, "/1/0/1", MediaTypeRegistry.APPLICATION_SENML_JSON,
                    "[{\"bn\":\"/1/0/1\",\"vs\":\"a day\"}]".getBytes(StandardCharsets.UTF_8));
            assertThat(json.getCode()).isEqualTo(CoAP.ResponseCode.BAD_REQUEST);
            assertThat(lifetime(sim, 0)).isEqualTo(before);
        }
    }

    @Test
    void outOfRangeValuesAreRefusedAndChangeNothing() throws Exception {
        try (CarrierSim sim = registered("t-mobile")) {
            Object before = lifetime(sim, 0);
            assertThat(sim.send(101, new WriteRequest(1, 0, 1, 0L)).getCode().getCode()).as("lifetime 0").isEqualTo(400);
            assertThat(sim.send(101, new WriteRequest(1, 0, 7, "UXZ")).getCode().getCode()).as("binding").isEqualTo(400);
            assertThat(sim.send(101, new WriteRequest(1, 0, 7, "UUUUU")).getCode().getCode()).as("5 letters").isEqualTo(400);
            assertThat(lifetime(sim, 0)).isEqualTo(before);
            assertThat(sim.send(101, new ReadRequest(1, 0, 7)).getContent()).extracting("value").isEqualTo("U");
        }
    }

    @Test
    void anInstanceWriteWithOneBadValueChangesNoValue() throws Exception {
        try (CarrierSim sim = registered("t-mobile")) {
            Object before = lifetime(sim, 0);
            WriteRequest write = new WriteRequest(Mode.UPDATE, 1, 0, LwM2mSingleResource.newIntegerResource(1, 600),
                    LwM2mSingleResource.newStringResource(7, "bad!"));
            assertThat(sim.send(101, write).getCode().getCode()).isEqualTo(400);
            assertThat(lifetime(sim, 0)).as("the good value was not applied either").isEqualTo(before);
            // Nothing of it was persisted either: the next boot registers with the old values.
            sim.send(101, new org.eclipse.leshan.core.request.ExecuteRequest(3, 0, 4));
            assertThat(sim.runUntil(REGISTERED, 2, HOUR)).isTrue();
            assertThat(lifetime(sim, 0)).isEqualTo(before);
            assertThat(sim.send(101, new ReadRequest(1, 0, 7)).getContent()).extracting("value").isEqualTo("U");
        }
    }

    @Test
    void aServerWrittenLifetimeAndBindingSurviveAReboot() throws Exception {
        try (CarrierSim sim = registered("t-mobile")) {
            assertThat(sim.send(101, new WriteRequest(1, 0, 1, 43_200L)).isSuccess()).isTrue();
            assertThat(sim.send(101, new WriteRequest(1, 0, 6, true)).isSuccess()).isTrue();
            sim.device().clock().runUntilIdle();
            sim.send(101, new org.eclipse.leshan.core.request.ExecuteRequest(3, 0, 4));
            assertThat(sim.runUntil(REGISTERED, 2, HOUR)).isTrue();
            assertThat(lifetime(sim, 0)).isEqualTo(43_200L);
            assertThat(registration(sim, 101).getLifeTimeInSec()).as("the new Register announces it").isEqualTo(43_200L);
            assertThat(sim.send(101, new ReadRequest(1, 0, 6)).getContent()).extracting("value").isEqualTo(true);
        }
    }
}
