package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.config.CarrierConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.ObjectEnabler;
import org.eclipse.leshan.client.resource.SimpleInstanceEnabler;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel;
import org.eclipse.leshan.core.model.ResourceModel.Operations;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.DiscoverRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.DiscoverResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;

/**
 * The device has one object model: every DM server sees the same objects and instances, and a change
 * the application makes to it reaches all of them.
 */
class SharedObjectModelTest {

    /** An application object in the private range, one read-write string resource. */
    private static final ObjectModel TEST_OBJECT = new ObjectModel(33000, "Test object", "an application's own object",
            "1.0", true, false, new ResourceModel(0, "Text", Operations.RW, false, false, Type.STRING, null, null, "text"));

    private static ObjectEnabler testObject() {
        return new ObjectEnabler(TEST_OBJECT.id, TEST_OBJECT, Map.of(), new BaseInstanceEnablerFactory() {
            @Override
            public LwM2mInstanceEnabler create() {
                return new SimpleInstanceEnabler();
            }
        }, ContentFormat.TLV);
    }

    private static Registration registrationAt(CarrierHarness harness, int ssid) {
        return harness.carrier.dmServer(ssid).getRegistrationService().getByEndpoint(harness.endpoint());
    }

    @Test
    void bothVerizonDmServersReadTheSameDeviceAndDiscoverTheSameObjects() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            ReadResponse from101 = harness.send(101, new ReadRequest(3, 0));
            ReadResponse from102 = harness.send(102, new ReadRequest(3, 0));
            assertThat(from101.isSuccess()).as(String.valueOf(from101)).isTrue();
            assertThat(from101.getContent()).isEqualTo(from102.getContent());

            assertThat(registrationAt(harness, 101).getObjectLinks()).containsExactly(registrationAt(harness, 102).getObjectLinks());
            for (int object : new int[] {1, 3}) {
                DiscoverResponse at101 = harness.send(101, new DiscoverRequest(object));
                DiscoverResponse at102 = harness.send(102, new DiscoverRequest(object));
                assertThat(at101.isSuccess()).as("discover /%d: %s", object, at101).isTrue();
                assertThat(Arrays.stream(at101.getObjectLinks()).map(Link::toString))
                        .containsExactlyElementsOf(Arrays.stream(at102.getObjectLinks()).map(Link::toString).toList());
            }
            assertThat(Arrays.stream(harness.send(101, new DiscoverRequest(1)).getObjectLinks()).map(Link::getUriReference))
                    .as("both servers' Server instances in the one model").contains("/1/0", "/1/1");
        }
    }

    @Test
    void anInstanceTheApplicationCreatesIsAnnouncedToBothServers() throws Exception {
        ObjectEnabler application = testObject();
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults()).withObject(application)) {
            RegistrationTest.Recorder dm101 = new RegistrationTest.Recorder();
            RegistrationTest.Recorder dm102 = new RegistrationTest.Recorder();
            harness.carrier.dmServer(101).getRegistrationService().addListener(dm101);
            harness.carrier.dmServer(102).getRegistrationService().addListener(dm102);
            harness.boot();
            assertThat(harness.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            assertThat(Arrays.stream(registrationAt(harness, 101).getObjectLinks()).map(Link::getUriReference))
                    .contains("/33000").doesNotContain("/33000/1");

            harness.device.clock().run(() -> application.addInstance(1, new SimpleInstanceEnabler(1)));
            assertThat(harness.device.clock().runUntil(() -> !dm101.updates.isEmpty() && !dm102.updates.isEmpty(),
                    Duration.ofMinutes(5))).as("an Update to each DM server").isTrue();
            for (int ssid : new int[] {101, 102}) {
                assertThat(Arrays.stream(registrationAt(harness, ssid).getObjectLinks()).map(Link::getUriReference))
                        .as("server %d", ssid).contains("/33000/1");
            }
        }
    }
}
