package io.carrieremu.os.sim.carrier;

import static io.carrieremu.os.sim.carrier.ServerReads.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.util.Date;
import java.util.HexFormat;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.Test;

/**
 * Location (6) through {@code setLocation}/{@code setVelocity}, as a DM server of the simulated carrier
 * reads it over DTLS. (ENOENT, for a carrier without object 6, is in {@code CarrierObjectSetTest}: every
 * built-in profile serves it.)
 */
class LocationObjectTest {

    private static final Result EINVAL = Result.error(Errno.EINVAL);

    @Test
    void defaultsAreAllZero() throws Exception {
        try (CarrierSim sim = ServerReads.registered("t-mobile")) {
            for (int resource : new int[] {0, 1, 2, 3, 6}) {
                assertThat(value(sim, 6, 0, resource)).as("/6/0/%d", resource).isEqualTo(0.0);
            }
            assertThat(value(sim, 6, 0, 5)).isEqualTo(new Date(0));
            assertThat((byte[]) value(sim, 6, 0, 4)).containsExactly(0, 0, 0, 0);
        }
    }

    @Test
    void positionOutcomesAndWhatTheServerReads() throws Exception {
        try (CarrierSim sim = ServerReads.registered("t-mobile")) {
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.setLocation(63.4305, 10.3951, 45.5f, 1_700_000_000L, 12.25f)).isEqualTo(Result.OK);
            assertPosition(sim, 63.4305, 10.3951, 45.5, 12.25, 1_700_000_000L);

            assertThat(carrier.setLocation(90.01, 0, 0, 1_700_000_001L, 0)).as("latitude").isEqualTo(EINVAL);
            assertThat(carrier.setLocation(-90.01, 0, 0, 1_700_000_001L, 0)).as("latitude").isEqualTo(EINVAL);
            assertThat(carrier.setLocation(Double.NaN, 0, 0, 1_700_000_001L, 0)).as("latitude").isEqualTo(EINVAL);
            assertThat(carrier.setLocation(0, 180.5, 0, 1_700_000_001L, 0)).as("longitude").isEqualTo(EINVAL);
            assertThat(carrier.setLocation(0, -180.5, 0, 1_700_000_001L, 0)).as("longitude").isEqualTo(EINVAL);
            assertThat(carrier.setLocation(0, 0, Float.NaN, 1_700_000_001L, 0)).as("altitude").isEqualTo(EINVAL);
            assertThat(carrier.setLocation(0, 0, 0, 1_700_000_001L, -1)).as("radius").isEqualTo(EINVAL);
            assertThat(carrier.setLocation(0, 0, 0, 1_699_999_999L, 0)).as("older timestamp").isEqualTo(EINVAL);
            assertThat(carrier.setLocation(0, 0, 0, -1, 0)).as("timestamp").isEqualTo(EINVAL);
            assertThat(carrier.setLocation(0, 0, 0, 0x1_0000_0000L, 0)).as("timestamp beyond uint32").isEqualTo(EINVAL);
            assertPosition(sim, 63.4305, 10.3951, 45.5, 12.25, 1_700_000_000L);

            assertThat(carrier.setLocation(-90, 180, -10f, 1_700_000_000L, 0)).as("same timestamp, range edges")
                    .isEqualTo(Result.OK);
            assertPosition(sim, -90, 180, -10, 0, 1_700_000_000L);
        }
    }

    private static void assertPosition(CarrierSim sim, double latitude, double longitude, double altitude,
            double radius, long timestamp) {
        assertThat(value(sim, 6, 0, 0)).isEqualTo(latitude);
        assertThat(value(sim, 6, 0, 1)).isEqualTo(longitude);
        assertThat(value(sim, 6, 0, 2)).isEqualTo(altitude);
        assertThat(value(sim, 6, 0, 3)).isEqualTo(radius);
        assertThat(value(sim, 6, 0, 5)).isEqualTo(new Date(timestamp * 1000));
    }

    @Test
    void velocityOutcomesAndTheEncodedOctetsTheServerReads() throws Exception {
        try (CarrierSim sim = ServerReads.registered("t-mobile")) {
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.setVelocity(300, 10f, Float.NaN, Float.NaN, Float.NaN)).isEqualTo(Result.OK);
            assertThat(HexFormat.of().formatHex((byte[]) value(sim, 6, 0, 4))).isEqualTo("012c0024");
            assertThat(value(sim, 6, 0, 6)).isEqualTo(10.0);

            assertThat(carrier.setVelocity(359, 20f, -1f, 1f, 0.5f)).isEqualTo(Result.OK);
            assertThat(HexFormat.of().formatHex((byte[]) value(sim, 6, 0, 4))).isEqualTo("33670048040402");
            assertThat(value(sim, 6, 0, 6)).isEqualTo(20.0);

            assertThat(carrier.setVelocity(360, 1f, Float.NaN, Float.NaN, Float.NaN)).as("heading").isEqualTo(EINVAL);
            assertThat(carrier.setVelocity(-1, 1f, Float.NaN, Float.NaN, Float.NaN)).as("heading").isEqualTo(EINVAL);
            assertThat(carrier.setVelocity(0, -1f, Float.NaN, Float.NaN, Float.NaN)).as("speed").isEqualTo(EINVAL);
            assertThat(carrier.setVelocity(0, Float.NaN, Float.NaN, Float.NaN, Float.NaN)).as("speed").isEqualTo(EINVAL);
            assertThat(carrier.setVelocity(0, 1f, Float.NaN, -2f, Float.NaN)).as("uncertainty").isEqualTo(EINVAL);
            assertThat(carrier.setVelocity(0, 1f, Float.NaN, Float.NaN, 2f)).as("vertical uncertainty alone")
                    .isEqualTo(EINVAL);
            assertThat(HexFormat.of().formatHex((byte[]) value(sim, 6, 0, 4))).as("unchanged").isEqualTo("33670048040402");
        }
    }

    @Test
    void locationIsReadOnlyToServers() throws Exception {
        try (CarrierSim sim = ServerReads.registered("t-mobile")) {
            int ssid = ServerReads.dm(sim);
            assertThat(sim.send(ssid, new WriteRequest(6, 0, 0, 12.0)).getCode().getCode()).isEqualTo(405);
            assertThat(sim.send(ssid, new org.eclipse.leshan.core.request.DeleteRequest(6, 0)).getCode().getCode())
                    .as("the library's instance stays").isEqualTo(405);
            ReadResponse read = sim.send(ssid, new ReadRequest(6, 0));
            assertThat(((org.eclipse.leshan.core.node.LwM2mObjectInstance) read.getContent()).getResource(0))
                    .extracting(LwM2mResource::getValue).isEqualTo(0.0);
        }
    }
}
