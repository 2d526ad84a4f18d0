package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.time.Duration;
import java.util.Map;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.node.LwM2mObject;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.Test;

/**
 * Access Control (object 2) between Verizon's two DM servers: the bootstrap server provisions an
 * Access Control instance per Server instance, owned by that server; the owner may narrow the rights,
 * and the other server is then refused with 4.01 while the owner goes on.
 */
@CarrierSimTest(sim = "verizon")
class AccessControlTest {

    private static final Duration HOUR = Duration.ofHours(1);

    /** The Access Control instance guarding {@code /1/serverInstance}. */
    private static int guardOf(CarrierSim sim, int serverInstance) {
        ReadResponse acl = sim.send(101, new ReadRequest(2));
        assertThat(acl.isSuccess()).as(String.valueOf(acl)).isTrue();
        for (LwM2mObjectInstance instance : ((LwM2mObject) acl.getContent()).getInstances().values()) {
            if ((Long) instance.getResource(0).getValue() == 1 && (Long) instance.getResource(1).getValue() == serverInstance) {
                return instance.getId();
            }
        }
        throw new AssertionError("no Access Control instance guards /1/" + serverInstance);
    }

    private static int code(LwM2mResponse response) {
        return response.getCode().getCode();
    }

    @Test
    void aServerWithoutRightsOnAnInstanceOwnedByAnotherIsRefusedAndTheOwnerIsNot(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        int of102 = sim.serverObjectInstance(102);
        int guard = guardOf(sim, of102);
        ReadResponse owner = sim.send(101, new ReadRequest(2, guard, 3));
        assertThat(owner.getContent()).as("owned by 102").extracting("value").isEqualTo(102L);
        assertThat(code(sim.send(101, new WriteRequest(1, of102, 1, 7200L)))).as("factory ACL: 101 may write")
                .isEqualTo(204);

        // 101 cannot change an Access Control instance it does not own.
        assertThat(code(sim.send(101, new WriteRequest(2, guard, 2, Map.of(101, 15L, 102, 15L), Type.INTEGER))))
                .isEqualTo(401);
        // The owner narrows the rights to itself.
        assertThat(code(sim.send(102, new WriteRequest(2, guard, 2, Map.of(102, 15L), Type.INTEGER)))).isEqualTo(204);

        assertThat(code(sim.send(101, new WriteRequest(1, of102, 1, 3600L)))).isEqualTo(401);
        assertThat(code(sim.send(101, new ReadRequest(1, of102, 1)))).isEqualTo(401);
        assertThat(code(sim.send(101, new ExecuteRequest(1, of102, 8)))).isEqualTo(401);
        ReadResponse all = sim.send(101, new ReadRequest(1));
        assertThat(((LwM2mObject) all.getContent()).getInstances()).as("an object read leaves out what 101 may not read")
                .doesNotContainKey(of102);
        assertThat(code(sim.send(102, new WriteRequest(1, of102, 1, 3600L)))).as("the owner may").isEqualTo(204);
        assertThat(sim.send(102, new ReadRequest(1, of102, 1)).getContent()).extracting("value").isEqualTo(3600L);

        // The rights survive a reboot (the Access Control instances are kept in NVS).
        sim.send(102, new ExecuteRequest(3, 0, 4));
        assertThat(sim.runUntil(REGISTERED, 2, HOUR)).isTrue();
        assertThat(code(sim.send(101, new WriteRequest(1, of102, 1, 1800L)))).isEqualTo(401);
        assertThat(code(sim.send(102, new WriteRequest(1, of102, 1, 1800L)))).isEqualTo(204);
    }

    @Test
    void aclBitsOutsideTheirRangeAreRefusedAndChangeNothing(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        int of101 = sim.serverObjectInstance(101);
        int guard = guardOf(sim, of101);
        assertThat(code(sim.send(101, new WriteRequest(ContentFormat.TLV, 2, guard, 2, Map.of(102, 99L), Type.INTEGER))))
                .as("ACL bits beyond 0..31").isEqualTo(400);
        assertThat(code(sim.send(102, new WriteRequest(1, of101, 1, 7200L)))).as("unchanged: 102 still may").isEqualTo(204);
    }
}
