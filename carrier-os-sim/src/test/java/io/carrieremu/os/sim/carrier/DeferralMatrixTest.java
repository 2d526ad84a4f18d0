package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.DEFERRED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.event.CarrierEvent;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.os.sim.scenario.CarrierFault;
import io.carrieremu.os.sim.scenario.CarrierSim;
import io.carrieremu.os.sim.transcript.Transcript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For each deferred reason a scenario that provokes it: exactly one DEFERRED with that reason and the
 * Verizon profile's first timeout (120 s), and the retry at that virtual time.
 */
class DeferralMatrixTest {

    /** A fault, how to provoke it, how to lift it, and the host whose traffic shows the retry. */
    enum Scenario {
        BOOTSTRAP_UNREACHABLE(DeferredReason.BOOTSTRAP_NO_ROUTE, "boot.lwm2m.vzwdm.com:5684") {
            @Override
            void provoke(SimulatedCarrier carrier) {
                carrier.makeBootstrapUnreachable();
            }
        },
        WRONG_BOOTSTRAP_PSK(DeferredReason.BOOTSTRAP_CONNECT, "boot.lwm2m.vzwdm.com:5684") {
            @Override
            void provoke(SimulatedCarrier carrier) {
                carrier.rejectBootstrapHandshakes();
            }
        },
        MISSING_FINISH(DeferredReason.BOOTSTRAP_SEQUENCE, "boot.lwm2m.vzwdm.com:5684") {
            @Override
            void provoke(SimulatedCarrier carrier) {
                carrier.dropBootstrapFinish(true);
            }
        },
        DM_UNREACHABLE(DeferredReason.SERVER_NO_ROUTE, "dm102.verizon.sim.invalid:5684") {
            @Override
            void provoke(SimulatedCarrier carrier) {
                carrier.makeDmServerUnreachable(102);
            }
        },
        WRONG_DM_PSK(DeferredReason.SERVER_CONNECT, "dm102.verizon.sim.invalid:5684") {
            @Override
            void provoke(SimulatedCarrier carrier) {
                carrier.rejectDmHandshakes(102);
            }
        },
        /** A server that rejects the registration sends the device back to bootstrap: the retry is a re-bootstrap. */
        REGISTER_FORBIDDEN(DeferredReason.SERVER_REGISTRATION, "boot.lwm2m.vzwdm.com:5684") {
            @Override
            void provoke(SimulatedCarrier carrier) {
                carrier.forbidRegistration(102);
            }

            @Override
            List<Long> retriesAfter(CarrierSim sim, long since) {
                return sim.application().times(io.carrieremu.core.event.EventType.LTE_LINK_DOWN).stream().filter(at -> at > since).limit(1).toList();
            }
        },
        SERVICE_UNAVAILABLE(DeferredReason.SERVICE_UNAVAILABLE, "dm102.verizon.sim.invalid:5684") {
            @Override
            void provoke(SimulatedCarrier carrier) throws Exception {
                carrier.putInMaintenance(102);
            }
        };

        final DeferredReason reason;
        final String host;

        Scenario(DeferredReason reason, String host) {
            this.reason = reason;
            this.host = host;
        }

        abstract void provoke(SimulatedCarrier carrier) throws Exception;

        /** When the device retried after {@code since}: its first datagram or look-up for the host. */
        List<Long> retriesAfter(CarrierSim sim, long since) {
            return DeferralMatrixTest.retriesAfter(sim, host, since);
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void eachFailureDefersOnceWithItsReasonAndRetriesAtTheTimeout(Scenario scenario) throws Exception {
        try (CarrierSim sim = CarrierSim.builder("verizon").build()) {
            scenario.provoke(sim.carrier());
            sim.start();
            assertThat(sim.runUntil(DEFERRED, 1, Duration.ofHours(1))).as(sim.device().transcript().print()).isTrue();
            List<CarrierEvent> deferred = sim.events().stream().filter(e -> e.type() == DEFERRED).toList();
            assertThat(deferred).containsExactly(new CarrierEvent.Deferred(scenario.reason, 120));
            long deferredAt = sim.application().times(DEFERRED).get(0);

            sim.device().clock().advance(Duration.ofSeconds(119));
            assertThat(scenario.retriesAfter(sim, deferredAt)).as("nothing before the timeout").isEmpty();
            sim.device().clock().advance(Duration.ofSeconds(1));
            assertThat(scenario.retriesAfter(sim, deferredAt)).as("the retry").isNotEmpty()
                    .allMatch(at -> at == deferredAt + 120_000);
        }
    }

    @org.junit.jupiter.api.Test
    void rejectedPdnDefersWithPdnActivateOnThePdnScheduleAndRetries() throws Exception {
        String uri = "coaps://bs.custom.example.invalid:5684";
        CarrierConfig config = CarrierConfig.builder().carriers(io.carrieremu.core.config.Carrier.GENERIC).serverUri(uri)
                .isBootstrapServer(true).serverSecTag(42).apn("iot.example").build();
        try (CarrierSim sim = CarrierSim.builder("unknown").config(config).faults(CarrierFault.PDN_REJECT).build()) {
            sim.application().onEvent(event -> {
                if (event.type() == DEFERRED) {
                    sim.device().network().acceptApn("iot.example");
                }
                return 0;
            });
            sim.start();
            assertThat(sim.runUntil(io.carrieremu.core.event.EventType.REGISTERED, 1, Duration.ofHours(1))).isTrue();
            assertThat(sim.events().stream().filter(e -> e.type() == DEFERRED).toList())
                    .containsExactly(new CarrierEvent.Deferred(DeferredReason.PDN_ACTIVATE, 2));
            long deferredAt = sim.application().times(DEFERRED).get(0);
            assertThat(sim.device().transcript().entries()).anySatisfy(e -> {
                assertThat(e.text()).isEqualTo("AT+CGACT=1,1");
                assertThat(e.virtualMillis()).isEqualTo(deferredAt + 2000);
            });
            assertThat(sim.device().transcript().lines(Transcript.Kind.DATAGRAM_OUT)).anyMatch(line -> line.startsWith("PDN 1 "));
        }
    }

    @org.junit.jupiter.api.Test
    void missingMsisdnDefersOnceAndIsReadAgainAtTheTimeout() throws Exception {
        io.carrieremu.os.sim.sim.SimCard card = io.carrieremu.os.sim.sim.SimProfiles.builder("verizon")
                .msisdnAppearsAfter(Duration.ofMinutes(1)).build();
        try (CarrierSim sim = CarrierSim.builder("verizon").sim(card).build().start()) {
            assertThat(sim.runUntil(io.carrieremu.core.event.EventType.REGISTERED, 1, Duration.ofHours(1))).isTrue();
            assertThat(sim.events().stream().filter(e -> e.type() == DEFERRED).toList())
                    .containsExactly(new CarrierEvent.Deferred(DeferredReason.SIM_MSISDN, 120));
            long deferredAt = sim.application().times(DEFERRED).get(0);
            assertThat(sim.device().transcript().entries(Transcript.Kind.AT_COMMAND).stream()
                    .filter(e -> e.text().equals("AT+CNUM") && e.virtualMillis() > deferredAt)
                    .map(Transcript.Entry::virtualMillis).findFirst())
                    .as("the MSISDN read again at the timeout").contains(deferredAt + 120_000);
        }
    }

    @org.junit.jupiter.api.Test
    void badRequestFromAVerizonDmServerDefersRegistrationForADay() throws Exception {
        try (CarrierSim sim = CarrierSim.builder("verizon").build()) {
            sim.carrier().rejectRequestsAsBadRequest(102);
            sim.start();
            assertThat(sim.runUntil(DEFERRED, 1, Duration.ofHours(1))).as(sim.device().transcript().print()).isTrue();
            assertThat(sim.events().stream().filter(e -> e.type() == DEFERRED).toList())
                    .containsExactly(new CarrierEvent.Deferred(DeferredReason.SERVER_REGISTRATION, 86_400));
            long deferredAt = sim.application().times(DEFERRED).get(0);
            String host = "dm102.verizon.sim.invalid:5684";

            sim.device().clock().advance(Duration.ofHours(24).minusSeconds(1));
            assertThat(retriesAfter(sim, host, deferredAt)).as("nothing for a day").isEmpty();
            sim.device().clock().advance(Duration.ofSeconds(1));
            assertThat(retriesAfter(sim, host, deferredAt)).as("the retry").containsExactly(deferredAt + 86_400_000);
        }
    }

    /**
     * Virtual times of datagrams or DNS look-ups for {@code host} after {@code since}; DTLS alerts do not
     * count (the idle timeout closing the session the failed attempt left open is not a retry).
     */
    private static List<Long> retriesAfter(CarrierSim sim, String host, long since) {
        return sim.device().transcript().entries().stream()
                .filter(e -> e.virtualMillis() > since)
                .filter(e -> e.text().contains(host) || e.text().startsWith("DNS: " + host))
                .filter(e -> !e.text().endsWith("DTLS alert"))
                .filter(e -> e.kind() == Transcript.Kind.DATAGRAM_OUT || e.kind() == Transcript.Kind.DATAGRAM_DROPPED
                        || e.kind() == Transcript.Kind.DEVICE)
                .map(Transcript.Entry::virtualMillis)
                .distinct()
                .limit(1)
                .toList();
    }
}
