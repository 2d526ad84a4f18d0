package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
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

    private static Registration registrationAt(CarrierSim sim, int ssid) {
        return sim.carrier().dmServer(ssid).getRegistrationService().getByEndpoint(sim.endpoint());
    }

    @Test
    @CarrierSimTest(sim = "verizon")
    void bothVerizonDmServersReadTheSameDeviceAndDiscoverTheSameObjects(CarrierSim sim) {
        assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
        ReadResponse from101 = sim.send(101, new ReadRequest(3, 0));
        ReadResponse from102 = sim.send(102, new ReadRequest(3, 0));
        assertThat(from101.isSuccess()).as(String.valueOf(from101)).isTrue();
        assertThat(from101.getContent()).isEqualTo(from102.getContent());

        assertThat(registrationAt(sim, 101).getObjectLinks()).containsExactly(registrationAt(sim, 102).getObjectLinks());
        for (int object : new int[] {1, 3}) {
            DiscoverResponse at101 = sim.send(101, new DiscoverRequest(object));
            DiscoverResponse at102 = sim.send(102, new DiscoverRequest(object));
            assertThat(at101.isSuccess()).as("discover /%d: %s", object, at101).isTrue();
            assertThat(Arrays.stream(at101.getObjectLinks()).map(Link::toString))
                    .containsExactlyElementsOf(Arrays.stream(at102.getObjectLinks()).map(Link::toString).toList());
        }
        assertThat(Arrays.stream(sim.send(101, new DiscoverRequest(1)).getObjectLinks()).map(Link::getUriReference))
                .as("both servers' Server instances in the one model").contains("/1/0", "/1/1");
        assertThat(sim.exchanges().ofDmServer(101)).extracting(Exchange::operation).containsSubsequence("Register", "Read", "Discover");
    }

    @Test
    void anInstanceTheApplicationCreatesIsAnnouncedToBothServers() {
        ObjectEnabler application = testObject();
        try (CarrierSim sim = CarrierSim.builder("verizon").addObject(application).build().start()) {
            assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            assertThat(Arrays.stream(registrationAt(sim, 101).getObjectLinks()).map(Link::getUriReference))
                    .contains("/33000").doesNotContain("/33000/1");

            sim.clock().run(() -> application.addInstance(1, new SimpleInstanceEnabler(1)));
            for (int ssid : new int[] {101, 102}) {
                Exchange update = sim.exchanges().await(Exchange.operation("Update").and(Exchange.server("dm" + ssid)), Duration.ofMinutes(5));
                assertThat(update.payload()).as("server %d: the Update carries the object links", ssid)
                        .startsWith("application/link-format");
                assertThat(Arrays.stream(registrationAt(sim, ssid).getObjectLinks()).map(Link::getUriReference))
                        .as("server %d", ssid).contains("/33000/1");
            }
        }
    }
}
