package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.DEFERRED;
import static io.carrieremu.core.event.EventType.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.transport.TransportTiming;
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierFault;
import io.carrieremu.os.sim.scenario.CarrierSim;
import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Verizon retry schedules, in virtual time (written on the {@link CarrierSimTest} extension). */
class RetryScheduleTest {

    private static List<CarrierEvent.Deferred> deferrals(CarrierSim sim) {
        return sim.events().stream().filter(e -> e.type() == DEFERRED).map(CarrierEvent.Deferred.class::cast).toList();
    }

    @Test
    @CarrierSimTest(sim = "verizon", faults = CarrierFault.SERVER_UNREACHABLE)
    void dmServerRetriesAfterTwoFourSixEightMinutesThenEveryDay(CarrierSim sim) {
        assertThat(sim.runUntil(DEFERRED, 6, Duration.ofDays(3))).isTrue();
        assertThat(deferrals(sim)).extracting(CarrierEvent.Deferred::timeoutSeconds).containsExactly(120, 240, 360, 480, 86400, 86400);
        assertThat(deferrals(sim)).allMatch(e -> e.reason() == DeferredReason.SERVER_NO_ROUTE);
        List<Long> at = sim.application().times(DEFERRED);
        for (int i = 1; i < at.size(); i++) {
            int previousTimeout = deferrals(sim).get(i - 1).timeoutSeconds();
            // Each attempt waits the exchange lifetime for the blackholed server before it is given up.
            assertThat(at.get(i) - at.get(i - 1)).as("retry %d", i)
                    .isEqualTo(previousTimeout * 1000L + TransportTiming.STANDARD.exchangeLifetime().toMillis());
        }
    }

    @Test
    @CarrierSimTest(sim = "verizon", faults = CarrierFault.BOOTSTRAP_UNREACHABLE)
    void bootstrapGivesUpAfterEightMinutesStaysSilentForAMonthAndResumesAfterReboot(CarrierSim sim) {
        assertThat(sim.runUntil(ERROR, Duration.ofDays(1))).isTrue();
        assertThat(deferrals(sim)).extracting(CarrierEvent.Deferred::timeoutSeconds).containsExactly(120, 240, 360, 480);
        assertThat(sim.events().get(sim.events().size() - 1)).isEqualTo(new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH));

        long gaveUpAt = sim.clock().nowMillis();
        sim.clock().advance(Duration.ofDays(30));
        assertThat(sim.transcript().entries().stream()
                .filter(e -> e.virtualMillis() > gaveUpAt)
                .filter(e -> e.kind() == Transcript.Kind.DATAGRAM_DROPPED || e.kind() == Transcript.Kind.DATAGRAM_OUT
                        || e.text().startsWith("DNS:")))
                .as("silence for 30 days").isEmpty();
        int eventsBefore = sim.events().size();

        sim.device().reboot();
        assertThat(sim.runUntil(DEFERRED, 5, Duration.ofHours(1))).as("attempts resume after reboot").isTrue();
        assertThat(sim.events().subList(eventsBefore, sim.events().size()))
                .contains(new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_NO_ROUTE, 120));
    }
}
