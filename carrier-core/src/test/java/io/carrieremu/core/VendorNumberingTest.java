package io.carrieremu.core;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.base.VendorCode;
import io.carrieremu.core.api.Request;
import io.carrieremu.core.api.MainResult;
import io.carrieremu.core.api.ModemInitResult;
import io.carrieremu.core.api.ModemMode;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.config.Carrier;
import io.carrieremu.core.config.LgUplusSerialNumberType;
import io.carrieremu.core.config.PdnType;
import io.carrieremu.core.config.ServerBinding;
import io.carrieremu.core.credential.CredentialType;
import io.carrieremu.core.event.AppDataEventType;
import io.carrieremu.core.event.DeferredReason;
import io.carrieremu.core.event.ErrorType;
import io.carrieremu.core.event.EventType;
import io.carrieremu.core.event.ModemDomainEvent;
import io.carrieremu.core.object.device.BatteryStatus;
import io.carrieremu.core.object.device.DeviceErrorCode;
import io.carrieremu.core.object.device.PowerSource;
import io.carrieremu.core.object.portfolio.IdentityType;
import io.carrieremu.core.os.DfuImageType;
import io.carrieremu.core.os.LteMode;
import io.carrieremu.core.os.PdnEvent;
import io.carrieremu.core.os.PdnFamily;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every vendor constant against the numbers, macro names and sample texts of liblwm2m_carrier 3.7.0
 * (SPEC §3, library reference §1, §4 and §8.3). The expected rows are written out literally — never
 * derived from the enums — and each table must name every constant of its enum, no more, no less.
 *
 * <p>Row format: {@code ENUM_CONSTANT | code | vendor macro name | human text}.
 */
class VendorNumberingTest {

    @Test
    void eventTypesHaveThe370NumbersAndMacroNames() {
        assertTable(EventType.class,
                "LTE_LINK_UP      | 1  | LWM2M_CARRIER_EVENT_LTE_LINK_UP      | LWM2M_CARRIER_EVENT_LTE_LINK_UP",
                "LTE_LINK_DOWN    | 2  | LWM2M_CARRIER_EVENT_LTE_LINK_DOWN    | LWM2M_CARRIER_EVENT_LTE_LINK_DOWN",
                "LTE_POWER_OFF    | 3  | LWM2M_CARRIER_EVENT_LTE_POWER_OFF    | LWM2M_CARRIER_EVENT_LTE_POWER_OFF",
                "BOOTSTRAPPED     | 4  | LWM2M_CARRIER_EVENT_BOOTSTRAPPED     | LWM2M_CARRIER_EVENT_BOOTSTRAPPED",
                "REGISTERED       | 5  | LWM2M_CARRIER_EVENT_REGISTERED       | LWM2M_CARRIER_EVENT_REGISTERED",
                "DEREGISTERED     | 6  | LWM2M_CARRIER_EVENT_DEREGISTERED     | LWM2M_CARRIER_EVENT_DEREGISTERED",
                "DEFERRED         | 7  | LWM2M_CARRIER_EVENT_DEFERRED         | LWM2M_CARRIER_EVENT_DEFERRED",
                "FOTA_START       | 8  | LWM2M_CARRIER_EVENT_FOTA_START       | LWM2M_CARRIER_EVENT_FOTA_START",
                "FOTA_SUCCESS     | 9  | LWM2M_CARRIER_EVENT_FOTA_SUCCESS     | LWM2M_CARRIER_EVENT_FOTA_SUCCESS",
                "REBOOT           | 10 | LWM2M_CARRIER_EVENT_REBOOT           | LWM2M_CARRIER_EVENT_REBOOT",
                "MODEM_DOMAIN     | 11 | LWM2M_CARRIER_EVENT_MODEM_DOMAIN     | LWM2M_CARRIER_EVENT_MODEM_DOMAIN",
                "APP_DATA         | 12 | LWM2M_CARRIER_EVENT_APP_DATA         | LWM2M_CARRIER_EVENT_APP_DATA",
                "MODEM_INIT       | 13 | LWM2M_CARRIER_EVENT_MODEM_INIT       | LWM2M_CARRIER_EVENT_MODEM_INIT",
                "MODEM_SHUTDOWN   | 14 | LWM2M_CARRIER_EVENT_MODEM_SHUTDOWN   | LWM2M_CARRIER_EVENT_MODEM_SHUTDOWN",
                "ERROR_CODE_RESET | 15 | LWM2M_CARRIER_EVENT_ERROR_CODE_RESET | LWM2M_CARRIER_EVENT_ERROR_CODE_RESET",
                "ERROR            | 20 | LWM2M_CARRIER_EVENT_ERROR            | LWM2M_CARRIER_EVENT_ERROR");
    }

    @Test
    void deferredReasonsHaveTheSampleTexts() {
        assertTable(DeferredReason.class,
                "NO_REASON           | 0 | LWM2M_CARRIER_DEFERRED_NO_REASON           | No reason given",
                "PDN_ACTIVATE        | 1 | LWM2M_CARRIER_DEFERRED_PDN_ACTIVATE        | Failed to activate PDN",
                "BOOTSTRAP_NO_ROUTE  | 2 | LWM2M_CARRIER_DEFERRED_BOOTSTRAP_NO_ROUTE  | No route to bootstrap server",
                "BOOTSTRAP_CONNECT   | 3 | LWM2M_CARRIER_DEFERRED_BOOTSTRAP_CONNECT   | Failed to connect to bootstrap server",
                "BOOTSTRAP_SEQUENCE  | 4 | LWM2M_CARRIER_DEFERRED_BOOTSTRAP_SEQUENCE  | Bootstrap sequence not completed",
                "SERVER_NO_ROUTE     | 5 | LWM2M_CARRIER_DEFERRED_SERVER_NO_ROUTE     | No route to server",
                "SERVER_CONNECT      | 6 | LWM2M_CARRIER_DEFERRED_SERVER_CONNECT      | Failed to connect to server",
                "SERVER_REGISTRATION | 7 | LWM2M_CARRIER_DEFERRED_SERVER_REGISTRATION | Server registration sequence not completed",
                "SERVICE_UNAVAILABLE | 8 | LWM2M_CARRIER_DEFERRED_SERVICE_UNAVAILABLE | Server in maintenance mode",
                "SIM_MSISDN          | 9 | LWM2M_CARRIER_DEFERRED_SIM_MSISDN          | Waiting for SIM MSISDN");
    }

    @Test
    void errorTypesUse370NumberingWithoutRun() {
        assertTable(ErrorType.class,
                "NO_ERROR           | 0 | LWM2M_CARRIER_ERROR_NO_ERROR           | No error",
                "LTE_LINK_UP_FAIL   | 1 | LWM2M_CARRIER_ERROR_LTE_LINK_UP_FAIL   | Failed to connect to the LTE network",
                "LTE_LINK_DOWN_FAIL | 2 | LWM2M_CARRIER_ERROR_LTE_LINK_DOWN_FAIL | Failed to disconnect from the LTE network",
                "BOOTSTRAP          | 3 | LWM2M_CARRIER_ERROR_BOOTSTRAP          | Bootstrap error",
                "FOTA_FAIL          | 4 | LWM2M_CARRIER_ERROR_FOTA_FAIL          | Modem firmware update failed",
                "CONFIGURATION      | 5 | LWM2M_CARRIER_ERROR_CONFIGURATION      | Configuration failure",
                "INIT               | 6 | LWM2M_CARRIER_ERROR_INIT               | Initialization failure",
                "CONNECT            | 8 | LWM2M_CARRIER_ERROR_CONNECT            | Connection failure");
        assertThat(ErrorType.fromCode(7)).as("ERROR_RUN was removed in 3.7.0").isEmpty();
    }

    @Test
    void errnoValuesAreTheLinuxNumbers() {
        assertTable(Errno.class,
                "EPERM        | 1   | EPERM        | Operation not permitted",
                "ENOENT       | 2   | ENOENT       | No such file or directory",
                "EIO          | 5   | EIO          | I/O error",
                "E2BIG        | 7   | E2BIG        | Argument list too long",
                "ENOEXEC      | 8   | ENOEXEC      | Exec format error",
                "EBADF        | 9   | EBADF        | Bad file number",
                "EAGAIN       | 11  | EAGAIN       | Try again",
                "ENOMEM       | 12  | ENOMEM       | Out of memory",
                "EACCES       | 13  | EACCES       | Permission denied",
                "EFAULT       | 14  | EFAULT       | Bad address",
                "EBUSY        | 16  | EBUSY        | Device or resource busy",
                "ENODEV       | 19  | ENODEV       | No such device",
                "EINVAL       | 22  | EINVAL       | Invalid argument",
                "EFBIG        | 27  | EFBIG        | File too large",
                "EBADR        | 53  | EBADR        | Invalid request descriptor",
                "EBADMSG      | 74  | EBADMSG      | Not a data message",
                "ENOTSUP      | 95  | ENOTSUP      | Operation not supported",
                "ENETDOWN     | 100 | ENETDOWN     | Network is down",
                "ENETUNREACH  | 101 | ENETUNREACH  | Network is unreachable",
                "ETIMEDOUT    | 110 | ETIMEDOUT    | Connection timed out",
                "ECONNREFUSED | 111 | ECONNREFUSED | Connection refused",
                "EHOSTUNREACH | 113 | EHOSTUNREACH | No route to host",
                "EALREADY     | 114 | EALREADY     | Operation already in progress",
                "EINPROGRESS  | 115 | EINPROGRESS  | Operation now in progress",
                "ECANCELED    | 125 | ECANCELED    | Operation canceled");
        assertThat(Errno.EHOSTUNREACH.negative()).isEqualTo(-113);
        assertThat(Errno.fromValue(-22)).contains(Errno.EINVAL);
        assertThat(Errno.fromValue(9999)).isEmpty();
    }

    @Test
    void requestsAreNumberedAsInTheHeader() {
        assertTable(Request.class,
                "REBOOT     | 0 | LWM2M_CARRIER_REQUEST_REBOOT     | Request a system reboot",
                "LINK_UP    | 1 | LWM2M_CARRIER_REQUEST_LINK_UP    | Request to connect to the LTE network",
                "LINK_DOWN  | 2 | LWM2M_CARRIER_REQUEST_LINK_DOWN  | Request to disconnect from the LTE network",
                "REGISTER   | 3 | LWM2M_CARRIER_REQUEST_REGISTER   | Request registration to the servers",
                "DEREGISTER | 4 | LWM2M_CARRIER_REQUEST_DEREGISTER | Request deregistration from the servers");
    }

    @Test
    void carrierBitsMatchTheEnabledCarriersMask() {
        assertTable(Carrier.class,
                "GENERIC  | 1  | LWM2M_CARRIER_GENERIC  | Generic",
                "VERIZON  | 2  | LWM2M_CARRIER_VERIZON  | Verizon",
                "LG_UPLUS | 8  | LWM2M_CARRIER_LG_UPLUS | LG U+",
                "T_MOBILE | 16 | LWM2M_CARRIER_T_MOBILE | T-Mobile",
                "SOFTBANK | 32 | LWM2M_CARRIER_SOFTBANK | SoftBank",
                "BELL_CA  | 64 | LWM2M_CARRIER_BELL_CA  | Bell Canada");
        assertThat(Carrier.fromBit(0x04)).as("AT&T's bit is not defined in 3.7.0").isEmpty();
        assertThat(Carrier.fromMask(0)).as("0 enables all").hasSize(6);
        assertThat(Carrier.fromMask(0x12)).containsExactlyInAnyOrder(Carrier.VERIZON, Carrier.T_MOBILE);
    }

    @Test
    void pdnTypesAndFamiliesKeepTheirDifferentOrders() {
        assertTable(PdnType.class,
                "IPV4V6 | 0 | LWM2M_CARRIER_PDN_TYPE_IPV4V6 | IPv4v6",
                "IPV4   | 1 | LWM2M_CARRIER_PDN_TYPE_IPV4   | IPv4",
                "IPV6   | 2 | LWM2M_CARRIER_PDN_TYPE_IPV6   | IPv6",
                "NONIP  | 3 | LWM2M_CARRIER_PDN_TYPE_NONIP  | Non-IP");
        assertTable(PdnFamily.class,
                "IPV4   | 0 | LWM2M_OS_PDN_FAM_IPV4   | IP",
                "IPV6   | 1 | LWM2M_OS_PDN_FAM_IPV6   | IPV6",
                "IPV4V6 | 2 | LWM2M_OS_PDN_FAM_IPV4V6 | IPV4V6",
                "NONIP  | 3 | LWM2M_OS_PDN_FAM_NONIP  | Non-IP");
    }

    @Test
    void bindingsAreBitFlags() {
        assertTable(ServerBinding.class,
                "UDP   | 1 | LWM2M_CARRIER_SERVER_BINDING_UDP   | U",
                "NONIP | 2 | LWM2M_CARRIER_SERVER_BINDING_NONIP | N");
        assertThat(ServerBinding.fromBits(3)).containsExactlyInAnyOrder(ServerBinding.UDP, ServerBinding.NONIP);
    }

    @Test
    void modemInitResultsAndFunctionalModes() {
        assertTable(ModemInitResult.class,
                "SUCCESS       | 0  | LWM2M_CARRIER_MODEM_INIT_SUCCESS       | Modem initialized",
                "UPDATED       | 1  | LWM2M_CARRIER_MODEM_INIT_UPDATED       | Modem firmware update successful",
                "UPDATE_FAILED | 2  | LWM2M_CARRIER_MODEM_INIT_UPDATE_FAILED | Modem firmware update failed",
                "IO_ERROR      | -5 | -EIO                                   | Could not initialize modem library");
        assertTable(ModemMode.class,
                "POWER_OFF       | 0 | LWM2M_CARRIER_MODEM_MODE_POWER_OFF       | Modem powered off",
                "LTE_ACTIVATED   | 1 | LWM2M_CARRIER_MODEM_MODE_LTE_ACTIVATED   | LTE activated",
                "LTE_DEACTIVATED | 2 | LWM2M_CARRIER_MODEM_MODE_LTE_DEACTIVATED | LTE deactivated");
    }

    @Test
    void cfunValuesMapAsTheVendorGlueMapsThem() {
        int[][] table = {
            {0, 0}, {1, 1}, {2, 2}, {4, 2}, {20, 2}, {21, 1}, {30, 0}, {31, 0}, {40, 0}, {41, 0}, {44, 2},
        };
        for (int[] row : table) {
            assertThat(ModemMode.fromCfun(row[0]).code()).as("AT+CFUN=%d", row[0]).isEqualTo(row[1]);
        }
    }

    @Test
    void modemDomainAndAppDataEventTypes() {
        assertTable(ModemDomainEvent.class,
                "ME_OVERHEATED  | 0 | LWM2M_CARRIER_MODEM_EVENT_ME_OVERHEATED  | Modem overheated",
                "ME_BATTERY_LOW | 1 | LWM2M_CARRIER_MODEM_EVENT_ME_BATTERY_LOW | Modem battery low",
                "RESET_LOOP     | 2 | LWM2M_CARRIER_MODEM_EVENT_RESET_LOOP     | Modem reset loop: attach attempts restricted for 30 minutes");
        assertTable(AppDataEventType.class,
                "DATA_WRITE    | 0 | LWM2M_CARRIER_APP_DATA_EVENT_DATA_WRITE    | DATA_WRITE",
                "OBSERVE_START | 1 | LWM2M_CARRIER_APP_DATA_EVENT_OBSERVE_START | OBSERVE_START",
                "OBSERVE_STOP  | 2 | LWM2M_CARRIER_APP_DATA_EVENT_OBSERVE_STOP  | OBSERVE_STOP");
    }

    @Test
    void deviceObjectConstants() {
        assertTable(PowerSource.class,
                "DC               | 0 | LWM2M_CARRIER_POWER_SOURCE_DC               | DC",
                "INTERNAL_BATTERY | 1 | LWM2M_CARRIER_POWER_SOURCE_INTERNAL_BATTERY | Int batt",
                "EXTERNAL_BATTERY | 2 | LWM2M_CARRIER_POWER_SOURCE_EXTERNAL_BATTERY | Ext batt",
                "ETHERNET         | 4 | LWM2M_CARRIER_POWER_SOURCE_ETHERNET         | Ethernet",
                "USB              | 5 | LWM2M_CARRIER_POWER_SOURCE_USB              | USB",
                "AC               | 6 | LWM2M_CARRIER_POWER_SOURCE_AC               | AC",
                "SOLAR            | 7 | LWM2M_CARRIER_POWER_SOURCE_SOLAR            | Solar");
        assertTable(BatteryStatus.class,
                "NORMAL          | 0 | LWM2M_CARRIER_BATTERY_STATUS_NORMAL          | Normal",
                "CHARGING        | 1 | LWM2M_CARRIER_BATTERY_STATUS_CHARGING        | Charging",
                "CHARGE_COMPLETE | 2 | LWM2M_CARRIER_BATTERY_STATUS_CHARGE_COMPLETE | Charge complete",
                "DAMAGED         | 3 | LWM2M_CARRIER_BATTERY_STATUS_DAMAGED         | Damaged",
                "LOW_BATTERY     | 4 | LWM2M_CARRIER_BATTERY_STATUS_LOW_BATTERY     | Low battery",
                "NOT_INSTALLED   | 5 | LWM2M_CARRIER_BATTERY_STATUS_NOT_INSTALLED   | Not installed",
                "UNKNOWN         | 6 | LWM2M_CARRIER_BATTERY_STATUS_UNKNOWN         | Unknown");
        assertTable(DeviceErrorCode.class,
                "NO_ERROR                | 0 | LWM2M_CARRIER_ERROR_CODE_NO_ERROR                | No error",
                "LOW_CHARGE              | 1 | LWM2M_CARRIER_ERROR_CODE_LOW_CHARGE              | Low battery power",
                "EXTERNAL_SUPPLY_OFF     | 2 | LWM2M_CARRIER_ERROR_CODE_EXTERNAL_SUPPLY_OFF     | External power supply off",
                "GPS_FAILURE             | 3 | LWM2M_CARRIER_ERROR_CODE_GPS_FAILURE             | GPS module failure",
                "LOW_SIGNAL              | 4 | LWM2M_CARRIER_ERROR_CODE_LOW_SIGNAL              | Low received signal strength",
                "OUT_OF_MEMORY           | 5 | LWM2M_CARRIER_ERROR_CODE_OUT_OF_MEMORY           | Out of memory",
                "SMS_FAILURE             | 6 | LWM2M_CARRIER_ERROR_CODE_SMS_FAILURE             | SMS failure",
                "IP_CONNECTIVITY_FAILURE | 7 | LWM2M_CARRIER_ERROR_CODE_IP_CONNECTIVITY_FAILURE | IP connectivity failure",
                "PERIPHERAL_MALFUNCTION  | 8 | LWM2M_CARRIER_ERROR_CODE_PERIPHERAL_MALFUNCTION  | Peripheral malfunction");
    }

    @Test
    void portfolioIdentityTypesAndLgUplusSerialTypes() {
        assertTable(IdentityType.class,
                "ID           | 0 | LWM2M_CARRIER_IDENTITY_ID           | Host device ID",
                "MANUFACTURER | 1 | LWM2M_CARRIER_IDENTITY_MANUFACTURER | Host device manufacturer",
                "MODEL        | 2 | LWM2M_CARRIER_IDENTITY_MODEL        | Host device model",
                "SW_VERSION   | 3 | LWM2M_CARRIER_IDENTITY_SW_VERSION   | Host device software version");
        assertTable(LgUplusSerialNumberType.class,
                "IMEI    | 0 | LWM2M_CARRIER_LG_UPLUS_DEVICE_SERIAL_NO_IMEI | IMEI",
                "TWO_DID | 1 | LWM2M_CARRIER_LG_UPLUS_DEVICE_SERIAL_NO_2DID | 2DID");
    }

    @Test
    void osLayerConstants() {
        assertTable(LteMode.class,
                "NONE    | -1 | LWM2M_OS_LTE_MODE_NONE    | None",
                "CAT_M1  | 6  | LWM2M_OS_LTE_MODE_CAT_M1  | LTE-M",
                "CAT_NB1 | 7  | LWM2M_OS_LTE_MODE_CAT_NB1 | NB-IoT");
        assertTable(PdnEvent.class,
                "CNEC_ESM             | 0 | LWM2M_OS_PDN_EVENT_CNEC_ESM             | ESM error",
                "ACTIVATED            | 1 | LWM2M_OS_PDN_EVENT_ACTIVATED            | PDN activated",
                "DEACTIVATED          | 2 | LWM2M_OS_PDN_EVENT_DEACTIVATED          | PDN deactivated",
                "IPV6_UP              | 3 | LWM2M_OS_PDN_EVENT_IPV6_UP              | IPv6 link up",
                "IPV6_DOWN            | 4 | LWM2M_OS_PDN_EVENT_IPV6_DOWN            | IPv6 link down",
                "NETWORK_DETACHED     | 5 | LWM2M_OS_PDN_EVENT_NETWORK_DETACHED     | Network detached",
                "APN_RATE_CONTROL_ON  | 6 | LWM2M_OS_PDN_EVENT_APN_RATE_CONTROL_ON  | APN rate control on",
                "APN_RATE_CONTROL_OFF | 7 | LWM2M_OS_PDN_EVENT_APN_RATE_CONTROL_OFF | APN rate control off",
                "CTX_DESTROYED        | 8 | LWM2M_OS_PDN_EVENT_CTX_DESTROYED        | PDP context destroyed");
        assertTable(DfuImageType.class,
                "NONE             | 0 | LWM2M_OS_DFU_IMG_TYPE_NONE             | Unknown image",
                "APPLICATION      | 1 | LWM2M_OS_DFU_IMG_TYPE_APPLICATION      | Application image",
                "MODEM_DELTA      | 2 | LWM2M_OS_DFU_IMG_TYPE_MODEM_DELTA      | Modem delta image",
                "APPLICATION_FILE | 3 | LWM2M_OS_DFU_IMG_TYPE_APPLICATION_FILE | Application image part");
        assertTable(CredentialType.class,
                "ROOT_CA_CERT       | 0 | ROOT_CA_CERT       | Root CA certificate",
                "CLIENT_CERT        | 1 | CLIENT_CERT        | Client certificate",
                "CLIENT_PRIVATE_KEY | 2 | CLIENT_PRIVATE_KEY | Client private key",
                "PSK                | 3 | PSK                | Pre-shared key",
                "PSK_IDENTITY       | 4 | PSK_IDENTITY       | PSK identity",
                "PUBLIC_KEY         | 5 | PUBLIC_KEY         | Public key");
    }

    @Test
    void mainResultsAreTheThreeReturnValuesOfMain() {
        assertTable(MainResult.class,
                "STOPPED        | 0   | STOPPED        | The library stopped",
                "INVALID_CONFIG | -22 | INVALID_CONFIG | Invalid configuration",
                "INTERNAL_FAULT | -14 | INTERNAL_FAULT | Internal error");
    }

    /** Asserts each literal row against its constant, and that the rows name every constant exactly once. */
    private static <E extends Enum<E> & VendorCode> void assertTable(Class<E> type, String... rows) {
        Set<String> named = new LinkedHashSet<>();
        for (String row : rows) {
            String[] cells = Arrays.stream(row.split("\\|")).map(String::strip).toArray(String[]::new);
            assertThat(cells).as("row '%s' has 4 cells", row).hasSize(4);
            E constant = Enum.valueOf(type, cells[0]);
            assertThat(named.add(cells[0])).as("%s listed twice", cells[0]).isTrue();
            assertThat(constant.code()).as("%s.code()", constant).isEqualTo(Integer.parseInt(cells[1]));
            assertThat(constant.vendorName()).as("%s.vendorName()", constant).isEqualTo(cells[2]);
            assertThat(constant.text()).as("%s.text()", constant).isEqualTo(cells[3]);
        }
        Set<String> all = Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertThat(named).as("%s constants", type.getSimpleName()).containsExactlyInAnyOrderElementsOf(all);
    }
}
