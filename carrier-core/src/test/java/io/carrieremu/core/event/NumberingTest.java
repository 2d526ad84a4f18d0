package io.carrieremu.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The two generations' numbers, row by row from reference §1.1, §1.3 and §1.12. */
class NumberingTest {

    @Test
    void eventNumbersOf37AreTheHeaders() {
        for (EventType type : EventType.values()) {
            assertThat(Numbering.V3_7.eventCode(type)).as(type.name()).hasValue(type.code());
        }
    }

    @Test
    void eventNumbersOf33ShiftAfterRegisteredAndLackDeregisteredAndErrorCodeReset() {
        Map<EventType, Integer> expected = new LinkedHashMap<>();
        String[] names = {"LTE_LINK_UP", "LTE_LINK_DOWN", "LTE_POWER_OFF", "BOOTSTRAPPED", "REGISTERED", "DEFERRED",
            "FOTA_START", "FOTA_SUCCESS", "REBOOT", "MODEM_DOMAIN", "APP_DATA", "MODEM_INIT", "MODEM_SHUTDOWN"};
        for (int i = 0; i < names.length; i++) {
            expected.put(EventType.valueOf(names[i]), i + 1);
        }
        expected.put(EventType.ERROR, 20);
        expected.forEach((type, code) -> assertThat(Numbering.V3_3.eventCode(type)).as(type.name()).hasValue(code));
        assertThat(Numbering.V3_3.eventCode(EventType.DEREGISTERED)).isEqualTo(OptionalInt.empty());
        assertThat(Numbering.V3_3.eventCode(EventType.ERROR_CODE_RESET)).isEqualTo(OptionalInt.empty());
    }

    @Test
    void errorTypesOf33HaveRunAsSevenAndNoConnect() {
        assertThat(Numbering.V3_3.errorTypeCode(ErrorType.CONFIGURATION)).hasValue(7);
        assertThat(Numbering.V3_3.errorTypeName(ErrorType.CONFIGURATION)).isEqualTo("LWM2M_CARRIER_ERROR_RUN");
        assertThat(Numbering.V3_3.errorText(ErrorType.CONFIGURATION)).isEqualTo("Configuration failure");
        assertThat(Numbering.V3_3.errorTypeCode(ErrorType.CONNECT)).isEmpty();
        assertThat(Numbering.V3_3.errorTypeCode(ErrorType.BOOTSTRAP)).hasValue(3);
        for (ErrorType type : ErrorType.values()) {
            assertThat(Numbering.V3_7.errorTypeCode(type)).as(type.name()).hasValue(type.code());
            assertThat(Numbering.V3_7.errorTypeName(type)).isEqualTo(type.vendorName());
        }
    }

    @Test
    void retryLimitsGiveEachGenerationsDocumentedValues() {
        assertThat(Numbering.V3_7.error(Failure.BOOTSTRAP_RETRIES_EXHAUSTED, Errno.EIO))
                .isEqualTo(new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH));
        assertThat(Numbering.V3_3.error(Failure.BOOTSTRAP_RETRIES_EXHAUSTED, Errno.EIO))
                .isEqualTo(new CarrierEvent.Error(ErrorType.BOOTSTRAP, Errno.ETIMEDOUT));
        assertThat(Numbering.V3_7.error(Failure.SERVER_RETRIES_EXHAUSTED, Errno.EIO))
                .isEqualTo(new CarrierEvent.Error(ErrorType.CONNECT, Errno.EHOSTUNREACH));
        assertThat(Numbering.V3_7.error(Failure.PDN_RETRIES_EXHAUSTED, Errno.ENETUNREACH))
                .as("the link, with the activation's own errno")
                .isEqualTo(new CarrierEvent.Error(ErrorType.LTE_LINK_UP_FAIL, Errno.ENETUNREACH));
    }

    @Test
    void fotaFailValuesAreEachGenerationsTable() {
        assertThat(Numbering.V3_3.fotaFailValues()).containsExactly(Errno.EPERM, Errno.ENOMEM, Errno.EBADF);
        assertThat(Numbering.V3_7.fotaFailValues()).hasSize(13).startsWith(Errno.ECONNREFUSED, Errno.EINVAL).endsWith(Errno.EIO);
    }

    @Test
    void versionsParseAndOthersAreRefused() {
        assertThat(Numbering.of("3.3")).isEqualTo(Numbering.V3_3);
        assertThat(Numbering.of("3.7.0")).isEqualTo(Numbering.V3_7);
        assertThat(Numbering.of("v3_3")).isEqualTo(Numbering.V3_3);
        assertThatThrownBy(() -> Numbering.of("3.5")).hasMessage("unknown numbering '3.5', expected 3.7 or 3.3");
    }
}
