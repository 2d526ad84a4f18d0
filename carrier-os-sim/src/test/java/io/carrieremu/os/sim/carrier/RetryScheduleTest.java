package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.DEFERRED;
import static io.carrieremu.core.event.EventType.ERROR;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Verizon retry schedules, in virtual time. */
class RetryScheduleTest {

    private static List<CarrierEvent> deferrals(CarrierHarness harness) {
        return harness.events.stream().filter(e -> e.type() == DEFERRED).toList();
    }

    @Test
    void dmServerRetriesAfterTwoFourSixEightMinutesThenEveryDay() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults())) {
            harness.carrier.makeDmServerUnreachable(102);
            harness.boot();
            assertThat(harness.runUntil(DEFERRED, 6, Duration.ofDays(3))).isTrue();
            assertThat(deferrals(harness)).extracting(e -> ((CarrierEvent.Deferred) e).timeoutSeconds())
                    .containsExactly(120, 240, 360, 480, 86400, 86400);
            assertThat(deferrals(harness)).allMatch(e -> ((CarrierEvent.Deferred) e).reason() == DeferredReason.SERVER_NO_ROUTE);
            List<Long> at = harness.timesOf(DEFERRED);
            for (int i = 1; i < at.size(); i++) {
                int previousTimeout = ((CarrierEvent.Deferred) deferrals(harness).get(i - 1)).timeoutSeconds();
                // Each attempt waits the exchange lifetime for the blackholed server before it is given up.
                assertThat(at.get(i) - at.get(i - 1)).as("retry %d", i)
                        .isEqualTo(previousTimeout * 1000L + CarrierHarness.TIMING.exchangeLifetime().toMillis());
            }
        }
    }

    @Test
    void bootstrapGivesUpAfterEightMinutesStaysSilentForAMonthAndResumesAfterReboot() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults())) {
            harness.carrier.makeBootstrapUnreachable();
            harness.boot();
            assertThat(harness.runUntil(ERROR, 1, Duration.ofDays(1))).isTrue();
            assertThat(deferrals(harness)).extracting(e -> ((CarrierEvent.Deferred) e).timeoutSeconds())
                    .containsExactly(120, 240, 360, 480);
            assertThat(harness.events.get(harness.events.size() - 1))
                    .isEqualTo(new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH));

            long gaveUpAt = harness.device.clock().nowMillis();
            harness.device.clock().advance(Duration.ofDays(30));
            assertThat(harness.device.transcript().entries().stream()
                    .filter(e -> e.virtualMillis() > gaveUpAt)
                    .filter(e -> e.kind() == Transcript.Kind.DATAGRAM_DROPPED || e.kind() == Transcript.Kind.DATAGRAM_OUT
                            || e.text().startsWith("DNS:")))
                    .as("silence for 30 days").isEmpty();
            int eventsBefore = harness.events.size();

            harness.device.reboot();
            assertThat(harness.runUntil(DEFERRED, 5, Duration.ofHours(1))).as("attempts resume after reboot").isTrue();
            assertThat(harness.events.subList(eventsBefore, harness.events.size()))
                    .contains(new CarrierEvent.Deferred(DeferredReason.BOOTSTRAP_NO_ROUTE, 120));
        }
    }
}
