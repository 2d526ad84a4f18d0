package io.carrieremu.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.api.ResourcePath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CarrierEventTest {

    @Test
    void everyEventRecordCarriesIts370Code() {
        Map<CarrierEvent, Integer> expected = Map.ofEntries(
                Map.entry(new CarrierEvent.LteLinkUp(), 1),
                Map.entry(new CarrierEvent.LteLinkDown(), 2),
                Map.entry(new CarrierEvent.LtePowerOff(), 3),
                Map.entry(new CarrierEvent.Bootstrapped(), 4),
                Map.entry(new CarrierEvent.Registered(), 5),
                Map.entry(new CarrierEvent.Deregistered(), 6),
                Map.entry(new CarrierEvent.Deferred(DeferredReason.SIM_MSISDN, 60), 7),
                Map.entry(new CarrierEvent.FotaStart("coaps://fw.example.invalid/image.bin"), 8),
                Map.entry(new CarrierEvent.FotaSuccess(), 9),
                Map.entry(new CarrierEvent.Reboot(), 10),
                Map.entry(new CarrierEvent.ModemDomain(ModemDomainEvent.RESET_LOOP), 11),
                Map.entry(new CarrierEvent.AppData(AppDataEventType.DATA_WRITE, ResourcePath.of(19, 0, 0, 0), new byte[] {1}), 12),
                Map.entry(new CarrierEvent.ModemInit(), 13),
                Map.entry(new CarrierEvent.ModemShutdown(), 14),
                Map.entry(new CarrierEvent.ErrorCodeReset(), 15),
                Map.entry(new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH), 20));
        expected.forEach((event, code) -> assertThat(event.code()).as(event.toString()).isEqualTo(code));
        assertThat(CarrierEvent.class.getPermittedSubclasses()).hasSize(expected.size());
    }

    @Test
    void errorValueIsTheNegativeErrnoAsInC() {
        CarrierEvent.Error error = new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH);
        assertThat(error.value()).isEqualTo(-113);
    }

    @Test
    void fotaStartWithoutUriIsAPush() {
        assertThat(new CarrierEvent.FotaStart(null).isPush()).isTrue();
        assertThat(new CarrierEvent.FotaStart("http://host.invalid/fw").isPush()).isFalse();
    }

    @Test
    void deferredRejectsNegativeTimeout() {
        assertThatThrownBy(() -> new CarrierEvent.Deferred(DeferredReason.NO_REASON, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appDataKeepsItsOwnCopyAndComparesByContent() {
        byte[] data = {1, 2, 3};
        CarrierEvent.AppData event = new CarrierEvent.AppData(AppDataEventType.DATA_WRITE, ResourcePath.of(10250, 0, 0), data);
        data[0] = 9;
        event.data()[1] = 9;
        assertThat(event.data()).containsExactly(1, 2, 3);
        assertThat(event).isEqualTo(new CarrierEvent.AppData(AppDataEventType.DATA_WRITE, ResourcePath.of(10250, 0, 0), new byte[] {1, 2, 3}));
        assertThat(event.toString()).contains("/10250/0/0").contains("3 bytes");
    }

    @Test
    void resourcePathsHaveOneToFourIdsOf16Bits() {
        assertThat(ResourcePath.of(19, 1, 0, 2)).hasToString("/19/1/0/2");
        assertThat(ResourcePath.of(19, 1, 0, 2).objectId()).isEqualTo(19);
        assertThatThrownBy(() -> new ResourcePath(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResourcePath.of(1, 2, 3, 4, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResourcePath.of(70000)).isInstanceOf(IllegalArgumentException.class);
    }
}
