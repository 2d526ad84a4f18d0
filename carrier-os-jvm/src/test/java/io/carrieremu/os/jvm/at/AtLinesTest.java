package io.carrieremu.os.jvm.at;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.os.AtResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtLinesTest {

    @Test
    void finalResults() {
        assertThat(AtLines.finalResult("OK", List.of("a"))).contains(AtResponse.ok(List.of("a")));
        assertThat(AtLines.finalResult("ERROR", List.of())).contains(AtResponse.error());
        assertThat(AtLines.finalResult("+CME ERROR: 518", List.of())).contains(AtResponse.cmeError(518));
        assertThat(AtLines.finalResult("+CMS ERROR: 305", List.of()))
                .contains(new AtResponse(List.of(), AtResponse.Status.CMS_ERROR, 305));
        assertThat(AtLines.finalResult("+CME ERROR: SIM not inserted", List.of()))
                .contains(new AtResponse(List.of(), AtResponse.Status.CME_ERROR, 0));
        assertThat(AtLines.finalResult("OK then", List.of())).isEmpty();
        assertThat(AtLines.finalResult("+CMEE: 1", List.of())).isEmpty();
    }

    @Test
    void commandNames() {
        assertThat(AtLines.commandNames("AT+CGDCONT?")).containsExactly("+CGDCONT");
        assertThat(AtLines.commandNames("at%xsystemmode=1,0,1,0")).containsExactly("%XSYSTEMMODE");
        assertThat(AtLines.commandNames("AT+CFUN?;+CEREG?")).containsExactly("+CFUN", "+CEREG");
        assertThat(AtLines.commandNames("AT#XPING=\"host\"")).containsExactly("#XPING");
        assertThat(AtLines.commandNames("ATE1")).isEmpty();
        assertThat(AtLines.commandNames("AT")).isEmpty();
    }

    @Test
    void prefixedLinesOfAnotherCommandAreNotifications() {
        List<String> names = AtLines.commandNames("AT+CGDCONT?");
        assertThat(AtLines.isNotificationDuring("+CGDCONT: 0,\"IP\",\"\"", names)).isFalse();
        assertThat(AtLines.isNotificationDuring("+CEREG: 1,\"002F\",\"0012BEEF\",7", names)).isTrue();
        assertThat(AtLines.isNotificationDuring("%XSIM: 1", names)).isTrue();
        assertThat(AtLines.isNotificationDuring("352656100367872", names)).isFalse();
        assertThat(AtLines.isNotificationDuring("Nordic Semiconductor ASA", AtLines.commandNames("AT+CGMI"))).isFalse();
        assertThat(AtLines.isNotificationDuring("+CEREG: 2", AtLines.commandNames("AT+CFUN=1"))).isTrue();
    }

    @Test
    void credentialContentIsRedactedFromMessages() {
        assertThat(AtLines.redact("AT%CMNG=0,25,3,\"000102030405\"")).isEqualTo("AT%CMNG=0,25,3,\"<redacted>\"");
        assertThat(AtLines.redact("AT%CMNG=1,25")).isEqualTo("AT%CMNG=1,25");
        assertThat(AtLines.redact("AT+CGSN=1")).isEqualTo("AT+CGSN=1");
    }

    @Test
    void echo() {
        assertThat(AtLines.isEcho("AT+CGSN=1", "AT+CGSN=1")).isTrue();
        assertThat(AtLines.isEcho("at+cgsn=1", "AT+CGSN=1")).isTrue();
        assertThat(AtLines.isEcho("+CGSN: \"1\"", "AT+CGSN=1")).isFalse();
    }
}
