package io.carrieremu.os.sim.carrier;

import static io.carrieremu.os.sim.carrier.ServerReads.dm;
import static io.carrieremu.os.sim.carrier.ServerReads.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.os.sim.scenario.CarrierSim;
import org.eclipse.leshan.core.request.DeleteRequest;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.LwM2mResponse;
import org.junit.jupiter.api.Test;

/** Event Log (20, SoftBank and generic): {@code setLogData}, LogStart/LogStop and LogStatus, the server's LogClass and LogDataFormat. */
class EventLogObjectTest {

    private static int code(LwM2mResponse response) {
        return response.getCode().getCode();
    }

    private static long status(CarrierSim sim) {
        return (Long) value(sim, 20, 0, 4013);
    }

    @Test
    void setLogDataOutcomesAndWhatTheServerReads() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat((byte[]) value(sim, 20, 0, 4014)).isEmpty();
            assertThat(status(sim)).as("running, no data").isEqualTo(0);
            assertThat(carrier.setLogData("boot ok".getBytes())).isEqualTo(Result.OK);
            assertThat(new String((byte[]) value(sim, 20, 0, 4014))).isEqualTo("boot ok");
            assertThat(status(sim)).as("running, data").isEqualTo(2);

            assertThat(carrier.setLogData(null)).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.setLogData(new byte[2049])).isEqualTo(Result.error(Errno.ENOMEM));
            assertThat(carrier.setLogData(new byte[2048])).isEqualTo(Result.OK);
            assertThat((byte[]) value(sim, 20, 0, 4014)).hasSize(2048);
            assertThat(code(sim.send(dm(sim), new DeleteRequest(20, 0)))).as("the library's log stays").isEqualTo(405);
        }
    }

    @Test
    void setLogDataWithoutTheObjectIsEnoent() throws Exception {
        try (CarrierSim sim = ServerReads.registered("t-mobile")) {
            assertThat(sim.application().carrier().setLogData(new byte[1])).isEqualTo(Result.error(Errno.ENOENT));
            assertThat(code(sim.send(dm(sim), new ReadRequest(20, 0)))).isEqualTo(404);
        }
    }

    @Test
    void logStartAndStopSetTheStatusAndEmptyOrKeepTheData() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            int ssid = dm(sim);
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.setLogData(new byte[] {1})).isEqualTo(Result.OK);
            assertThat(code(sim.send(ssid, new ExecuteRequest(20, 0, 4012)))).isEqualTo(204);
            assertThat(status(sim)).as("stopped, data kept").isEqualTo(3);
            assertThat(code(sim.send(ssid, new ExecuteRequest(20, 0, 4011, "0='1'")))).isEqualTo(204);
            assertThat(status(sim)).as("running, extended").isEqualTo(2);
            assertThat(code(sim.send(ssid, new ExecuteRequest(20, 0, 4011)))).isEqualTo(204);
            assertThat(status(sim)).as("running, emptied").isEqualTo(0);
            assertThat((byte[]) value(sim, 20, 0, 4014)).isEmpty();
            assertThat(carrier.setLogData(new byte[] {2})).isEqualTo(Result.OK);
            assertThat(code(sim.send(ssid, new ExecuteRequest(20, 0, 4012, "0='1'")))).isEqualTo(204);
            assertThat(status(sim)).as("stopped, emptied").isEqualTo(1);
        }
    }

    @Test
    void logClassAndFormatAreTheServersCheckedAndKeptAcrossAReboot() throws Exception {
        try (CarrierSim sim = ServerReads.registered("softbank")) {
            int ssid = dm(sim);
            assertThat(value(sim, 20, 0, 4010)).isEqualTo(0L);
            assertThat(value(sim, 20, 0, 4015)).isEqualTo(0L);
            assertThat(code(sim.send(ssid, new WriteRequest(20, 0, 4010, 2L)))).isEqualTo(204);
            assertThat(code(sim.send(ssid, new WriteRequest(20, 0, 4015, 4L)))).isEqualTo(204);
            assertThat(code(sim.send(ssid, new WriteRequest(20, 0, 4010, 256L)))).as("out of range").isEqualTo(400);
            assertThat(ServerReads.sendSenmlJson(sim, ssid, "PUT", "20/0/4015", "[{\"bn\":\"/20/0/\",\"n\":\"4015\",\"vb\":true}]"))
                    .as("a boolean for an integer").isEqualTo(400);
            assertThat(code(sim.send(ssid, new WriteRequest(20, 0, 4013, 1L)))).as("LogStatus is read-only").isEqualTo(405);
            sim.device().clock().runUntilIdle();

            sim.device().reboot();
            ServerReads.register(sim, 2, true);
            assertThat(value(sim, 20, 0, 4010)).isEqualTo(2L);
            assertThat(value(sim, 20, 0, 4015)).isEqualTo(4L);
        }
    }
}
