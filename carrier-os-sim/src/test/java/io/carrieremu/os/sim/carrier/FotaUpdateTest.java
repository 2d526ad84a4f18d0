package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.FOTA_START;
import static io.carrieremu.core.event.EventType.FOTA_SUCCESS;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static io.carrieremu.core.event.EventType.LTE_POWER_OFF;
import static io.carrieremu.core.event.EventType.MODEM_INIT;
import static io.carrieremu.core.event.EventType.MODEM_SHUTDOWN;
import static io.carrieremu.core.event.EventType.REBOOT;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.os.sim.dfu.FirmwareImages;
import io.carrieremu.os.sim.repository.FirmwareRepository.Protocol;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A firmware update from start to end on the simulated device and carrier: the image delivered over
 * HTTPS, CoAPS (block2) or pushed block-wise, applied as a modem delta or an application image, with the
 * vendor's event flow and what the DM server observes of object 5.
 */
class FotaUpdateTest {

    private static final byte[] DELTA = FirmwareImages.modemDelta(FotaFixture.DELTA_VERSION, 60_000, 1);
    private static final List<io.carrieremu.core.event.EventType> MODEM_FLOW = List.of(FOTA_START, LTE_POWER_OFF, MODEM_SHUTDOWN,
            MODEM_INIT, FOTA_SUCCESS, LTE_LINK_UP, REGISTERED);

    /** Downloads and applies the delta the way {@code deliver} brings it, then checks the vendor's flow. */
    private static void modemDeltaUpdate(FotaFixture fota, Runnable deliver) throws Exception {
        deliver.run();
        assertThat(fota.runUntilState(2, Duration.ofHours(1))).as("Downloaded; transcript:\n%s",
                fota.sim.device().transcript().print()).isTrue();
        assertThat(fota.update().isSuccess()).isTrue();
        assertThat(fota.sim.runUntil(REGISTERED, 2, Duration.ofHours(1))).as("registered again").isTrue();
        fota.sim.device().clock().runUntilIdle();

        assertThat(fota.eventsAfterRegistration()).as("the vendor's modem FOTA flow").containsExactlyElementsOf(MODEM_FLOW);
        assertThat(fota.sim.device().os().at().send("AT+CGMR").lines()).containsExactly(FotaFixture.DELTA_VERSION);
        assertThat(fota.registration()).as("registered again afterwards").isNotNull();
        fota.observe();
        assertThat(fota.stateChanges()).as("State as server %d saw it", fota.server).containsExactly(0L, 1L, 2L, 3L, 0L);
        assertThat(fota.resultChanges()).as("Update Result").containsExactly(0L, 1L);
        assertThat(fota.read(3)).isZero();
    }

    @Test
    void modemDeltaOverHttpsGivesTheVendorFlowAndResultOne() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            fota.repository.publish("/fw/delta.bin", DELTA);
            String uri = fota.repository.uri(Protocol.HTTPS, "/fw/delta.bin").toString();
            modemDeltaUpdate(fota, () -> assertThat(fota.writeUri(uri).isSuccess()).isTrue());
            assertThat(fota.sim.events()).contains(new CarrierEvent.FotaStart(uri));
            assertThat(fota.repository.requests("/fw/delta.bin")).allMatch(r -> r.protocol() == Protocol.HTTPS);
        }
    }

    @Test
    void modemDeltaOverCoapsBlock2GivesTheSameFlow() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            fota.repository.publish("/fw/delta.bin", DELTA);
            String uri = fota.repository.uri(Protocol.COAPS, "/fw/delta.bin").toString();
            modemDeltaUpdate(fota, () -> assertThat(fota.writeUri(uri).isSuccess()).isTrue());
            assertThat(fota.repository.requests("/fw/delta.bin")).hasSize((DELTA.length + 511) / 512)
                    .allMatch(r -> r.protocol() == Protocol.COAPS && r.answer().equals("2.05"));
        }
    }

    @Test
    void modemDeltaPushedBlockwiseGivesTheSameFlow() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            modemDeltaUpdate(fota, () -> assertThat(fota.push(DELTA).isSuccess()).isTrue());
            assertThat(fota.sim.events()).contains(new CarrierEvent.FotaStart(null));
            assertThat(fota.repository.requests()).isEmpty();
        }
    }

    @Test
    void applicationImageRebootsIntoANewInstanceAndIsValidatedWithResultOne() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            byte[] application = FirmwareImages.application(80_000, "2.1.0", 3);
            fota.repository.publish("/fw/app.bin", application);
            LwM2mCarrier before = fota.sim.application().carrier();
            assertThat(fota.writeUri(fota.repository.uri(Protocol.HTTPS, "/fw/app.bin").toString()).isSuccess()).isTrue();
            assertThat(fota.runUntilState(2, Duration.ofHours(1))).isTrue();
            assertThat(fota.update().isSuccess()).isTrue();
            assertThat(fota.sim.runUntil(REGISTERED, 2, Duration.ofHours(1))).as("registered after the reboot").isTrue();
            fota.sim.device().clock().runUntilIdle();

            assertThat(fota.sim.device().boots()).isEqualTo(2);
            assertThat(fota.sim.application().carrier()).as("a new library instance").isNotSameAs(before);
            assertThat(fota.sim.application().eventsPerBoot().get(0)).endsWith(FOTA_START, REBOOT);
            assertThat(fota.sim.application().eventsPerBoot().get(1)).containsSubsequence(FOTA_SUCCESS, REGISTERED);
            assertThat(fota.sim.device().transcript().print()).contains("application image image-", "confirmed");
            assertThat(fota.sim.device().dfu().validateApplicationUpdate()).as("already confirmed at boot").isFalse();
            fota.observe();
            assertThat(fota.read(3)).isZero();
            assertThat(fota.read(5)).isEqualTo(1);
            assertThat(fota.stateChanges()).containsSubsequence(1L, 2L, 3L, 0L);
        }
    }

    /** Pulls {@code file} and executes Update; the last event afterwards. */
    private static CarrierEvent pullAndUpdate(FotaFixture fota, String path, byte[] file) {
        fota.repository.publish(path, file);
        int events = fota.sim.events().size();
        assertThat(fota.writeUri(fota.repository.uri(Protocol.HTTP, path).toString()).isSuccess()).isTrue();
        fota.sim.device().clock().runUntilIdle();
        if (fota.read(3) == 2) {
            assertThat(fota.update().isSuccess()).isTrue();
            fota.sim.device().clock().advance(Duration.ofSeconds(10));
        }
        List<CarrierEvent> since = fota.sim.events().subList(events, fota.sim.events().size());
        return since.get(since.size() - 1);
    }

    @Test
    void dividedApplicationFilesGoInSequenceARetryOfAPartIsTakenAWrongVersionRefused() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            byte[] application = FirmwareImages.application(30_000, "3.0.0", 4);
            List<byte[]> parts = FirmwareImages.divided(application, 3, "3.0.0");
            List<byte[]> other = FirmwareImages.divided(FirmwareImages.application(30_000, "3.0.1", 5), 3, "3.0.1");

            assertThat(pullAndUpdate(fota, "/fw/part1.bin", parts.get(0))).isEqualTo(new CarrierEvent.FotaSuccess());
            assertThat(fota.read(5)).as("part 1 stored").isEqualTo(1);
            assertThat(pullAndUpdate(fota, "/fw/part1.bin", parts.get(0))).as("a retry of the same part").isEqualTo(new CarrierEvent.FotaSuccess());
            assertThat(pullAndUpdate(fota, "/fw/part2.bin", parts.get(1))).isEqualTo(new CarrierEvent.FotaSuccess());
            assertThat(pullAndUpdate(fota, "/fw/other3.bin", other.get(2))).as("part 3 of another version")
                    .isEqualTo(new CarrierEvent.Error(io.carrieremu.core.event.ErrorType.FOTA_FAIL, io.carrieremu.core.base.Errno.EBADF));
            assertThat(fota.read(5)).isEqualTo(6);
            assertThat(fota.sim.device().boots()).as("no part so far rebooted the device").isEqualTo(1);

            pullAndUpdate(fota, "/fw/part1.bin", parts.get(0));
            pullAndUpdate(fota, "/fw/part2.bin", parts.get(1));
            pullAndUpdate(fota, "/fw/part3.bin", parts.get(2));
            assertThat(fota.sim.runUntil(REGISTERED, 2, Duration.ofHours(1))).as("the last part reboots").isTrue();
            assertThat(fota.sim.device().boots()).isEqualTo(2);
            assertThat(fota.sim.application().eventsPerBoot().get(1)).contains(FOTA_SUCCESS);
            fota.observe();
            assertThat(fota.read(5)).isEqualTo(1);
        }
    }

    @Test
    void anEmptyPackageUriResetsToIdleAndDeletesTheImage() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            fota.repository.publish("/fw/delta.bin", DELTA);
            assertThat(fota.writeUri(fota.repository.uri(Protocol.HTTP, "/fw/delta.bin").toString()).isSuccess()).isTrue();
            assertThat(fota.runUntilState(2, Duration.ofHours(1))).isTrue();
            assertThat(fota.sim.device().dfu().storedBytes()).isEqualTo(DELTA.length);
            assertThat(fota.writeUri("").isSuccess()).isTrue();
            assertThat(fota.read(3)).isZero();
            assertThat(fota.read(5)).isZero();
            assertThat(fota.sim.device().dfu().storedBytes()).isZero();
            assertThat(fota.update().isSuccess()).as("nothing to update").isFalse();
        }
    }
}
