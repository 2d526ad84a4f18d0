package io.carrieremu.os.sim.carrier;

import static io.carrieremu.os.sim.carrier.ServerReads.dm;
import static io.carrieremu.os.sim.carrier.ServerReads.instances;
import static io.carrieremu.os.sim.carrier.ServerReads.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.IdentityRead;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.object.portfolio.IdentityType;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.leshan.core.link.Link;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mMultipleResource;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.CreateRequest;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.request.WriteRequest.Mode;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;

/** Portfolio (16): the C functions' outcomes, what a DM server reads and may do, and what survives a reboot. */
class PortfolioObjectTest {

    private static int code(LwM2mResponse response) {
        return response.getCode().getCode();
    }

    @Test
    void thePrimaryHostIsTheDeviceAndNobodyWritesIt() throws Exception {
        try (CarrierSim sim = ServerReads.registered("t-mobile")) {
            LwM2mCarrier carrier = sim.application().carrier();
            Map<Integer, Object> host = instances(sim, 16, 0, 0);
            assertThat(host).containsExactly(Map.entry(0, value(sim, 3, 0, 2)), Map.entry(1, value(sim, 3, 0, 0)),
                    Map.entry(2, value(sim, 3, 0, 1)), Map.entry(3, value(sim, 3, 0, 19)));
            assertThat(host.get(0)).isEqualTo("352656100367872");
            for (IdentityType type : IdentityType.values()) {
                assertThat(carrier.identityRead(0, type)).isEqualTo(IdentityRead.ok((String) host.get(type.code())));
            }

            assertThat(carrier.identityWrite(0, IdentityType.MODEL, "mine")).isEqualTo(Result.error(Errno.EPERM));
            int ssid = dm(sim);
            assertThat(code(sim.send(ssid, new WriteRequest(16, 0, 0, Map.of(2, "theirs"), Type.STRING)))).isEqualTo(405);
            assertThat(code(sim.send(ssid, new DeleteRequest(16, 0)))).isEqualTo(405);
            assertThat(instances(sim, 16, 0, 0)).isEqualTo(host);
        }
    }

    @Test
    void identityReadAndWriteOutcomes() throws Exception {
        try (CarrierSim sim = ServerReads.registered("t-mobile")) {
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.identityRead(1, IdentityType.ID)).as("no instance").isEqualTo(IdentityRead.failed(Errno.ENOENT));
            assertThat(carrier.identityWrite(1, IdentityType.ID, "x")).as("no instance").isEqualTo(Result.error(Errno.ENOENT));
            assertThat(carrier.createPortfolioInstance(1)).isEqualTo(Result.OK);

            assertThat(carrier.identityRead(1, IdentityType.MODEL)).as("never written").isEqualTo(IdentityRead.ok(""));
            assertThat(carrier.identityRead(1, 4)).as("no such type").isEqualTo(IdentityRead.failed(Errno.EINVAL));
            assertThat(carrier.identityRead(1, -1)).isEqualTo(IdentityRead.failed(Errno.EINVAL));
            assertThat(carrier.identityWrite(1, IdentityType.MODEL, "")).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.identityWrite(1, IdentityType.MODEL, null)).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.identityWrite(1, IdentityType.MODEL, "m".repeat(129))).isEqualTo(Result.error(Errno.E2BIG));
            assertThat(carrier.identityWrite(1, IdentityType.MODEL, "m".repeat(128))).isEqualTo(Result.OK);
            assertThat(carrier.identityWrite(1, IdentityType.ID, "sensor-7")).isEqualTo(Result.OK);

            assertThat(instances(sim, 16, 1, 0)).containsExactly(Map.entry(0, "sensor-7"), Map.entry(2, "m".repeat(128)));
            assertThat(carrier.identityRead(1, IdentityType.ID)).isEqualTo(IdentityRead.ok("sensor-7"));
        }
    }

    @Test
    void instanceCreationOutcomesAndTheUpdateThatAnnouncesThem() throws Exception {
        try (CarrierSim sim = ServerReads.registered("t-mobile")) {
            int ssid = dm(sim);
            RegistrationRecorder recorder = RegistrationRecorder.at(sim, ssid);
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.createPortfolioInstance(0)).as("in use").isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.createPortfolioInstance(65535)).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.createPortfolioInstance(-1)).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.createPortfolioInstance(5)).isEqualTo(Result.OK);
            assertThat(sim.device().clock().runUntil(() -> !recorder.updates.isEmpty(), Duration.ofMinutes(5))).isTrue();
            assertThat(links(sim, ssid)).contains("/16/0", "/16/5");

            assertThat(carrier.createPortfolioInstance(5)).as("in use").isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.createPortfolioInstance(6)).isEqualTo(Result.OK);
            assertThat(carrier.createPortfolioInstance(7)).isEqualTo(Result.OK);
            assertThat(carrier.createPortfolioInstance(8)).as("four instances at most").isEqualTo(Result.error(Errno.ENOMEM));
            assertThat(code(sim.send(ssid, new CreateRequest(16, new LwM2mObjectInstance(9,
                    LwM2mMultipleResource.newStringResource(0, Map.of(0, "x"))))))).as("a server's Create too").isEqualTo(400);

            assertThat(code(sim.send(ssid, new DeleteRequest(16, 7)))).isEqualTo(202);
            assertThat(carrier.createPortfolioInstance(8)).isEqualTo(Result.OK);
        }
    }

    private static java.util.List<String> links(CarrierSim sim, int ssid) {
        Registration registration = sim.carrier().dmServer(ssid).getRegistrationService().getByEndpoint(sim.endpoint());
        return Arrays.stream(registration.getObjectLinks()).map(Link::getUriReference).toList();
    }

    @Test
    void malformedServerWritesAre400AndChangeNothing() throws Exception {
        try (CarrierSim sim = ServerReads.registered("t-mobile")) {
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.createPortfolioInstance(1)).isEqualTo(Result.OK);
            assertThat(carrier.identityWrite(1, IdentityType.ID, "kept")).isEqualTo(Result.OK);
            int ssid = dm(sim);
            assertThat(ServerReads.sendSenmlJson(sim, ssid, "PUT", "16/1/0", "[{\"bn\":\"/16/1/0/\",\"n\":\"0\",\"v\":42}]"))
                    .as("a number for a string").isEqualTo(400);
            assertThat(ServerReads.sendRaw(sim, ssid, "POST", "16/1", ContentFormat.TLV.getCode(), ServerReads.TRUNCATED_TLV))
                    .as("truncated TLV").isEqualTo(400);
            assertThat(code(sim.send(ssid, new WriteRequest(16, 1, 0, Map.of(0, "i".repeat(129)), Type.STRING))))
                    .as("too long for the model").isEqualTo(400);
            assertThat(code(sim.send(ssid, new WriteRequest(Mode.REPLACE, 16, 1,
                    LwM2mMultipleResource.newStringResource(0, Map.of(0, "new")),
                    LwM2mMultipleResource.newIntegerResource(3, Map.of(0, 7L)))))).as("an instance write with a read-only part")
                    .isEqualTo(405);
            assertThat(instances(sim, 16, 1, 0)).containsExactly(Map.entry(0, "kept"));
        }
    }

    @Test
    void serverWrittenInstancesSurviveAReboot() throws Exception {
        try (CarrierSim sim = ServerReads.registered("t-mobile")) {
            int ssid = dm(sim);
            assertThat(code(sim.send(ssid, new CreateRequest(16, new LwM2mObjectInstance(2,
                    LwM2mMultipleResource.newStringResource(0, Map.of(0, "host-2", 2, "model-2"))))))).isEqualTo(201);
            assertThat(code(sim.send(ssid, new WriteRequest(Mode.UPDATE, 16, 2,
                    LwM2mMultipleResource.newStringResource(0, Map.of(3, "sw-2")))))).isEqualTo(204);
            sim.device().clock().runUntilIdle();

            sim.device().reboot();
            ServerReads.register(sim, 2, false);
            assertThat(instances(sim, 16, 2, 0)).containsExactly(Map.entry(0, "host-2"), Map.entry(2, "model-2"),
                    Map.entry(3, "sw-2"));
            assertThat(sim.application().carrier().identityRead(2, IdentityType.SW_VERSION)).isEqualTo(IdentityRead.ok("sw-2"));
            assertThat(sim.application().carrier().createPortfolioInstance(2)).as("still there").isEqualTo(Result.error(Errno.EINVAL));
        }
    }
}
