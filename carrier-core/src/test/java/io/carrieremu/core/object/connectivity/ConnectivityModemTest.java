package io.carrieremu.core.object.connectivity;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.object.connectivity.ConnectivityModem.ConnectionStatistics;
import io.carrieremu.core.object.connectivity.ConnectivityModem.PacketEventKind;
import io.carrieremu.core.object.connectivity.ConnectivityModem.PdpContext;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The connectivity answers of the modem, well-formed and not: malformed ones are empty, never an exception. */
class ConnectivityModemTest {

    @Test
    void ceregReadGivesTheCellTrackingAreaAccessTechnologyAndTimers() {
        var registration = ConnectivityModem.parseCeregRead(
                List.of("+CEREG: 5,1,\"2F02\",\"00B7F901\",7,,,\"00100001\",\"00000110\"")).orElseThrow();
        assertThat(registration.registered()).isTrue();
        assertThat(registration.tac()).contains("2F02");
        assertThat(registration.cellId()).contains("00B7F901");
        assertThat(registration.accessTechnology()).hasValue(7);
        assertThat(registration.activeTime()).contains("00100001");
        assertThat(registration.periodicTau()).contains("00000110");
    }

    @Test
    void ceregNotificationHasNoLeadingLevel() {
        var registration = ConnectivityModem.parseCeregNotification("+CEREG: 5,\"816B\",\"0338D100\",9").orElseThrow();
        assertThat(registration.stat()).isEqualTo(5);
        assertThat(registration.registered()).isTrue();
        assertThat(registration.accessTechnology()).hasValue(9);
        assertThat(ConnectivityModem.parseCeregNotification("+CEREG: 2").orElseThrow().cellId()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+CEREG: 5,1,\"2F02\",\"NOTHEX!!\",7", "+CEREG: 5,1,\"2F02", "+CEREG: x,1", "+CEREG: 5,400",
        "+CEREG: 5,1,\"2F0200\",\"00B7F901\",7", "+CEREG: 5,1,\"2F02\",\"00B7F901\",7,,,\"0010\",\"00000110\"", "+CEREG:"})
    void malformedCeregIsEmpty(String line) {
        assertThat(ConnectivityModem.parseCeregRead(List.of(line))).isEmpty();
    }

    @Test
    void cesqGivesRsrpInDbmAsIndexMinus140AndTheRawRsrq() {
        var signal = ConnectivityModem.parseCesq(List.of("+CESQ: 99,99,255,255,25,37")).orElseThrow();
        assertThat(signal.rsrq()).hasValue(25);
        assertThat(signal.rsrpDbm()).hasValue(-103);
        var unknown = ConnectivityModem.parseCesq(List.of("+CESQ: 99,99,255,255,255,255")).orElseThrow();
        assertThat(unknown.rsrpDbm()).isEmpty();
        assertThat(unknown.rsrq()).isEmpty();
        assertThat(ConnectivityModem.parseCesq(List.of("+CESQ: 99,99,255,255,34,97")).orElseThrow().rsrpDbm()).hasValue(-43);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+CESQ: 99,99,255,255,25", "+CESQ: 99,99,255,255,35,37", "+CESQ: 99,99,255,255,25,98",
        "+CESQ: 99,99,255,255,\"25\",37", "+CESQ: 99,99,255,255,25,37,1", "+CESQ: 99,99,255,255,25,-1"})
    void malformedCesqIsEmpty(String line) {
        assertThat(ConnectivityModem.parseCesq(List.of(line))).isEmpty();
    }

    @Test
    void snrIsIndexMinus24AndCeLevelIsKept() {
        var snr = ConnectivityModem.parseXsnrsq(List.of("%XSNRSQ: 25,20,0")).orElseThrow();
        assertThat(snr.snrDb()).hasValue(1);
        assertThat(snr.ceLevel()).hasValue(0);
        var unknown = ConnectivityModem.parseXsnrsq(List.of("%XSNRSQ: 127,255,255")).orElseThrow();
        assertThat(unknown.snrDb()).isEmpty();
        assertThat(unknown.ceLevel()).isEmpty();
        assertThat(ConnectivityModem.parseXsnrsq(List.of("%XSNRSQ: 60,20,0"))).isEmpty();
        assertThat(ConnectivityModem.parseXsnrsq(List.of("%XSNRSQ: 25,20,7"))).isEmpty();
        assertThat(ConnectivityModem.parseXsnrsq(List.of("%XSNRSQ: 25"))).isEmpty();
    }

    @Test
    void copsNumericOperatorSplitsIntoMccAndMnc() {
        assertThat(ConnectivityModem.parseCops(List.of("+COPS: 0,2,\"311480\",7"))).hasValueSatisfying(op -> {
            assertThat(op.mcc()).isEqualTo(311);
            assertThat(op.mnc()).isEqualTo(480);
        });
        assertThat(ConnectivityModem.parseCops(List.of("+COPS: 0,2,\"26201\",7")).orElseThrow().mnc()).isEqualTo(1);
        assertThat(ConnectivityModem.parseCops(List.of("+COPS: 2"))).as("deregistered").isEmpty();
        assertThat(ConnectivityModem.parseCops(List.of("+COPS: 0,0,\"RADIOLINJA\",7"))).as("alphanumeric").isEmpty();
        assertThat(ConnectivityModem.parseCops(List.of("+COPS: 0,2,\"31A480\",7"))).isEmpty();
        assertThat(ConnectivityModem.parseCops(List.of("+COPS: 0,2,311480,7"))).as("unquoted").isEmpty();
    }

    @Test
    void systemModeSaysWhichBearersAreAvailableAndPreferred() {
        var mode = ConnectivityModem.parseXsystemmode(List.of("%XSYSTEMMODE: 1,1,0,2")).orElseThrow();
        assertThat(mode.ltem()).isTrue();
        assertThat(mode.nbiot()).isTrue();
        assertThat(mode.prefersNbiot()).isTrue();
        assertThat(ConnectivityModem.parseXsystemmode(List.of("%XSYSTEMMODE: 1,0,1,0")).orElseThrow().prefersNbiot()).isFalse();
        assertThat(ConnectivityModem.parseXsystemmode(List.of("%XSYSTEMMODE: 1,0,1"))).isEmpty();
        assertThat(ConnectivityModem.parseXsystemmode(List.of("%XSYSTEMMODE: 2,0,1,0"))).isEmpty();
    }

    @Test
    void contextsAndTheirStates() {
        assertThat(ConnectivityModem.parseCgdcont(List.of("+CGDCONT: 1,\"IPV4V6\",\"VZWADMIN\",\"192.0.2.11\",0,0",
                "+CGDCONT: 0,\"IPV4V6\",\"vzwinternet\",\"\",0,0"))).contains(List.of(
                        new PdpContext(0, "IPV4V6", "vzwinternet"), new PdpContext(1, "IPV4V6", "VZWADMIN")));
        assertThat(ConnectivityModem.parseCgdcont(List.of("+CGDCONT: 0,\"IPV4V6\",\"\",\"\",0,0")).orElseThrow().get(0).apn()).isEmpty();
        assertThat(ConnectivityModem.parseCgdcont(List.of("+CGDCONT: 0,\"IPV4V6\",\"ok\",\"\",0,0", "+CGDCONT: 1,\"PPP\",\"x\",\"\",0,0")))
                .as("one bad line spoils the answer").isEmpty();
        assertThat(ConnectivityModem.parseCgdcont(List.of("+CGDCONT: 1,\"IP\",\"bad apn\",\"\",0,0"))).isEmpty();
        assertThat(ConnectivityModem.parseCgact(List.of("+CGACT: 0,1", "+CGACT: 1,0"))).contains(Map.of(0, true, 1, false));
        assertThat(ConnectivityModem.parseCgact(List.of("+CGACT: 0,2"))).isEmpty();
    }

    @Test
    void addressesOfOneContext() {
        List<String> lines = List.of("+CGPADDR: 0,\"192.0.2.10\",\"2001:DB8:0:0:0:0:0:10\"", "+CGPADDR: 1,\"192.0.2.11\"");
        assertThat(ConnectivityModem.parseCgpaddr(lines, 0)).contains(List.of("192.0.2.10", "2001:DB8:0:0:0:0:0:10"));
        assertThat(ConnectivityModem.parseCgpaddr(lines, 1)).contains(List.of("192.0.2.11"));
        assertThat(ConnectivityModem.parseCgpaddr(List.of("+CGPADDR: 1"), 1)).contains(List.of());
        assertThat(ConnectivityModem.parseCgpaddr(lines, 2)).isEmpty();
        assertThat(ConnectivityModem.parseCgpaddr(List.of("+CGPADDR: 0,\"300.0.2.10\""), 0)).isEmpty();
        assertThat(ConnectivityModem.parseCgpaddr(List.of("+CGPADDR: 0,\"example.com\""), 0)).isEmpty();
        assertThat(ConnectivityModem.parseCgpaddr(List.of("+CGPADDR: 0,192.0.2.10"), 0)).isEmpty();
    }

    @Test
    void apnStatusAndClasses() {
        assertThat(ConnectivityModem.parseXapnstatus(List.of())).contains(Set.of());
        assertThat(ConnectivityModem.parseXapnstatus(List.of("%XAPNSTATUS: \"APN_1\",\"APN_2\""))).contains(Set.of("APN_1", "APN_2"));
        assertThat(ConnectivityModem.parseXapnstatus(List.of("%XAPNSTATUS: APN_1"))).isEmpty();
        assertThat(ConnectivityModem.parseXapnclass(List.of("%XAPNCLASS: 3,\"VZWAPN\",\"IPV4V6\""), 3)).contains("VZWAPN");
        assertThat(ConnectivityModem.parseXapnclass(List.of("%XAPNCLASS: 3,\"VZWAPN\""), 3)).contains("VZWAPN");
        assertThat(ConnectivityModem.parseXapnclass(List.of("%XAPNCLASS: 2,\"VZWAPN\",\"IPV4V6\""), 3)).as("another class").isEmpty();
        assertThat(ConnectivityModem.parseXapnclass(List.of("%XAPNCLASS: 3"), 3)).isEmpty();
        assertThat(ConnectivityModem.parseXapnclass(List.of("%XAPNCLASS: 3,\"\",\"IPV4V6\""), 3)).isEmpty();
        assertThat(ConnectivityModem.parseXapnclass(List.of("%XAPNCLASS: 3,\"VZW\"APN\",\"IPV4V6\""), 3)).isEmpty();
    }

    @Test
    void validApnsAreWhatAnAtStringAndA3gppApnAllow() {
        assertThat(ConnectivityModem.validApn("VZWADMIN")).isTrue();
        assertThat(ConnectivityModem.validApn("fast.t-mobile.com")).isTrue();
        assertThat(ConnectivityModem.validApn("")).isFalse();
        assertThat(ConnectivityModem.validApn("a\"b")).isFalse();
        assertThat(ConnectivityModem.validApn("two words")).isFalse();
        assertThat(ConnectivityModem.validApn("-leading")).isFalse();
        assertThat(ConnectivityModem.validApn("a".repeat(64))).isFalse();
    }

    @Test
    void statistics() {
        assertThat(ConnectivityModem.parseXconnstat(List.of("%XCONNSTAT: 0,1,14,16,748,134")))
                .contains(new ConnectionStatistics(0, 1, 14, 16, 748, 134));
        assertThat(ConnectivityModem.parseXconnstat(List.of("%XCONNSTAT: 0,1,14,16,748"))).isEmpty();
        assertThat(ConnectivityModem.parseXconnstat(List.of("%XCONNSTAT: 0,1,-14,16,748,134"))).isEmpty();
        assertThat(ConnectivityModem.parseXconnstat(List.of("%XCONNSTAT: 0,1,14,16,748,99999999999"))).isEmpty();
        assertThat(ConnectivityModem.parseXconnstat(List.of("OK"))).isEmpty();
    }

    @Test
    void packetDomainAndEsmNotifications() {
        assertThat(ConnectivityModem.parseCgev("+CGEV: ME PDN ACT 1,0")).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(PacketEventKind.PDN_ACTIVATED);
            assertThat(e.cid()).isEqualTo(OptionalInt.of(1));
        });
        assertThat(ConnectivityModem.parseCgev("+CGEV: NW PDN DEACT 2").orElseThrow().kind()).isEqualTo(PacketEventKind.PDN_DEACTIVATED);
        assertThat(ConnectivityModem.parseCgev("+CGEV: IPV6 0").orElseThrow().kind()).isEqualTo(PacketEventKind.IPV6);
        assertThat(ConnectivityModem.parseCgev("+CGEV: IPV6 FAIL 0").orElseThrow().kind()).isEqualTo(PacketEventKind.IPV6_FAILED);
        assertThat(ConnectivityModem.parseCgev("+CGEV: NW DETACH").orElseThrow().kind()).isEqualTo(PacketEventKind.DETACHED);
        assertThat(ConnectivityModem.parseCgev("+CGEV: RESTR 1,1").orElseThrow().kind()).isEqualTo(PacketEventKind.OTHER);
        assertThat(ConnectivityModem.parseCgev("+CGEV: ME PDN ACT x")).isEmpty();
        assertThat(ConnectivityModem.parseCgev("+CGEV: ME PDN ACT ")).isEmpty();
        assertThat(ConnectivityModem.parseCgev("+CEREG: 1")).isEmpty();
        assertThat(ConnectivityModem.parseCnecEsm("+CNEC_ESM: 33,1")).hasValueSatisfying(r -> {
            assertThat(r.cause()).isEqualTo(33);
            assertThat(r.cid()).isEqualTo(1);
        });
        assertThat(ConnectivityModem.parseCnecEsm("+CNEC_ESM: 33")).isEmpty();
        assertThat(ConnectivityModem.parseCnecEsm("+CNEC_ESM: \"33\",1")).isEmpty();
    }

    @Test
    void gprsTimersDecodeToSeconds() {
        assertThat(ConnectivityModem.periodicTauSeconds("00000110")).hasValue(3600);
        assertThat(ConnectivityModem.periodicTauSeconds("01100011")).as("2 s units").hasValue(6);
        assertThat(ConnectivityModem.periodicTauSeconds("11100000")).as("deactivated").isEqualTo(OptionalLong.empty());
        assertThat(ConnectivityModem.periodicTauSeconds("0000011")).isEmpty();
        assertThat(ConnectivityModem.activeTimeSeconds("00100001")).hasValue(60);
        assertThat(ConnectivityModem.activeTimeSeconds("00000101")).hasValue(10);
        assertThat(ConnectivityModem.activeTimeSeconds("01000010")).hasValue(720);
        assertThat(ConnectivityModem.activeTimeSeconds("11100000")).isEmpty();
        assertThat(ConnectivityModem.activeTimeSeconds("2")).isEmpty();
    }
}
