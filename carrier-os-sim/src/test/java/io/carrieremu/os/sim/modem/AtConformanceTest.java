package io.carrieremu.os.sim.modem;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.os.sim.sim.SimProfiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every command of SPEC §12 in its set / read / test / exec forms against the exact response strings
 * of the nRF91 AT reference (reference §7), error cases included.
 */
class AtConformanceTest {

    private ModemFixture f = new ModemFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Nested
    class General {
        @Test
        void bareAtIsOk() {
            assertThat(f.at("AT")).isEqualTo("OK");
        }

        @Test
        void unknownCommandsAndGarbageAreError() {
            assertThat(f.at("AT+FOO")).isEqualTo("ERROR");
            assertThat(f.at("AT%XNOSUCH?")).isEqualTo("ERROR");
            assertThat(f.at("HELLO")).isEqualTo("ERROR");
            assertThat(f.at("ATD123")).isEqualTo("ERROR");
        }

        @Test
        void malformedParametersAreError() {
            assertThat(f.at("AT+CFUN=abc")).isEqualTo("ERROR");
            assertThat(f.at("AT+CFUN=7")).isEqualTo("ERROR");
            assertThat(f.at("AT+CFUN=1,2")).isEqualTo("ERROR");
            assertThat(f.at("AT+CFUN")).isEqualTo("ERROR");
            assertThat(f.at("AT%CMNG=0,25,3,\"0102")).isEqualTo("ERROR");
            assertThat(f.at("AT+CEREG=\"1\"")).isEqualTo("ERROR");
        }

        @Test
        void cmeeSwitchesBetweenErrorAndCmeError() {
            f.at("AT+CFUN=1");
            assertThat(f.at("AT%CMNG=0,25,3,\"0102\"")).isEqualTo("ERROR");
            assertThat(f.at("AT+CMEE=1")).isEqualTo("OK");
            assertThat(f.at("AT+CMEE?")).isEqualTo("+CMEE: 1\nOK");
            assertThat(f.at("AT+CMEE=?")).isEqualTo("+CMEE: (0,1)\nOK");
            assertThat(f.at("AT%CMNG=0,25,3,\"0102\"")).isEqualTo("+CME ERROR: 518");
            assertThat(f.at("AT+CMEE=2")).isEqualTo("ERROR");
        }

        @Test
        void commandNamesAreCaseInsensitive() {
            assertThat(f.at("at+cgmi")).isEqualTo("Nordic Semiconductor ASA\nOK");
        }
    }

    @Nested
    class Identity {
        @Test
        void cgsnForms() {
            assertThat(f.at("AT+CGSN")).isEqualTo("352656100367872\nOK");
            assertThat(f.at("AT+CGSN=0")).isEqualTo("352656100367872\nOK");
            assertThat(f.at("AT+CGSN=1")).isEqualTo("+CGSN: \"352656100367872\"\nOK");
            assertThat(f.at("AT+CGSN=2")).isEqualTo("+CGSN: \"3526561003678712\"\nOK");
            assertThat(f.at("AT+CGSN=3")).isEqualTo("+CGSN: \"12\"\nOK");
            assertThat(f.at("AT+CGSN=?")).isEqualTo("+CGSN: (0-3)\nOK");
            assertThat(f.at("AT+CGSN=4")).isEqualTo("ERROR");
        }

        @Test
        void manufacturerModelFirmwareHardware() {
            assertThat(f.at("AT+CGMI")).isEqualTo("Nordic Semiconductor ASA\nOK");
            assertThat(f.at("AT+CGMM")).isEqualTo("nRF9160-SICA\nOK");
            assertThat(f.at("AT+CGMR")).isEqualTo("mfw_nrf9160_1.3.5\nOK");
            assertThat(f.at("AT%HWVERSION")).isEqualTo("%HWVERSION: nRF9160 SICA B0A\nOK");
            f.modem.firmwareVersion("mfw_nrf9160_1.3.6");
            assertThat(f.at("AT+CGMR")).isEqualTo("mfw_nrf9160_1.3.6\nOK");
        }
    }

    @Nested
    class FunctionalModeAndRegistration {
        @Test
        void cfunReadAndTest() {
            assertThat(f.at("AT+CFUN?")).isEqualTo("+CFUN: 0\nOK");
            assertThat(f.at("AT+CFUN=?")).isEqualTo("+CFUN: (0,1,4,20,21,30,31,40,41,44)\nOK");
            f.at("AT+CFUN=4");
            assertThat(f.at("AT+CFUN?")).isEqualTo("+CFUN: 4\nOK");
            f.at("AT+CFUN=21");
            assertThat(f.at("AT+CFUN?")).isEqualTo("+CFUN: 1\nOK");
        }

        @Test
        void cfunOneSearchesThenRegistersAfterTheNetworksDelay() {
            f.network.registrationDelay(Duration.ofSeconds(3));
            f.at("AT+CEREG=5");
            assertThat(f.at("AT+CFUN=1")).isEqualTo("OK");
            assertThat(f.takeNotifications()).containsExactly("+CEREG: 2");
            f.clock.advance(Duration.ofMillis(2999));
            assertThat(f.takeNotifications()).isEmpty();
            f.clock.advance(Duration.ofMillis(1));
            assertThat(f.takeNotifications()).containsExactly("+CEREG: 1,\"2F02\",\"00B7F901\",7,,,\"11100000\",\"11100000\"");
            assertThat(f.at("AT+CEREG?")).isEqualTo("+CEREG: 5,1,\"2F02\",\"00B7F901\",7,,,\"11100000\",\"11100000\"\nOK");
        }

        @Test
        void cfunFourAndZeroDetach() {
            f.attach();
            f.takeNotifications();
            f.at("AT+CFUN=4");
            assertThat(f.takeNotifications()).containsExactly("+CGEV: ME DETACH", "+CEREG: 0");
            assertThat(f.at("AT+CEREG?")).isEqualTo("+CEREG: 5,0\nOK");
        }

        @Test
        void ceregLevelsGiveTheirFormats() {
            f.attach();
            assertThat(f.at("AT+CEREG=0")).isEqualTo("OK");
            assertThat(f.at("AT+CEREG?")).isEqualTo("+CEREG: 0,1\nOK");
            f.at("AT+CEREG=1");
            assertThat(f.at("AT+CEREG?")).isEqualTo("+CEREG: 1,1\nOK");
            f.at("AT+CEREG=2");
            assertThat(f.at("AT+CEREG?")).isEqualTo("+CEREG: 2,1,\"2F02\",\"00B7F901\",7\nOK");
            f.at("AT+CEREG=3");
            assertThat(f.at("AT+CEREG?")).isEqualTo("+CEREG: 3,1,\"2F02\",\"00B7F901\",7\nOK");
            f.at("AT+CEREG=4");
            assertThat(f.at("AT+CEREG?")).isEqualTo("+CEREG: 4,1,\"2F02\",\"00B7F901\",7,,,\"11100000\",\"11100000\"\nOK");
            assertThat(f.at("AT+CEREG=6")).isEqualTo("ERROR");
            assertThat(f.at("AT+CEREG=?")).isEqualTo("+CEREG: (0-5)\nOK");
        }

        @Test
        void notificationLevelIsTheSubscribedOne() {
            f.at("AT+CEREG=1");
            f.at("AT+CFUN=1");
            f.clock.advance(Duration.ofSeconds(2));
            assertThat(f.takeNotifications()).containsExactly("+CEREG: 2", "+CEREG: 1");
        }

        @Test
        void roamingRegistersWithStatFive() {
            f.network.roaming(true);
            f.attach();
            assertThat(f.at("AT+CEREG?")).startsWith("+CEREG: 5,5,\"2F02\"");
        }

        @Test
        void deniedRegistrationReportsStatThreeWithTheCause() {
            f.network.denyRegistration(15);
            f.attach();
            assertThat(f.takeNotifications()).contains("+CEREG: 3,\"2F02\",\"00B7F901\",7,0,15");
            assertThat(f.at("AT+CEREG=1")).isEqualTo("OK");
            assertThat(f.at("AT+CEREG?")).isEqualTo("+CEREG: 1,3\nOK");
        }

        @Test
        void coverageLossAndReturn() {
            f.attach();
            f.takeNotifications();
            f.modem.loseCoverage();
            assertThat(f.takeNotifications()).containsExactly("+CEREG: 2");
            f.clock.advance(Duration.ofHours(1));
            assertThat(f.takeNotifications()).isEmpty();
            f.modem.restoreCoverage();
            f.clock.advance(Duration.ofSeconds(2));
            assertThat(f.takeNotifications()).containsExactly("+CEREG: 2", "+CEREG: 1,\"2F02\",\"00B7F901\",7,,,\"11100000\",\"11100000\"",
                    "+CGEV: ME PDN ACT 0");
        }

        @Test
        void copsReadAndTest() {
            assertThat(f.at("AT+COPS?")).isEqualTo("+COPS: 2\nOK");
            f.attach();
            assertThat(f.at("AT+COPS?")).isEqualTo("+COPS: 0,2,\"311480\",7\nOK");
            assertThat(f.at("AT+COPS=?")).isEqualTo("+COPS: (2,\"Verizon Wireless\",\"VZW\",\"311480\",7),,(0,1,3,4),(0,1,2)\nOK");
            assertThat(f.at("AT+COPS=0")).isEqualTo("OK");
        }

        @Test
        void xmonitorWhenRegisteredAndNot() {
            assertThat(f.at("AT%XMONITOR")).isEqualTo("%XMONITOR: 0\nOK");
            f.attach();
            assertThat(f.at("AT%XMONITOR")).isEqualTo("%XMONITOR: 1,\"Verizon Wireless\",\"VZW\",\"311480\",\"2F02\",7,13,"
                    + "\"00B7F901\",282,5230,37,25,\"\",\"11100000\",\"11100000\",\"01011110\"\nOK");
        }

        @Test
        void systemModeCanChangeOnlyWhileLteIsOff() {
            f.at("AT+CMEE=1");
            assertThat(f.at("AT%XSYSTEMMODE?")).isEqualTo("%XSYSTEMMODE: 1,0,1,0\nOK");
            assertThat(f.at("AT%XSYSTEMMODE=?")).isEqualTo("%XSYSTEMMODE: (0,1),(0,1),(0,1),(0-4)\nOK");
            f.at("AT+CFUN=1");
            assertThat(f.at("AT%XSYSTEMMODE=0,1,0,0")).isEqualTo("+CME ERROR: 518");
            f.at("AT+CFUN=4");
            assertThat(f.at("AT%XSYSTEMMODE=1,1,0,2")).isEqualTo("OK");
            assertThat(f.at("AT%XSYSTEMMODE?")).isEqualTo("%XSYSTEMMODE: 1,1,0,2\nOK");
            assertThat(f.at("AT%XSYSTEMMODE=1,1,0")).isEqualTo("ERROR");
        }
    }

    @Nested
    class Sim {
        @Test
        void simCommandsNeedThePoweredUicc() {
            f.at("AT+CMEE=1");
            assertThat(f.at("AT+CIMI")).isEqualTo("+CME ERROR: 10");
            f.at("AT+CFUN=4");
            assertThat(f.at("AT+CIMI")).isEqualTo("311480123456789\nOK");
            assertThat(f.at("AT%XICCID")).isEqualTo("%XICCID: 8914800000123456789F\nOK");
            assertThat(f.at("AT%XOPERID")).isEqualTo("%XOPERID: 1\nOK");
            assertThat(f.at("AT+CPIN?")).isEqualTo("+CPIN: READY\nOK");
        }

        @Test
        void crsmReadsEfIccidNibbleSwapped() {
            f.at("AT+CFUN=4");
            assertThat(f.at("AT+CRSM=176,12258,0,0,10")).isEqualTo("+CRSM: 144,0,\"984108000021436587F9\"\nOK");
            assertThat(f.at("AT+CRSM=176,28539,0,0,12")).isEqualTo("+CRSM: 106,130\nOK");
            assertThat(f.at("AT+CRSM=999,12258,0,0,10")).isEqualTo("+CRSM: 109,0\nOK");
            assertThat(f.at("AT+CRSM")).isEqualTo("ERROR");
        }

        @Test
        void cnumGivesTheMsisdnOrError() {
            f.at("AT+CFUN=4");
            assertThat(f.at("AT+CNUM")).isEqualTo("+CNUM: ,\"+15551234567\",145\nOK");
        }

        @Test
        void cnumWithoutMsisdnIsError() {
            f.close();
            f = new ModemFixture(SimProfiles.builder("verizon").msisdn(null).build(), SimProfiles.homeNetwork("verizon"));
            f.at("AT+CFUN=4");
            assertThat(f.at("AT+CNUM")).isEqualTo("ERROR");
        }

        @Test
        void msisdnAppearsAfterItsDelay() {
            f.close();
            f = new ModemFixture(SimProfiles.builder("verizon").msisdnAppearsAfter(Duration.ofMinutes(10)).build(),
                    SimProfiles.homeNetwork("verizon"));
            f.at("AT+CFUN=4");
            assertThat(f.at("AT+CNUM")).isEqualTo("ERROR");
            f.clock.advance(Duration.ofMinutes(10));
            assertThat(f.at("AT+CNUM")).isEqualTo("+CNUM: ,\"+15551234567\",145\nOK");
        }

        @Test
        void pinMustBeEnteredBeforeTheSimIsReady() {
            f.close();
            f = new ModemFixture(SimProfiles.builder("verizon").pin("1234").build(), SimProfiles.homeNetwork("verizon"));
            f.at("AT+CMEE=1");
            f.at("AT%XSIM=1");
            f.at("AT+CFUN=4");
            assertThat(f.at("AT+CPIN?")).isEqualTo("+CPIN: SIM PIN\nOK");
            assertThat(f.at("AT%XSIM?")).isEqualTo("%XSIM: 0\nOK");
            assertThat(f.at("AT+CIMI")).isEqualTo("+CME ERROR: 11");
            assertThat(f.at("AT+CPIN=\"0000\"")).isEqualTo("+CME ERROR: 16");
            assertThat(f.at("AT+CPIN=\"1234\"")).isEqualTo("OK");
            assertThat(f.at("AT+CPIN?")).isEqualTo("+CPIN: READY\nOK");
            assertThat(f.takeNotifications()).containsExactly("%XSIM: 0", "%XSIM: 1");
        }

        @Test
        void xsimNotifiesWhenTheUiccComesUp() {
            assertThat(f.at("AT%XSIM=1")).isEqualTo("OK");
            f.at("AT+CFUN=41");
            assertThat(f.at("AT%XSIM?")).isEqualTo("%XSIM: 1\nOK");
            f.at("AT+CFUN=0");
            assertThat(f.takeNotifications()).containsExactly("%XSIM: 1", "%XSIM: 0");
        }

        @Test
        void csimOpensALogicalChannelAndRefusesFileCommandsOnTheBasicOne() {
            f.at("AT+CFUN=4");
            assertThat(f.at("AT+CSIM=10,\"0070000001\"")).isEqualTo("+CSIM: 6,\"019000\"\nOK");
            assertThat(f.at("AT+CSIM=14,\"00A4000C022FE2\"")).isEqualTo("ERROR");
            assertThat(f.at("AT+CSIM=14,\"01A4000C022FE2\"")).isEqualTo("+CSIM: 4,\"9000\"\nOK");
            assertThat(f.at("AT+CSIM=10,\"01B000000A\"")).isEqualTo("+CSIM: 24,\"984108000021436587F99000\"\nOK");
            assertThat(f.at("AT+CSIM=8,\"01708001\"")).isEqualTo("+CSIM: 4,\"9000\"\nOK");
            assertThat(f.at("AT+CSIM=10,\"01B000000A\"")).isEqualTo("+CSIM: 4,\"6881\"\nOK");
            assertThat(f.at("AT+CSIM=9,\"0070000001\"")).isEqualTo("ERROR");
            assertThat(f.at("AT+CSIM=10,\"00700000ZZ\"")).isEqualTo("ERROR");
        }
    }

    @Nested
    class Pdn {
        @Test
        void newContextConfigureActivateAndAddresses() {
            f.attach();
            f.takeNotifications();
            assertThat(f.at("AT%XNEWCID?")).isEqualTo("%XNEWCID: 1\nOK");
            assertThat(f.at("AT+CGDCONT=1,\"IP\",\"iot.example\"")).isEqualTo("OK");
            assertThat(f.at("AT+CGDCONT?")).isEqualTo("+CGDCONT: 0,\"IPV4V6\",\"vzwinternet\",\"192.0.2.10\",0,0\n"
                    + "+CGDCONT: 1,\"IP\",\"iot.example\",\"\",0,0\nOK");
            assertThat(f.at("AT+CGACT=1,1")).isEqualTo("OK");
            assertThat(f.takeNotifications()).containsExactly("+CGEV: ME PDN ACT 1");
            assertThat(f.at("AT+CGACT?")).isEqualTo("+CGACT: 0,1\n+CGACT: 1,1\nOK");
            assertThat(f.at("AT%XGETPDNID=1")).isEqualTo("%XGETPDNID: 1\nOK");
            assertThat(f.at("AT+CGPADDR=1")).isEqualTo("+CGPADDR: 1,\"192.0.2.11\"\nOK");
            assertThat(f.at("AT+CGPADDR=0")).isEqualTo("+CGPADDR: 0,\"192.0.2.10\",\"2001:DB8:0:0:0:0:0:10\"\nOK");
            assertThat(f.at("AT+CGACT=0,1")).isEqualTo("OK");
            assertThat(f.takeNotifications()).containsExactly("+CGEV: ME PDN DEACT 1");
            assertThat(f.at("AT%XGETPDNID=1")).isEqualTo("ERROR");
        }

        @Test
        void rejectedApnGivesCnecEsmAndAnError() {
            f.network.rejectApn("blocked.example", 27);
            f.attach();
            f.takeNotifications();
            f.at("AT+CGDCONT=1,\"IPV4V6\",\"blocked.example\"");
            assertThat(f.at("AT+CGACT=1,1")).isEqualTo("+CME ERROR: 148");
            assertThat(f.takeNotifications()).containsExactly("+CNEC_ESM: 27,1");
            assertThat(f.at("AT+CGACT?")).endsWith("+CGACT: 1,0\nOK");
        }

        @Test
        void ipv4OnlyGrantIsReported() {
            f.network.ipv4Only(true);
            f.attach();
            f.takeNotifications();
            f.at("AT+CGDCONT=2,\"IPV4V6\",\"dual.example\"");
            f.at("AT+CGACT=1,2");
            assertThat(f.takeNotifications()).containsExactly("+CGEV: ME PDN ACT 2,0");
        }

        @Test
        void networkDetachAndReattach() {
            f.attach();
            assertThat(f.takeNotifications()).endsWith("+CGEV: ME PDN ACT 0");
            f.modem.networkDetach();
            assertThat(f.takeNotifications()).containsExactly("+CGEV: NW DETACH", "+CEREG: 2");
            f.clock.advance(Duration.ofSeconds(2));
            assertThat(f.takeNotifications()).containsExactly(
                    "+CEREG: 1,\"2F02\",\"00B7F901\",7,,,\"11100000\",\"11100000\"", "+CGEV: ME PDN ACT 0");
        }

        @Test
        void activationNeedsRegistrationAndAValidContext() {
            f.at("AT+CMEE=1");
            f.at("AT+CGDCONT=1,\"IP\",\"iot.example\"");
            assertThat(f.at("AT+CGACT=1,1")).isEqualTo("+CME ERROR: 30");
            assertThat(f.at("AT+CGACT=1,0")).isEqualTo("ERROR");
            assertThat(f.at("AT+CGACT=1,5")).isEqualTo("ERROR");
            assertThat(f.at("AT+CGDCONT=1,\"PPP\",\"x\"")).isEqualTo("ERROR");
            assertThat(f.at("AT+CGDCONT=12,\"IP\",\"x\"")).isEqualTo("ERROR");
            assertThat(f.at("AT+CGDCONT=?")).isEqualTo("+CGDCONT: (0-11),(\"IP\",\"IPV6\",\"IPV4V6\",\"Non-IP\")\nOK");
            assertThat(f.at("AT+CGACT=?")).isEqualTo("+CGACT: (0,1)\nOK");
        }

        @Test
        void eventReportingAndErrorReportingSettings() {
            assertThat(f.at("AT+CGEREP=1")).isEqualTo("OK");
            assertThat(f.at("AT+CGEREP?")).isEqualTo("+CGEREP: 1,0\nOK");
            assertThat(f.at("AT+CGEREP=?")).isEqualTo("+CGEREP: (0,1),(0)\nOK");
            assertThat(f.at("AT+CNEC=24")).isEqualTo("OK");
            assertThat(f.at("AT+CNEC?")).isEqualTo("+CNEC: 24\nOK");
            assertThat(f.at("AT+CNEC=3")).isEqualTo("ERROR");
            assertThat(f.at("AT+CNEC=?")).isEqualTo("+CNEC: (0,8,16,24)\nOK");
        }

        @Test
        void apnStatusListsDisabledApns() {
            assertThat(f.at("AT%XAPNSTATUS?")).isEqualTo("OK");
            f.at("AT%XAPNSTATUS=0,\"APN_1\"");
            f.at("AT%XAPNSTATUS=0,\"APN_2\"");
            assertThat(f.at("AT%XAPNSTATUS?")).isEqualTo("%XAPNSTATUS: \"APN_1\",\"APN_2\"\nOK");
            f.at("AT%XAPNSTATUS=1,\"APN_1\"");
            assertThat(f.at("AT%XAPNSTATUS?")).isEqualTo("%XAPNSTATUS: \"APN_2\"\nOK");
        }
    }

    @Nested
    class Credentials {
        @Test
        void writeWhileActivatedIsCme518() {
            f.attach();
            assertThat(f.at("AT%CMNG=0,25,3,\"000102030405060708090a0b0c0d0e0f\"")).isEqualTo("+CME ERROR: 518");
            assertThat(f.at("AT%CMNG=3,25,3")).isEqualTo("+CME ERROR: 518");
        }

        @Test
        void writeListReadAndDeleteWhileOffline() {
            f.at("AT+CMEE=1");
            f.at("AT+CFUN=4");
            assertThat(f.at("AT%CMNG=0,25,3,\"000102030405060708090a0b0c0d0e0f\"")).isEqualTo("OK");
            assertThat(f.at("AT%CMNG=0,25,4,\"urn:imei:352656100367872\"")).isEqualTo("OK");
            assertThat(f.at("AT%CMNG=1,25")).isEqualTo(
                    "%CMNG: 25,3,\"" + sha256("000102030405060708090a0b0c0d0e0f") + "\"\n"
                            + "%CMNG: 25,4,\"" + sha256("urn:imei:352656100367872") + "\"\nOK");
            assertThat(f.at("AT%CMNG=2,25,3")).as("keys cannot be read back").isEqualTo("+CME ERROR: 514");
            assertThat(f.at("AT%CMNG=2,25,4")).isEqualTo("%CMNG: 25,4,\"" + sha256("urn:imei:352656100367872")
                    + "\",\"urn:imei:352656100367872\"\nOK");
            assertThat(f.modem.credential(25, 3)).contains("000102030405060708090a0b0c0d0e0f");
            assertThat(f.at("AT%CMNG=3,25,3")).isEqualTo("OK");
            assertThat(f.at("AT%CMNG=3,25,3")).isEqualTo("+CME ERROR: 513");
            assertThat(f.at("AT%CMNG=2,26,4")).isEqualTo("+CME ERROR: 513");
        }

        @Test
        void malformedCredentialsAreError() {
            f.at("AT+CFUN=4");
            assertThat(f.at("AT%CMNG=0,25,3,\"not-hex\"")).isEqualTo("ERROR");
            assertThat(f.at("AT%CMNG=0,25,3,\"abc\"")).isEqualTo("ERROR");
            assertThat(f.at("AT%CMNG=0,25,9,\"00\"")).isEqualTo("ERROR");
            assertThat(f.at("AT%CMNG=0,25,3,0102")).isEqualTo("ERROR");
            assertThat(f.at("AT%CMNG=7")).isEqualTo("ERROR");
        }

        private String sha256(String text) {
            try {
                return java.util.HexFormat.of().withUpperCase().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Nested
    class SignalStatisticsAndTime {
        @Test
        void cesqBeforeAndAfterRegistration() {
            assertThat(f.at("AT+CESQ")).isEqualTo("+CESQ: 99,99,255,255,255,255\nOK");
            f.attach();
            assertThat(f.at("AT+CESQ")).isEqualTo("+CESQ: 99,99,255,255,25,37\nOK");
            assertThat(f.at("AT+CESQ=?")).isEqualTo("+CESQ: (99),(99),(255),(255),(0-34,255),(0-97,255)\nOK");
        }

        @Test
        void percentCesqNotifiesSignalChanges() {
            assertThat(f.at("AT%CESQ=1")).isEqualTo("OK");
            f.attach();
            f.takeNotifications();
            f.network.signal(60, 30, 40);
            f.modem.signalChanged();
            assertThat(f.takeNotifications()).containsExactly("%CESQ: 60,3,30,4");
        }

        @Test
        void snrQuality() {
            assertThat(f.at("AT%XSNRSQ?")).isEqualTo("%XSNRSQ: 127,255,255\nOK");
            f.attach();
            assertThat(f.at("AT%XSNRSQ?")).isEqualTo("%XSNRSQ: 25,20,0\nOK");
        }

        @Test
        void connectionStatistics() {
            assertThat(f.at("AT%XCONNSTAT=1")).isEqualTo("OK");
            f.modem.countTraffic(3000, 0);
            f.modem.countTraffic(100, 5000);
            assertThat(f.at("AT%XCONNSTAT?")).isEqualTo("%XCONNSTAT: 0,0,3,4,5000,2700\nOK");
            assertThat(f.at("AT%XCONNSTAT=0")).isEqualTo("OK");
        }

        @Test
        void clockIsKnownOnlyAfterRegistration() {
            assertThat(f.at("AT%CCLK?")).isEqualTo("ERROR");
            f.network.time(java.time.Instant.parse("2026-01-15T08:00:00Z"), 4);
            f.attach();
            assertThat(f.at("AT%CCLK?")).isEqualTo("%CCLK: \"26/01/15,09:00:02+04\",0\nOK");
            assertThat(f.at("AT+CCLK?")).isEqualTo("+CCLK: \"26/01/15,09:00:02+04\"\nOK");
        }

        @Test
        void subscriptionsTheLibraryReliesOnAreAccepted() {
            assertThat(f.at("AT+CNMI=3,2,0,1")).isEqualTo("OK");
            assertThat(f.at("AT+ODISNTF=1")).isEqualTo("OK");
            assertThat(f.at("AT%XTIME=1")).isEqualTo("OK");
            assertThat(f.at("AT%MDMEV=1")).isEqualTo("OK");
        }
    }

    @Test
    void notificationsReachSubscribersInOrderOnTheNotificationThread() {
        List<String> all = Collections.synchronizedList(new ArrayList<>());
        List<String> cereg = Collections.synchronizedList(new ArrayList<>());
        f.modem.subscribe("", all::add);
        f.modem.subscribe("+CEREG", cereg::add);
        f.attach();
        f.clock.runUntilIdle();
        assertThat(all).containsExactly("+CEREG: 2", "+CEREG: 1,\"2F02\",\"00B7F901\",7,,,\"11100000\",\"11100000\"", "+CGEV: ME PDN ACT 0");
        assertThat(cereg).containsExactly("+CEREG: 2", "+CEREG: 1,\"2F02\",\"00B7F901\",7,,,\"11100000\",\"11100000\"");
    }
}
