package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.DEREGISTERED;
import static io.carrieremu.core.event.EventType.LTE_LINK_DOWN;
import static io.carrieremu.core.event.EventType.LTE_LINK_UP;
import static io.carrieremu.core.event.EventType.LTE_POWER_OFF;
import static io.carrieremu.core.event.EventType.REBOOT;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.api.Request;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.event.EventType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** lwm2m_carrier_request() with its documented outcomes, on the simulated device and carrier. */
class RequestsTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void softbankRegistersOnlyOnRequestAndLinkDownDeregistersFirst() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("softbank", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(LTE_LINK_UP, 1, HOUR)).isTrue();
            harness.device.clock().advance(Duration.ofMinutes(10));
            assertThat(harness.eventTypes()).as("no bootstrap server, no auto-register").containsExactly(LTE_LINK_DOWN, LTE_LINK_UP);

            assertThat(harness.carrierInstance().request(Request.REGISTER)).isEqualTo(Result.OK);
            assertThat(harness.runUntil(REGISTERED, 1, HOUR)).isTrue();
            assertThat(harness.carrier.dmServer(101).getRegistrationService().getByEndpoint("urn:imei:352656100367872")).isNotNull();

            assertThat(harness.carrierInstance().request(Request.LINK_DOWN)).isEqualTo(Result.OK);
            harness.device.clock().runUntilIdle();
            List<EventType> types = harness.eventTypes();
            assertThat(types.subList(types.size() - 2, types.size())).containsExactly(DEREGISTERED, LTE_LINK_DOWN);
            assertThat(harness.carrier.dmServer(101).getRegistrationService().getByEndpoint("urn:imei:352656100367872")).isNull();
        }
    }

    @Test
    void registrationControlIsForSoftbankAndGenericOnly() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(REGISTERED, 1, HOUR)).isTrue();
            assertThat(harness.carrierInstance().request(Request.REGISTER)).isEqualTo(Result.error(Errno.EPERM));
            assertThat(harness.carrierInstance().request(Request.DEREGISTER)).isEqualTo(Result.error(Errno.EPERM));
        }
    }

    @Test
    void deregisterWithNothingRegisteredIsNotScheduled() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("softbank", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(LTE_LINK_UP, 1, HOUR)).isTrue();
            harness.device.clock().advance(Duration.ofMinutes(1));
            assertThat(harness.carrierInstance().request(Request.DEREGISTER)).isEqualTo(Result.error(Errno.EBADR));
            assertThat(harness.carrierInstance().request(Request.REGISTER)).isEqualTo(Result.OK);
            assertThat(harness.runUntil(REGISTERED, 1, HOUR)).isTrue();
            assertThat(harness.carrierInstance().request(Request.DEREGISTER)).isEqualTo(Result.OK);
            assertThat(harness.runUntil(DEREGISTERED, 1, HOUR)).isTrue();
        }
    }

    @Test
    void registerWhileARegistrationRetryIsScheduledIsAlready() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("softbank", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(LTE_LINK_UP, 1, HOUR)).isTrue();
            harness.device.clock().advance(Duration.ofMinutes(1));
            harness.carrier.putInMaintenance(101);
            assertThat(harness.carrierInstance().request(Request.REGISTER)).isEqualTo(Result.OK);
            assertThat(harness.runUntil(io.carrieremu.core.event.EventType.DEFERRED, 1, HOUR)).isTrue();

            assertThat(harness.carrierInstance().request(Request.REGISTER)).as("retry already scheduled")
                    .isEqualTo(Result.error(Errno.EALREADY));

            harness.carrier.restoreDmServer(101);
            assertThat(harness.runUntil(REGISTERED, 1, Duration.ofDays(2))).isTrue();
            assertThat(harness.carrierInstance().request(Request.REGISTER)).as("registered: an Update is scheduled")
                    .isEqualTo(Result.OK);
        }
    }

    @Test
    void registerBeforeBootstrapIsNotScheduledAndUnknownCodesAreInvalid() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("softbank", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(LTE_LINK_UP, 1, HOUR)).isTrue();
            assertThat(harness.carrierInstance().request(Request.REGISTER)).as("not connected yet").isEqualTo(Result.error(Errno.EBADR));
            assertThat(harness.carrierInstance().request(5)).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(harness.carrierInstance().request(-1)).isEqualTo(Result.error(Errno.EINVAL));
            harness.device.clock().advance(Duration.ofMinutes(1));
            assertThat(harness.carrierInstance().request(Request.REGISTER.code())).as("by vendor code").isEqualTo(Result.OK);
            assertThat(harness.runUntil(REGISTERED, 1, HOUR)).isTrue();
        }
    }

    @Test
    void linkDownOnVerizonDoesNotDeregister() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(REGISTERED, 1, HOUR)).isTrue();
            harness.device.clock().runUntilIdle();
            int before = harness.events.size();
            assertThat(harness.carrierInstance().request(Request.LINK_DOWN)).isEqualTo(Result.OK);
            harness.device.clock().runUntilIdle();
            assertThat(harness.eventTypes().subList(before, harness.events.size())).containsExactly(LTE_LINK_DOWN);
            assertThat(harness.carrier.dmServer(102).getRegistrationService().getAllRegistrations().hasNext())
                    .as("still registered at the server").isTrue();
        }
    }

    @Test
    void linkUpRequestIsAnsweredWithLinkUp() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(REGISTERED, 1, HOUR)).isTrue();
            int before = harness.events.size();
            assertThat(harness.carrierInstance().request(Request.LINK_UP)).isEqualTo(Result.OK);
            harness.device.clock().runUntilIdle();
            assertThat(harness.eventTypes().subList(before, harness.events.size())).containsExactly(LTE_LINK_UP);
        }
    }

    @Test
    void rebootRequestPowersOffThenReboots() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(REGISTERED, 1, HOUR)).isTrue();
            assertThat(harness.carrierInstance().request(Request.REBOOT)).isEqualTo(Result.OK);
            assertThat(harness.runUntil(REGISTERED, 2, HOUR)).isTrue();
            assertThat(harness.eventsPerBoot().get(0)).endsWith(LTE_POWER_OFF, REBOOT);
            assertThat(harness.device.boots()).isEqualTo(2);
            assertThat(harness.eventsPerBoot().get(1)).containsExactly(REGISTERED);
        }
    }

    @Test
    void rebootDeferredByTheHandlerEndsMain() throws Exception {
        try (CarrierHarness harness = new CarrierHarness("verizon", CarrierConfig.defaults()).boot()) {
            assertThat(harness.runUntil(REGISTERED, 1, HOUR)).isTrue();
            harness.onEvent(event -> event.type() == REBOOT ? 1 : 0);
            assertThat(harness.carrierInstance().request(Request.REBOOT)).isEqualTo(Result.OK);
            harness.device.clock().runUntilIdle();
            assertThat(harness.main().get(10, TimeUnit.SECONDS)).isEqualTo(MainResult.STOPPED);
            assertThat(harness.device.boots()).as("the application reboots later, not the library").isEqualTo(1);
        }
    }
}
