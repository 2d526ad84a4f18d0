package io.carrieremu.os.sim.carrier;

import static io.carrieremu.os.sim.carrier.ServerReads.dm;
import static io.carrieremu.os.sim.carrier.ServerReads.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
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

    private static long status(CarrierHarness harness) {
        return (Long) value(harness, 20, 0, 4013);
    }

    @Test
    void setLogDataOutcomesAndWhatTheServerReads() throws Exception {
        try (CarrierHarness harness = ServerReads.registered("softbank")) {
            LwM2mCarrier carrier = harness.carrierInstance();
            assertThat((byte[]) value(harness, 20, 0, 4014)).isEmpty();
            assertThat(status(harness)).as("running, no data").isEqualTo(0);
            assertThat(carrier.setLogData("boot ok".getBytes())).isEqualTo(Result.OK);
            assertThat(new String((byte[]) value(harness, 20, 0, 4014))).isEqualTo("boot ok");
            assertThat(status(harness)).as("running, data").isEqualTo(2);

            assertThat(carrier.setLogData(null)).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.setLogData(new byte[2049])).isEqualTo(Result.error(Errno.ENOMEM));
            assertThat(carrier.setLogData(new byte[2048])).isEqualTo(Result.OK);
            assertThat((byte[]) value(harness, 20, 0, 4014)).hasSize(2048);
            assertThat(code(harness.send(dm(harness), new DeleteRequest(20, 0)))).as("the library's log stays").isEqualTo(405);
        }
    }

    @Test
    void setLogDataWithoutTheObjectIsEnoent() throws Exception {
        try (CarrierHarness harness = ServerReads.registered("t-mobile")) {
            assertThat(harness.carrierInstance().setLogData(new byte[1])).isEqualTo(Result.error(Errno.ENOENT));
            assertThat(code(harness.send(dm(harness), new ReadRequest(20, 0)))).isEqualTo(404);
        }
    }

    @Test
    void logStartAndStopSetTheStatusAndEmptyOrKeepTheData() throws Exception {
        try (CarrierHarness harness = ServerReads.registered("softbank")) {
            int ssid = dm(harness);
            LwM2mCarrier carrier = harness.carrierInstance();
            assertThat(carrier.setLogData(new byte[] {1})).isEqualTo(Result.OK);
            assertThat(code(harness.send(ssid, new ExecuteRequest(20, 0, 4012)))).isEqualTo(204);
            assertThat(status(harness)).as("stopped, data kept").isEqualTo(3);
            assertThat(code(harness.send(ssid, new ExecuteRequest(20, 0, 4011, "0='1'")))).isEqualTo(204);
            assertThat(status(harness)).as("running, extended").isEqualTo(2);
            assertThat(code(harness.send(ssid, new ExecuteRequest(20, 0, 4011)))).isEqualTo(204);
            assertThat(status(harness)).as("running, emptied").isEqualTo(0);
            assertThat((byte[]) value(harness, 20, 0, 4014)).isEmpty();
            assertThat(carrier.setLogData(new byte[] {2})).isEqualTo(Result.OK);
            assertThat(code(harness.send(ssid, new ExecuteRequest(20, 0, 4012, "0='1'")))).isEqualTo(204);
            assertThat(status(harness)).as("stopped, emptied").isEqualTo(1);
        }
    }

    @Test
    void logClassAndFormatAreTheServersCheckedAndKeptAcrossAReboot() throws Exception {
        try (CarrierHarness harness = ServerReads.registered("softbank")) {
            int ssid = dm(harness);
            assertThat(value(harness, 20, 0, 4010)).isEqualTo(0L);
            assertThat(value(harness, 20, 0, 4015)).isEqualTo(0L);
            assertThat(code(harness.send(ssid, new WriteRequest(20, 0, 4010, 2L)))).isEqualTo(204);
            assertThat(code(harness.send(ssid, new WriteRequest(20, 0, 4015, 4L)))).isEqualTo(204);
            assertThat(code(harness.send(ssid, new WriteRequest(20, 0, 4010, 256L)))).as("out of range").isEqualTo(400);
            assertThat(ServerReads.sendSenmlJson(harness, ssid, "PUT", "20/0/4015", "[{\"bn\":\"/20/0/\",\"n\":\"4015\",\"vb\":true}]"))
                    .as("a boolean for an integer").isEqualTo(400);
            assertThat(code(harness.send(ssid, new WriteRequest(20, 0, 4013, 1L)))).as("LogStatus is read-only").isEqualTo(405);
            harness.device.clock().runUntilIdle();

            harness.device.reboot();
            ServerReads.register(harness, 2, true);
            assertThat(value(harness, 20, 0, 4010)).isEqualTo(2L);
            assertThat(value(harness, 20, 0, 4015)).isEqualTo(4L);
        }
    }
}
