package io.carrieremu.os.sim.carrier;

import static io.carrieremu.core.event.EventType.BOOTSTRAPPED;
import static io.carrieremu.core.event.EventType.ERROR_CODE_RESET;
import static io.carrieremu.core.event.EventType.REBOOT;
import static io.carrieremu.core.event.EventType.REGISTERED;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.LwM2mCarrier;
import io.carrieremu.core.api.DeviceTimeHooks;
import io.carrieremu.core.api.Result;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.config.CarrierConfig;
import io.carrieremu.core.config.LgUplusSerialNumberType;
import io.carrieremu.core.object.device.BatteryStatus;
import io.carrieremu.core.object.device.DeviceErrorCode;
import io.carrieremu.core.object.device.DeviceObject;
import io.carrieremu.core.object.device.PowerSource;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.os.sim.junit.CarrierSimTest;
import io.carrieremu.os.sim.scenario.CarrierSim;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.core.request.ExecuteRequest;
import org.eclipse.leshan.core.request.ObserveRequest;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.request.WriteRequest;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ObserveResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;
import org.eclipse.leshan.server.observation.ObservationListener;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.Test;

/**
 * The Device object (3) as a DM server sees it: the modem's answers and the vendor defaults, every
 * setter's documented outcomes and the value read afterwards, observations, the three executes, the
 * time resources and the carriers' rules.
 */
class DeviceObjectTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final int DM = 101;

    private static CarrierSim registered(String profile, CarrierConfig config) throws Exception {
        CarrierSim sim = CarrierSim.builder(profile).config(config).build().start();
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).as("registered").isTrue();
        return sim;
    }

    private static Object value(CarrierSim sim, int resourceId) {
        ReadResponse read = sim.send(DM, new ReadRequest(3, 0, resourceId));
        assertThat(read.isSuccess()).as("read /3/0/%d: %s", resourceId, read).isTrue();
        LwM2mResource resource = (LwM2mResource) read.getContent();
        return resource.isMultiInstances() ? values(resource) : resource.getValue();
    }

    private static List<Object> values(LwM2mResource resource) {
        List<Object> values = new ArrayList<>();
        resource.getInstances().values().forEach(instance -> values.add(instance.getValue()));
        return values;
    }

    private static String at(CarrierSim sim, String command) throws Exception {
        AtResponse response = sim.device().os().at().send(command);
        assertThat(response.isOk()).as(command).isTrue();
        return response.lines().get(0);
    }

    @Test
    void deviceReadEqualsTheModemsAnswersAndTheVendorDefaults() throws Exception {
        try (CarrierSim sim = registered("t-mobile", CarrierConfig.defaults())) {
            ReadResponse read = sim.send(DM, new ReadRequest(3, 0));
            assertThat(read.isSuccess()).as(String.valueOf(read)).isTrue();
            Map<Integer, LwM2mResource> device = ((LwM2mObjectInstance) read.getContent()).getResources();

            assertThat(device.get(0).getValue()).isEqualTo(at(sim, "AT+CGMI"));
            assertThat(device.get(1).getValue()).isEqualTo(at(sim, "AT+CGMM"));
            assertThat(device.get(2).getValue()).isEqualTo(at(sim, "AT+CGSN=1").replaceAll("\\+CGSN: \"(\\d+)\"", "$1"));
            assertThat(device.get(3).getValue()).isEqualTo(at(sim, "AT+CGMR"));
            assertThat(device.get(18).getValue()).isEqualTo(at(sim, "AT%HWVERSION").substring("%HWVERSION: ".length()));
            // The vendor defaults (library reference §7.8).
            assertThat(values(device.get(6))).containsExactly(0L);
            assertThat(values(device.get(7))).containsExactly(0L);
            assertThat(values(device.get(8))).containsExactly(0L);
            assertThat(device.get(9).getValue()).isEqualTo(0L);
            assertThat(device.get(10).getValue()).isEqualTo(0L);
            assertThat(values(device.get(11))).containsExactly(0L);
            assertThat(device.get(16).getValue()).isEqualTo("UQ");
            assertThat(device.get(17).getValue()).isEqualTo("Module");
            assertThat(device.get(19).getValue()).isEqualTo(DeviceObject.LIBRARY_VERSION);
            assertThat(device.get(20).getValue()).isEqualTo((long) BatteryStatus.NOT_INSTALLED.code());
            assertThat(device.get(21).getValue()).isEqualTo(0L);
            // Time from the modem clock, not the host's.
            String cclk = at(sim, "AT%CCLK?").replaceAll("%CCLK: \"(.*)\",\\d", "$1");
            long modemUtc = LocalDateTime.parse(cclk.substring(0, 17), DateTimeFormatter.ofPattern("yy/MM/dd,HH:mm:ss"))
                    .toEpochSecond(ZoneOffset.ofTotalSeconds(Integer.parseInt(cclk.substring(17)) * 15 * 60));
            long reported = ((Date) device.get(13).getValue()).getTime() / 1000;
            assertThat(reported).isBetween(modemUtc - 5, modemUtc);
            assertThat(device.get(14).getValue()).isEqualTo("UTC+00:00");
            assertThat(device.get(15).getValue()).isEqualTo("Etc/UTC");
            assertThat(device).doesNotContainKeys(22, 30000);
        }
    }

    @Test
    void powerSourceSettersHaveTheDocumentedOutcomes() throws Exception {
        try (CarrierSim sim = registered("t-mobile", CarrierConfig.defaults())) {
            LwM2mCarrier carrier = sim.application().carrier();
            List<PowerSource> nine = Collections.nCopies(9, PowerSource.DC);
            assertThat(carrier.setAvailablePowerSources(nine)).isEqualTo(Result.error(Errno.E2BIG));
            assertThat(carrier.setAvailablePowerSourceCodes(List.of(0, 3))).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.setAvailablePowerSourceCodes(List.of(0, 8))).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.setAvailablePowerSources(List.of(PowerSource.DC, PowerSource.DC))).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(value(sim, 6)).as("refused calls change nothing").isEqualTo(List.of(0L));

            // Without an internal battery there is no battery to report.
            assertThat(carrier.setBatteryLevel(50)).isEqualTo(Result.error(Errno.ENODEV));
            assertThat(carrier.setBatteryStatus(BatteryStatus.NORMAL)).isEqualTo(Result.error(Errno.ENODEV));
            assertThat(carrier.setPowerSourceVoltage(PowerSource.USB, 5000)).isEqualTo(Result.error(Errno.ENODEV));
            assertThat(carrier.setPowerSourceCurrent(PowerSource.USB, 100)).isEqualTo(Result.error(Errno.ENODEV));

            assertThat(carrier.setAvailablePowerSources(List.of(PowerSource.INTERNAL_BATTERY, PowerSource.USB))).isEqualTo(Result.OK);
            assertThat(value(sim, 6)).isEqualTo(List.of(1L, 5L));
            assertThat(value(sim, 20)).as("a new list resets the battery status to UNKNOWN")
                    .isEqualTo((long) BatteryStatus.UNKNOWN.code());
            assertThat(carrier.setPowerSourceVoltage(PowerSource.USB, 5000)).isEqualTo(Result.OK);
            assertThat(carrier.setPowerSourceCurrent(PowerSource.INTERNAL_BATTERY, 125)).isEqualTo(Result.OK);
            assertThat(carrier.setPowerSourceVoltage(PowerSource.AC, 230)).isEqualTo(Result.error(Errno.ENODEV));
            assertThat(value(sim, 7)).isEqualTo(List.of(0L, 5000L));
            assertThat(value(sim, 8)).isEqualTo(List.of(125L, 0L));

            assertThat(carrier.setBatteryLevel(101)).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.setBatteryLevel(-1)).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.setBatteryLevel(87)).isEqualTo(Result.OK);
            assertThat(carrier.setBatteryStatus(BatteryStatus.CHARGING)).isEqualTo(Result.OK);
            assertThat(value(sim, 9)).isEqualTo(87L);
            assertThat(value(sim, 20)).isEqualTo((long) BatteryStatus.CHARGING.code());

            // Each new list resets voltages, currents, level and status.
            assertThat(carrier.setAvailablePowerSources(List.of(PowerSource.INTERNAL_BATTERY))).isEqualTo(Result.OK);
            assertThat(value(sim, 7)).isEqualTo(List.of(0L));
            assertThat(value(sim, 9)).isEqualTo(0L);
            assertThat(value(sim, 20)).isEqualTo((long) BatteryStatus.UNKNOWN.code());
        }
    }

    @Test
    void errorCodeAndMemorySettersHaveTheDocumentedOutcomes() throws Exception {
        try (CarrierSim sim = registered("t-mobile", CarrierConfig.defaults())) {
            LwM2mCarrier carrier = sim.application().carrier();
            assertThat(carrier.removeErrorCode(DeviceErrorCode.LOW_SIGNAL)).isEqualTo(Result.error(Errno.ENOENT));
            assertThat(carrier.removeErrorCode(DeviceErrorCode.NO_ERROR)).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.addErrorCode(DeviceErrorCode.LOW_SIGNAL)).isEqualTo(Result.OK);
            assertThat(carrier.addErrorCode(DeviceErrorCode.OUT_OF_MEMORY)).isEqualTo(Result.OK);
            assertThat(carrier.addErrorCode(DeviceErrorCode.LOW_SIGNAL)).as("already there: nothing changes").isEqualTo(Result.OK);
            assertThat(value(sim, 11)).isEqualTo(List.of(4L, 5L));
            assertThat(carrier.removeErrorCode(DeviceErrorCode.LOW_SIGNAL)).isEqualTo(Result.OK);
            assertThat(value(sim, 11)).isEqualTo(List.of(5L));
            assertThat(carrier.removeErrorCode(DeviceErrorCode.OUT_OF_MEMORY)).isEqualTo(Result.OK);
            assertThat(value(sim, 11)).as("the last one removed leaves NO_ERROR").isEqualTo(List.of(0L));
            carrier.addErrorCode(DeviceErrorCode.GPS_FAILURE);
            assertThat(carrier.addErrorCode(DeviceErrorCode.NO_ERROR)).isEqualTo(Result.OK);
            assertThat(value(sim, 11)).as("NO_ERROR clears the list").isEqualTo(List.of(0L));

            assertThat(carrier.setMemoryTotal(-1)).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.setMemoryTotal(1L + Integer.MAX_VALUE)).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.setMemoryTotal(4096)).isEqualTo(Result.OK);
            assertThat(value(sim, 21)).isEqualTo(4096L);
            carrier.setMemoryFreeReader(() -> 1234);
            assertThat(value(sim, 10)).isEqualTo(1234L);
            carrier.setMemoryFreeReader(() -> {
                throw new IllegalStateException("the application's reader fails");
            });
            assertThat(value(sim, 10)).as("a failing reader reports 0").isEqualTo(0L);
        }
    }

    @Test
    void deviceStringSettersHaveTheDocumentedOutcomes() throws Exception {
        try (CarrierSim sim = registered("t-mobile", CarrierConfig.defaults())) {
            LwM2mCarrier carrier = sim.application().carrier();
            String tooLong = "x".repeat(33);
            assertThat(carrier.setDeviceType(tooLong)).isEqualTo(Result.error(Errno.E2BIG));
            assertThat(carrier.setDeviceType("")).isEqualTo(Result.error(Errno.EINVAL));
            assertThat(carrier.setHardwareVersion(tooLong)).isEqualTo(Result.error(Errno.E2BIG));
            assertThat(carrier.setSoftwareVersion(tooLong)).isEqualTo(Result.error(Errno.E2BIG));
            assertThat(value(sim, 17)).isEqualTo("Module");
            assertThat(carrier.setDeviceType("Smart meter")).isEqualTo(Result.OK);
            assertThat(carrier.setHardwareVersion("board rev C")).isEqualTo(Result.OK);
            assertThat(carrier.setSoftwareVersion("app 2.1")).isEqualTo(Result.OK);
            assertThat(value(sim, 17)).isEqualTo("Smart meter");
            assertThat(value(sim, 18)).isEqualTo("board rev C");
            assertThat(value(sim, 19)).isEqualTo(DeviceObject.LIBRARY_VERSION + "\napp 2.1");
        }
    }

    @Test
    @CarrierSimTest(sim = "t-mobile")
    void valuesSetBeforeTheLibraryRunsAreWhatTheServerReadsAfterRegistering(CarrierSim sim) throws Exception {
        LwM2mCarrier carrier = sim.application().carrier();
        assertThat(carrier.setAvailablePowerSources(List.of(PowerSource.INTERNAL_BATTERY))).isEqualTo(Result.OK);
        assertThat(carrier.setBatteryLevel(42)).isEqualTo(Result.OK);
        assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
        assertThat(value(sim, 9)).isEqualTo(42L);
    }

    @Test
    void observingBatteryLevelNotifiesTheNewValueWhenTheApplicationSetsIt() throws Exception {
        try (CarrierSim sim = registered("t-mobile", CarrierConfig.defaults())) {
            sim.application().carrier().setAvailablePowerSources(List.of(PowerSource.INTERNAL_BATTERY));
            sim.application().carrier().setBatteryLevel(20);
            sim.device().clock().runUntilIdle();
            List<Object> notified = Collections.synchronizedList(new ArrayList<>());
            sim.carrier().dmServer(DM).getObservationService().addListener(new ObservationListener() {
                @Override
                public void newObservation(Observation observation, Registration registration) {
                }

                @Override
                public void cancelled(Observation observation) {
                }

                @Override
                public void onResponse(SingleObservation observation, Registration registration, ObserveResponse response) {
                    notified.add(((LwM2mSingleResource) response.getContent()).getValue());
                }

                @Override
                public void onResponse(org.eclipse.leshan.core.observation.CompositeObservation observation,
                        Registration registration, org.eclipse.leshan.core.response.ObserveCompositeResponse response) {
                }

                @Override
                public void onError(Observation observation, Registration registration, Exception error) {
                }
            });
            ObserveResponse observe = sim.send(DM, new ObserveRequest(3, 0, 9));
            assertThat(observe.isSuccess()).as(String.valueOf(observe)).isTrue();
            assertThat(((LwM2mSingleResource) observe.getContent()).getValue()).isEqualTo(20L);

            assertThat(sim.application().carrier().setBatteryLevel(73)).isEqualTo(Result.OK);
            assertThat(sim.device().clock().runUntil(() -> notified.contains(73L), Duration.ofMinutes(1)))
                    .as("a notification with the new level").isTrue();
        }
    }

    @Test
    void rebootExecuteGivesReboot() throws Exception {
        try (CarrierSim sim = registered("t-mobile", CarrierConfig.defaults())) {
            ExecuteResponse response = sim.send(DM, new ExecuteRequest(3, 0, 4));
            assertThat(response.isSuccess()).isTrue();
            assertThat(sim.runUntil(REBOOT, 1, Duration.ofMinutes(1))).isTrue();
            assertThat(sim.runUntil(REGISTERED, 2, HOUR)).as("registered again after the reboot").isTrue();
        }
    }

    @Test
    void factoryResetExecuteBootstrapsAgain() throws Exception {
        try (CarrierSim sim = registered("t-mobile", CarrierConfig.defaults())) {
            long bootstraps = sim.application().eventTypes().stream().filter(t -> t == BOOTSTRAPPED).count();
            ExecuteResponse response = sim.send(DM, new ExecuteRequest(3, 0, 5));
            assertThat(response.isSuccess()).isTrue();
            assertThat(sim.runUntil(BOOTSTRAPPED, (int) bootstraps + 1, HOUR)).as("a new bootstrap").isTrue();
            assertThat(sim.runUntil(REGISTERED, 2, HOUR)).isTrue();
        }
    }

    @Test
    void resetErrorCodeExecuteGivesErrorCodeResetAndClearsTheCodes() throws Exception {
        try (CarrierSim sim = registered("t-mobile", CarrierConfig.defaults())) {
            sim.application().carrier().addErrorCode(DeviceErrorCode.LOW_CHARGE);
            assertThat(value(sim, 11)).isEqualTo(List.of(1L));
            ExecuteResponse response = sim.send(DM, new ExecuteRequest(3, 0, 12));
            assertThat(response.isSuccess()).isTrue();
            assertThat(sim.runUntil(ERROR_CODE_RESET, 1, Duration.ofMinutes(1))).isTrue();
            assertThat(value(sim, 11)).isEqualTo(List.of(0L));
        }
    }

    @Test
    void timeWritesGoToTheModemClockAndTheZoneSurvivesAReboot() throws Exception {
        try (CarrierSim sim = registered("t-mobile", CarrierConfig.defaults())) {
            long newTime = 1_900_000_000L;
            WriteResponse time = sim.send(DM, new WriteRequest(3, 0, 13, new Date(newTime * 1000)));
            assertThat(time.isSuccess()).as(String.valueOf(time)).isTrue();
            assertThat(at(sim, "AT+CCLK?")).as("the modem clock was set").contains("30/03/17,17:46");
            assertThat(sim.send(DM, new WriteRequest(3, 0, 14, "UTC+05:30")).isSuccess()).isTrue();
            assertThat(sim.send(DM, new WriteRequest(3, 0, 15, "Asia/Kolkata")).isSuccess()).isTrue();
            assertThat(value(sim, 14)).isEqualTo("UTC+05:30");
            assertThat(value(sim, 15)).isEqualTo("Asia/Kolkata");

            assertThat(sim.send(DM, new WriteRequest(3, 0, 14, "UTC+25:00")).getCode().getCode()).isEqualTo(400);
            assertThat(sim.send(DM, new WriteRequest(3, 0, 14, "five past")).getCode().getCode()).isEqualTo(400);
            assertThat(sim.send(DM, new WriteRequest(3, 0, 15, "Mars/Olympus_Mons")).getCode().getCode()).isEqualTo(400);
            assertThat(value(sim, 15)).as("refused writes change nothing").isEqualTo("Asia/Kolkata");

            sim.send(DM, new ExecuteRequest(3, 0, 4));
            assertThat(sim.runUntil(REGISTERED, 2, HOUR)).isTrue();
            assertThat(value(sim, 14)).as("kept in NVS across the reboot").isEqualTo("UTC+05:30");
            assertThat(value(sim, 15)).isEqualTo("Asia/Kolkata");
        }
    }

    @Test
    void applicationTimeHooksReceiveTheServersWritesAndAnswerItsReads() throws Exception {
        Map<String, Object> written = Collections.synchronizedMap(new LinkedHashMap<>());
        DeviceTimeHooks hooks = new DeviceTimeHooks() {
            @Override
            public Optional<Long> utcTime() {
                return Optional.of(1_800_000_000L);
            }

            @Override
            public int utcOffsetMinutes() {
                return -300;
            }

            @Override
            public Optional<String> timezone() {
                return Optional.of("America/New_York");
            }

            @Override
            public boolean writeUtcTime(long secondsSinceEpoch) {
                written.put("time", secondsSinceEpoch);
                return true;
            }

            @Override
            public boolean writeUtcOffset(int minutes) {
                written.put("offset", minutes);
                return true;
            }

            @Override
            public boolean writeTimezone(String timezone) {
                written.put("timezone", timezone);
                return !timezone.isEmpty();
            }
        };
        try (CarrierSim sim = registered("t-mobile", CarrierConfig.defaults())) {
            sim.application().carrier().setTimeHooks(hooks);
            assertThat(((Date) value(sim, 13)).getTime()).isEqualTo(1_800_000_000_000L);
            assertThat(value(sim, 14)).isEqualTo("UTC-05:00");
            assertThat(value(sim, 15)).isEqualTo("America/New_York");
            sim.send(DM, new WriteRequest(3, 0, 13, new Date(1_850_000_000_000L)));
            sim.send(DM, new WriteRequest(3, 0, 14, "-04:00"));
            sim.send(DM, new WriteRequest(3, 0, 15, "America/Toronto"));
            assertThat(sim.send(DM, new WriteRequest(3, 0, 15, "")).getCode().getCode()).as("the hook refused").isEqualTo(400);
            assertThat(written).containsEntry("time", 1_850_000_000L).containsEntry("offset", -240)
                    .containsEntry("timezone", "");
        }
    }

    @Test
    void softbankReportsTheImeiAsDeviceTypeAndAColonBeforeTheApplicationVersion() throws Exception {
        CarrierConfig config = CarrierConfig.builder().softwareVersion("app-1.0").build();
        try (CarrierSim sim = CarrierSim.builder("softbank").config(config).requestRegistration(false).build().start()) {
            assertThat(sim.runUntil(io.carrieremu.core.event.EventType.LTE_LINK_UP, 1, HOUR)).isTrue();
            sim.device().clock().advance(Duration.ofMinutes(10));
            assertThat(sim.application().carrier().request(io.carrieremu.core.api.Request.REGISTER)).isEqualTo(Result.OK);
            assertThat(sim.runUntil(REGISTERED, 1, HOUR)).isTrue();
            assertThat(value(sim, 17)).isEqualTo("352656100367872");
            assertThat(value(sim, 19)).isEqualTo(DeviceObject.LIBRARY_VERSION + ":app-1.0");
            assertThat(sim.application().carrier().setDeviceType("Sensor")).isEqualTo(Result.error(Errno.EPERM));
        }
    }

    @Test
    void lgUplusReflectsTheServiceCodeInTheModelAndReportsThe2didAsSerial() throws Exception {
        CarrierConfig config = CarrierConfig.builder().lgUplusServiceCode("ABCDE")
                .lgUplusSerialNumberType(LgUplusSerialNumberType.TWO_DID).build();
        try (CarrierSim sim = registered("lg-uplus", config)) {
            assertThat(value(sim, 1)).isEqualTo(at(sim, "AT+CGMM") + "-ABCDE");
            assertThat(value(sim, 2)).isEqualTo(at(sim, "AT%2DID").replaceAll("%2DID: \"(.*)\"", "$1"));
        }
    }

    @Test
    void verizonReportsTheIccidAndHomeInItsDeviceResource() throws Exception {
        try (CarrierSim sim = registered("verizon", CarrierConfig.defaults())) {
            ReadResponse read = sim.send(DM, new ReadRequest(3, 0, 30000));
            assertThat(read.isSuccess()).as(String.valueOf(read)).isTrue();
            String iccid = at(sim, "AT%XICCID").replace("%XICCID: ", "").replace("F", "");
            assertThat(values((LwM2mResource) read.getContent())).containsExactly(iccid, "Home");
        }
    }
}
