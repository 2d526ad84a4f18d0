package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.ERROR;
import static io.carrieremu.core.event.EventType.FOTA_START;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.fota.FirmwareUpdate;
import io.carrieremu.os.sim.dfu.FirmwareImages;
import io.carrieremu.os.sim.repository.FirmwareRepository;
import io.carrieremu.os.sim.repository.FirmwareRepository.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.leshan.core.ResponseCode;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.WriteResponse;
import org.junit.jupiter.api.Test;

/** Each way a firmware update fails, with the Update Result and the ERROR event the vendor library gives. */
class FotaFailureTest {

    private static final String PATH = "/fw/delta.bin";
    private static final Duration HOUR = Duration.ofHours(1);
    private static final byte[] DELTA = FirmwareImages.modemDelta(FotaFixture.DELTA_VERSION, 40_000, 2);

    private static CarrierEvent.Error fotaFail(Errno errno) {
        return new CarrierEvent.Error(ErrorType.FOTA_FAIL, errno);
    }

    /** Writes the URI, runs until the ERROR event; returns the events since registration. */
    private static List<EventType> pullUntilError(FotaFixture fota, String uri) {
        assertThat(fota.writeUri(uri).isSuccess()).isTrue();
        assertThat(fota.sim.runUntil(ERROR, 1, Duration.ofHours(2))).as("ERROR; transcript:\n%s",
                fota.sim.device().transcript().print()).isTrue();
        fota.sim.device().clock().runUntilIdle();
        return fota.eventsAfterRegistration();
    }

    private static CarrierEvent lastError(FotaFixture fota) {
        return fota.sim.events().stream().filter(e -> e.type() == ERROR).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void crcMismatchGivesResultFiveThenTheLinkGoesDownWhileTheImageIsDeletedAndComesBack() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            fota.repository.publish(PATH, DELTA);
            fota.repository.corruptByteAt(20_000);
            List<EventType> events = pullUntilError(fota, fota.repository.uri(Protocol.HTTPS, PATH).toString());
            assertThat(fota.sim.runUntil(LTE_LINK_UP, 2, HOUR)).isTrue();
            fota.sim.device().clock().runUntilIdle();

            assertThat(fota.eventsAfterRegistration()).startsWith(FOTA_START, ERROR, LTE_LINK_DOWN, LTE_LINK_UP);
            assertThat(lastError(fota)).isEqualTo(fotaFail(Errno.EINVAL));
            String transcript = fota.sim.device().transcript().print();
            assertThat(transcript).containsSubsequence("digest mismatch", "AT+CFUN=4", "DFU reset", "AT+CFUN=1");
            assertThat(fota.sim.device().dfu().storedBytes()).as("the image is deleted").isZero();
            assertThat(fota.sim.runUntil(EventType.REGISTERED, 1, HOUR)).isTrue();
            assertThat(fota.read(5)).isEqualTo(5);
            assertThat(fota.read(3)).isZero();
            assertThat(events).doesNotContain(EventType.LTE_POWER_OFF);
        }
    }

    @Test
    void anImageLargerThanTheTargetGivesResultTwoAndEfbig() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            byte[] huge = FirmwareImages.application((1 << 20) + 4096, "9.0.0", 1);
            fota.repository.publish("/fw/huge.bin", huge);
            List<EventType> events = pullUntilError(fota, fota.repository.uri(Protocol.HTTP, "/fw/huge.bin").toString());
            assertThat(events).containsExactly(FOTA_START, ERROR);
            assertThat(lastError(fota)).isEqualTo(fotaFail(Errno.EFBIG));
            assertThat(fota.read(5)).isEqualTo(2);
            assertThat(fota.read(3)).isZero();
        }
    }

    @Test
    void anUnsupportedSchemeGivesResultNineAndEnotsupWithoutADownload() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            List<EventType> events = pullUntilError(fota, "ftp://127.0.0.1/fw/delta.bin");
            assertThat(events).as("no FOTA_START for a URI that cannot be fetched").containsExactly(ERROR);
            assertThat(lastError(fota)).isEqualTo(fotaFail(Errno.ENOTSUP));
            assertThat(fota.read(5)).isEqualTo(9);
            assertThat(fota.read(3)).isZero();
            assertThat(fota.sim.device().transcript().print()).doesNotContain("* download ");
        }
    }

    @Test
    void anUnknownImageTypeGivesResultSixAndAPushOfOneIsAnsweredBadRequest() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            byte[] unknown = new byte[10_000];
            java.util.Arrays.fill(unknown, (byte) 0x5A);
            fota.repository.publish("/fw/unknown.bin", unknown);
            List<EventType> events = pullUntilError(fota, fota.repository.uri(Protocol.COAP, "/fw/unknown.bin").toString());
            assertThat(events).containsExactly(FOTA_START, ERROR);
            assertThat(lastError(fota)).isEqualTo(fotaFail(Errno.ENOTSUP));
            assertThat(fota.read(5)).isEqualTo(6);

            WriteResponse pushed = fota.push(unknown);
            assertThat(pushed.getCode()).as("3.6.0: an unsupported pushed image is a bad request").isEqualTo(ResponseCode.BAD_REQUEST);
            assertThat(fota.read(5)).isEqualTo(6);
            assertThat(fota.read(3)).isZero();
        }
    }

    @Test
    void aServerIgnoringRangeIsRetriedAtOnceEightTimesThenResultSeven() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            fota.repository.publish(PATH, DELTA);
            fota.repository.dropAt(DELTA.length / 2, 1);
            fota.repository.ignoreRange(true);
            pullUntilError(fota, fota.repository.uri(Protocol.HTTP, PATH).toString());

            List<FirmwareRepository.Request> requests = fota.repository.requests(PATH);
            assertThat(requests).as("the first attempt and eight retries").hasSize(FirmwareUpdate.MAX_RETRIES + 1)
                    .allMatch(r -> r.answer().equals("200"));
            assertThat(lastError(fota)).isEqualTo(fotaFail(Errno.EBADR));
            assertThat(fota.read(5)).isEqualTo(7);
            assertThat(fota.read(3)).isZero();
            // One network wait after the drop, none between the protocol errors.
            List<Long> times = fota.sim.application().times(ERROR);
            long started = fota.sim.application().times(FOTA_START).get(0);
            assertThat(times.get(times.size() - 1) - started).isEqualTo(FirmwareUpdate.NETWORK_RETRY_DELAY.toMillis());
        }
    }

    @Test
    void eightFailedRetriesTwentySecondsApartGiveResultFourAndEnetdown() throws Exception {
        try (FotaFixture fota = FotaFixture.registered()) {
            fota.repository.publish(PATH, DELTA);
            fota.repository.dropAt(10_000, 100);
            pullUntilError(fota, fota.repository.uri(Protocol.HTTP, PATH).toString());

            List<FirmwareRepository.Request> requests = fota.repository.requests(PATH);
            assertThat(requests).hasSize(FirmwareUpdate.MAX_RETRIES + 1);
            assertThat(requests.subList(1, requests.size())).allMatch(r -> r.bytesServed() < 2048 && r.answer().equals("206"));
            assertThat(lastError(fota)).isEqualTo(fotaFail(Errno.ENETDOWN));
            long started = fota.sim.application().times(FOTA_START).get(0);
            assertThat(fota.sim.application().times(ERROR).get(0) - started).as("eight waits of 20 s")
                    .isEqualTo(FirmwareUpdate.MAX_RETRIES * FirmwareUpdate.NETWORK_RETRY_DELAY.toMillis());
            assertThat(fota.read(5)).isEqualTo(4);
            assertThat(fota.read(3)).isZero();
            assertThat(fota.sim.device().dfu().storedBytes()).isZero();
        }
    }

    @Test
    void aStalledPushIsAbortedBySoftbanksThirtyMinuteTimer() throws Exception {
        try (FotaFixture fota = FotaFixture.registered("softbank", CarrierConfig.defaults(), FotaFixture.Ca.NONE)) {
            AtomicBoolean stalled = new AtomicBoolean();
            // What the device sends to the server is lost while stalled: the server's block-wise Write gives up.
            fota.sim.device().transport().dropNext(fota.sim.carrier().dmAddress(fota.server), data -> stalled.get(), 1_000_000);
            var registration = fota.registration();
            fota.sim.device().clock().run(() -> {
                stalled.set(true);
                fota.sim.carrier().dmServer(fota.server).send(registration, new WriteRequest(ContentFormat.OPAQUE, 5, 0, 0, DELTA),
                        600_000, response -> { }, error -> { });
            });
            assertThat(fota.sim.runUntil(FOTA_START, 1, HOUR)).isTrue();
            long started = fota.sim.application().times(FOTA_START).get(0);
            fota.sim.device().clock().advance(Duration.ofMinutes(10));
            stalled.set(false);
            assertThat(fota.sim.runUntil(ERROR, 1, HOUR)).isTrue();

            assertThat(fota.sim.events()).contains(new CarrierEvent.FotaStart(null));
            assertThat(lastError(fota)).isEqualTo(fotaFail(Errno.ETIMEDOUT));
            assertThat(fota.sim.application().times(ERROR).get(0) - started).isEqualTo(Duration.ofMinutes(30).toMillis());
            assertThat(fota.run(() -> fota.results.contains(4L), HOUR)).as("result 4 notified").isTrue();
            assertThat(fota.read(3)).isZero();
            assertThat(fota.sim.device().dfu().storedBytes()).isZero();
        }
    }

    @Test
    void anInvalidCaCertificateGivesFotaStartThenEconnrefused() throws Exception {
        try (FotaFixture fota = FotaFixture.registered("verizon", CarrierConfig.defaults(), FotaFixture.Ca.OTHER)) {
            fota.repository.publish(PATH, DELTA);
            pullUntilError(fota, fota.repository.uri(Protocol.HTTPS, PATH).toString());
            assertThat(fota.eventsAfterRegistration()).containsSubsequence(FOTA_START, ERROR);
            assertThat(lastError(fota)).isEqualTo(fotaFail(Errno.ECONNREFUSED));
            assertThat(fota.repository.requests(PATH)).as("the TLS handshake failed: no request").isEmpty();
            assertThat(fota.read(5)).isEqualTo(4);
            assertThat(fota.read(3)).isZero();
        }
    }

    @Test
    void aMissingSecTagGivesFotaStartThenEconnrefusedWithoutConnecting() throws Exception {
        try (FotaFixture fota = FotaFixture.registered("verizon", CarrierConfig.defaults(), FotaFixture.Ca.NONE)) {
            fota.repository.publish(PATH, DELTA);
            List<EventType> events = pullUntilError(fota, fota.repository.uri(Protocol.COAPS, PATH).toString());
            assertThat(events).containsExactly(FOTA_START, ERROR);
            assertThat(lastError(fota)).isEqualTo(fotaFail(Errno.ECONNREFUSED));
            assertThat(fota.sim.device().transcript().print()).doesNotContain("* download ");
            assertThat(fota.read(5)).isEqualTo(4);
        }
    }
}
