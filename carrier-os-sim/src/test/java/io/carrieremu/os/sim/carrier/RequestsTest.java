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
import io.carrieremu.core.event.EventType;
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** lwm2m_carrier_request() with its documented outcomes, on the simulated device and carrier. */
@CarrierSimTest(sim = "verizon")
class RequestsTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    @CarrierSimTest(sim = "softbank", requestRegistration = false)
    void softbankRegistersOnlyOnRequestAndLinkDownDeregistersFirst(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(LTE_LINK_UP, 1, HOUR)).isTrue();
        sim.device().clock().advance(Duration.ofMinutes(10));
        assertThat(sim.application().eventTypes()).as("no bootstrap server, no auto-register").containsExactly(LTE_LINK_DOWN, LTE_LINK_UP);

        assertThat(sim.application().carrier().request(Request.REGISTER)).isEqualTo(Result.OK);
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        assertThat(sim.carrier().dmServer(101).getRegistrationService().getByEndpoint("urn:imei:352656100367872")).isNotNull();

        assertThat(sim.application().carrier().request(Request.LINK_DOWN)).isEqualTo(Result.OK);
        sim.device().clock().runUntilIdle();
        List<EventType> types = sim.application().eventTypes();
        assertThat(types.subList(types.size() - 2, types.size())).containsExactly(DEREGISTERED, LTE_LINK_DOWN);
        assertThat(sim.carrier().dmServer(101).getRegistrationService().getByEndpoint("urn:imei:352656100367872")).isNull();
    }

    @Test
    void registrationControlIsForSoftbankAndGenericOnly(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        assertThat(sim.application().carrier().request(Request.REGISTER)).isEqualTo(Result.error(Errno.EPERM));
        assertThat(sim.application().carrier().request(Request.DEREGISTER)).isEqualTo(Result.error(Errno.EPERM));
    }

    @Test
    @CarrierSimTest(sim = "softbank", requestRegistration = false)
    void deregisterWithNothingRegisteredIsNotScheduled(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(LTE_LINK_UP, 1, HOUR)).isTrue();
        sim.device().clock().advance(Duration.ofMinutes(1));
        assertThat(sim.application().carrier().request(Request.DEREGISTER)).isEqualTo(Result.error(Errno.EBADR));
        assertThat(sim.application().carrier().request(Request.REGISTER)).isEqualTo(Result.OK);
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        assertThat(sim.application().carrier().request(Request.DEREGISTER)).isEqualTo(Result.OK);
        assertThat(sim.runUntil(DEREGISTERED, 1, HOUR)).isTrue();
    }

    @Test
    @CarrierSimTest(sim = "softbank", requestRegistration = false)
    void registerWhileARegistrationRetryIsScheduledIsAlready(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(LTE_LINK_UP, 1, HOUR)).isTrue();
        sim.device().clock().advance(Duration.ofMinutes(1));
        sim.carrier().putInMaintenance(101);
        assertThat(sim.application().carrier().request(Request.REGISTER)).isEqualTo(Result.OK);
        assertThat(sim.runUntil(io.carrieremu.core.event.EventType.DEFERRED, 1, HOUR)).isTrue();

        assertThat(sim.application().carrier().request(Request.REGISTER)).as("retry already scheduled")
                .isEqualTo(Result.error(Errno.EALREADY));

        sim.carrier().restoreDmServer(101);
        assertThat(sim.runUntil(REGISTERED, 1, Duration.ofDays(2))).isTrue();
        assertThat(sim.application().carrier().request(Request.REGISTER)).as("registered: an Update is scheduled")
                .isEqualTo(Result.OK);
    }

    @Test
    @CarrierSimTest(sim = "softbank", requestRegistration = false)
    void registerBeforeBootstrapIsNotScheduledAndUnknownCodesAreInvalid(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(LTE_LINK_UP, 1, HOUR)).isTrue();
        assertThat(sim.application().carrier().request(Request.REGISTER)).as("not connected yet").isEqualTo(Result.error(Errno.EBADR));
        assertThat(sim.application().carrier().request(5)).isEqualTo(Result.error(Errno.EINVAL));
        assertThat(sim.application().carrier().request(-1)).isEqualTo(Result.error(Errno.EINVAL));
        sim.device().clock().advance(Duration.ofMinutes(1));
        assertThat(sim.application().carrier().request(Request.REGISTER.code())).as("by vendor code").isEqualTo(Result.OK);
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
    }

    @Test
    void linkDownOnVerizonDoesNotDeregister(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        sim.device().clock().runUntilIdle();
        int before = sim.events().size();
        assertThat(sim.application().carrier().request(Request.LINK_DOWN)).isEqualTo(Result.OK);
        sim.device().clock().runUntilIdle();
        assertThat(sim.application().eventTypes().subList(before, sim.events().size())).containsExactly(LTE_LINK_DOWN);
        assertThat(sim.carrier().dmServer(102).getRegistrationService().getAllRegistrations().hasNext())
                .as("still registered at the server").isTrue();
    }

    @Test
    void linkUpRequestIsAnsweredWithLinkUp(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        int before = sim.events().size();
        assertThat(sim.application().carrier().request(Request.LINK_UP)).isEqualTo(Result.OK);
        sim.device().clock().runUntilIdle();
        assertThat(sim.application().eventTypes().subList(before, sim.events().size())).containsExactly(LTE_LINK_UP);
    }

    @Test
    void rebootRequestPowersOffThenReboots(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        assertThat(sim.application().carrier().request(Request.REBOOT)).isEqualTo(Result.OK);
        assertThat(sim.runUntil(REGISTERED, 2, HOUR)).isTrue();
        assertThat(sim.application().eventsPerBoot().get(0)).endsWith(LTE_POWER_OFF, REBOOT);
        assertThat(sim.device().boots()).isEqualTo(2);
        assertThat(sim.application().eventsPerBoot().get(1)).containsExactly(REGISTERED);
    }

    @Test
    void rebootDeferredByTheHandlerEndsMain(CarrierSim sim) throws Exception {
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        sim.application().onEvent(event -> event.type() == REBOOT ? 1 : 0);
        assertThat(sim.application().carrier().request(Request.REBOOT)).isEqualTo(Result.OK);
        sim.device().clock().runUntilIdle();
        assertThat(sim.application().main().get(10, TimeUnit.SECONDS)).isEqualTo(MainResult.STOPPED);
        assertThat(sim.device().boots()).as("the application reboots later, not the library").isEqualTo(1);
    }
}
