package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.server.LeshanServer;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;

/**
 * {@code coap_con_interval}: observe notifications go NON, with one CON whenever the interval has
 * passed since the last — asserted on the CoAP message types the DM server receives, in virtual time.
 */
class NotificationConIntervalTest {

    /** A notification the DM server received: when (virtual ms) and as which CoAP type. */
    record Notification(long at, CoAP.Type type) {
    }

    @Test
    void resourceChangingEveryTenSecondsGivesNonNotificationsWithOneConPerMinute() throws Exception {
        List<Notification> received = observeServerLifetimeChangingEveryTenSeconds(60, 30);
        assertThat(received).hasSize(30);
        List<Long> cons = received.stream().filter(n -> n.type() == CoAP.Type.CON).map(Notification::at).toList();
        assertThat(cons).as("one CON per minute of 5").hasSize(5);
        for (int i = 1; i < cons.size(); i++) {
            assertThat(cons.get(i) - cons.get(i - 1)).as("minute between CONs").isEqualTo(60_000);
        }
        assertThat(received).filteredOn(n -> n.type() == CoAP.Type.NON).hasSize(25);
    }

    @Test
    void intervalMinusOneMakesEveryNotificationCon() throws Exception {
        List<Notification> received = observeServerLifetimeChangingEveryTenSeconds(-1, 6);
        assertThat(received).hasSize(6).allMatch(n -> n.type() == CoAP.Type.CON);
    }

    /**
     * Boots a Verizon device with {@code coap_con_interval} = {@code interval}, lets DM server 102
     * observe the Server object's Default Maximum Period (/1/x/3) and changes it every 10 virtual
     * seconds, {@code changes} times.
     */
    private static List<Notification> observeServerLifetimeChangingEveryTenSeconds(int interval, int changes) throws Exception {
        CarrierConfig config = CarrierConfig.builder().coapConInterval(interval).build();
        try (CarrierSim sim = CarrierSim.builder("verizon").config(config).build()) {
            LeshanServer server = sim.carrier().dmServer(102);
            RegistrationRecorder recorder = RegistrationRecorder.at(sim, 102);
            List<Notification> received = Collections.synchronizedList(new ArrayList<>());
            server.getObservationService().addListener(TestSupport.onNotification((observation, response) ->
                    received.add(new Notification(sim.device().clock().nowMillis(), ((Response) response.getCoapResponse()).getType()))));
            sim.start();
            assertThat(sim.runUntil(REGISTERED, 1, Duration.ofHours(1))).isTrue();
            assertThat(sim.device().clock().runUntil(() -> !recorder.registrations.isEmpty(), Duration.ofMinutes(5))).isTrue();
            Registration registration = recorder.registrations.get(0);
            int instance = sim.serverObjectInstance(102);
            assertThat(sim.carrier().send(102, registration, new WriteRequest(1, instance, 3, 300L), java.time.Duration.ofSeconds(5)).isSuccess()).isTrue();
            ObserveResponse observed = sim.carrier().send(102, registration, new ObserveRequest(1, instance, 3), java.time.Duration.ofSeconds(5));
            assertThat(observed.isSuccess()).as(String.valueOf(observed)).isTrue();

            for (int i = 1; i <= changes; i++) {
                sim.device().clock().advance(Duration.ofSeconds(10));
                assertThat(sim.carrier().send(102, registration, new WriteRequest(1, instance, 3, 300L + i), java.time.Duration.ofSeconds(5)).isSuccess()).isTrue();
                int expected = i;
                // The server runs in the same world: once the write is answered, the notification is in.
                assertThat(received).as("notification %d", i).hasSize(expected);
            }
            return List.copyOf(received);
        }
    }
}
