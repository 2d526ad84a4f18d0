package io.carrieremu.os.sim.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.os.sim.sim.SimProfiles;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated modem's APN class table ({@code %XAPNCLASS}) and the network changes a test can make
 * (cell, signal, IPv6 address, PSM timers), each with the notification a real modem gives.
 */
class ConnectivityAtTest {

    private final ModemFixture f = new ModemFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void verizonSimBringsItsApnClassTable() {
        assertThat(f.at("AT%XAPNCLASS=0,2")).isEqualTo("%XAPNCLASS: 2,\"VZWADMIN\",\"IPV4V6\"\nOK");
        assertThat(f.at("AT%XAPNCLASS=0,3")).isEqualTo("%XAPNCLASS: 3,\"VZWINTERNET\",\"IPV4V6\"\nOK");
        assertThat(f.modem.apnClassTable()).isEqualTo(Map.of(2, "VZWADMIN", 3, "VZWINTERNET", 6, "VZWAPP", 7, "VZWCLASS7"));
        assertThat(f.at("AT%XAPNCLASS=0,5")).as("a class the table lacks").isEqualTo("ERROR");
    }

    @Test
    void classWritesChangeTheTableAndBadOnesAreRefused() {
        assertThat(f.at("AT%XAPNCLASS=1,3,\"VZWNEW\"")).isEqualTo("OK");
        assertThat(f.at("AT%XAPNCLASS=0,3")).isEqualTo("%XAPNCLASS: 3,\"VZWNEW\",\"IPV4V6\"\nOK");
        assertThat(f.at("AT%XAPNCLASS=1,3,\"\"")).isEqualTo("ERROR");
        assertThat(f.at("AT%XAPNCLASS=1,11,\"X\"")).isEqualTo("ERROR");
        assertThat(f.at("AT%XAPNCLASS=1,3")).isEqualTo("ERROR");
        assertThat(f.at("AT%XAPNCLASS=2,3")).isEqualTo("ERROR");
        assertThat(f.at("AT%XAPNCLASS?")).isEqualTo("ERROR");
        assertThat(f.modem.apnClassTable()).containsEntry(3, "VZWNEW");
    }

    @Test
    void otherOperatorsHaveNoClassTable() {
        try (ModemFixture tMobile = new ModemFixture(SimProfiles.tMobile(), SimProfiles.homeNetwork("t-mobile"))) {
            assertThat(tMobile.at("AT%XAPNCLASS=0,2")).isEqualTo("ERROR");
        }
    }

    @Test
    void aCellChangeIsReportedWithTheNewCell() {
        f.attach();
        f.takeNotifications();
        f.modem.changeCell("3A01", "01A2B3C4");
        assertThat(f.takeNotifications()).containsExactly("+CEREG: 1,\"3A01\",\"01A2B3C4\",7,,,\"11100000\",\"11100000\"");
        assertThat(f.at("AT+CEREG?")).isEqualTo("+CEREG: 5,1,\"3A01\",\"01A2B3C4\",7,,,\"11100000\",\"11100000\"\nOK");
    }

    @Test
    void aSignalChangeIsReportedWhenSubscribed() {
        f.attach();
        f.takeNotifications();
        f.modem.changeSignal(50, 20, 30);
        assertThat(f.takeNotifications()).as("not subscribed").isEmpty();
        f.at("AT%CESQ=1");
        f.modem.changeSignal(60, 30, 40);
        assertThat(f.takeNotifications()).containsExactly("%CESQ: 60,3,30,4");
        assertThat(f.at("AT+CESQ")).isEqualTo("+CESQ: 99,99,255,255,30,60\nOK");
    }

    @Test
    void aNewIpv6AddressIsReportedByPacketDomainEvents() {
        f.attach();
        f.takeNotifications();
        f.modem.newIpv6Address(0);
        assertThat(f.takeNotifications()).containsExactly("+CGEV: IPV6 0");
        assertThat(f.at("AT+CGPADDR=0")).isEqualTo("+CGPADDR: 0,\"192.0.2.10\",\"2001:DB8:0:0:0:0:1:10\"\nOK");
        assertThatThrownBy(() -> f.modem.newIpv6Address(4)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void grantedPsmTimersAppearInLevelFourRegistration() {
        f.network.psmTimers("00100001", "00000110");
        f.attach();
        assertThat(f.at("AT+CEREG?")).isEqualTo("+CEREG: 5,1,\"2F02\",\"00B7F901\",7,,,\"00100001\",\"00000110\"\nOK");
    }
}
