package io.carrieremu.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.os.AtResponse;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.modem.SimModem;
import io.carrieremu.os.sim.sim.SimProfiles;
import io.carrieremu.os.sim.sim.SmartcardBootstrap;
import io.carrieremu.os.sim.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The simulated modem's AT interpreter on generated lines — every command it knows and unknown ones,
 * in all four forms, with hostile parameters (numbers at and beyond the int range, hundreds of digits,
 * quoted and bare text, APDUs), raw noise and lines up to 50 000 characters — against one modem whose
 * state the lines change as they come (CFUN, PIN, contexts, credentials): an answer for every line,
 * never an exception, and at most {@code 64 × line + 256 KiB} bytes allocated per line (a line over the
 * modem's 4096-byte limit is refused before it is parsed).
 */
class SimModemFuzzTest {

    private static final String NAME = "SimModem.execute";
    private static final List<String> COMMANDS = List.of("+CMEE", "+CGSN", "+CGMI", "+CGMM", "+CGMR", "%HWVERSION", "+CFUN", "+CIMI",
            "%XICCID", "+CRSM", "+CSIM", "+CNUM", "+CPIN", "%XSIM", "%XOPERID", "+COPS", "+CEREG", "%XMONITOR", "+CGDCONT", "+CGACT",
            "%XNEWCID", "%XGETPDNID", "+CGPADDR", "%XAPNSTATUS", "+CNEC", "+CGEREP", "%XSYSTEMMODE", "%CMNG", "+CESQ", "%CESQ",
            "%XSNRSQ", "%XCONNSTAT", "%CCLK", "+CCLK", "+CNMI", "+ODISNTF", "%XTIME", "%MDMEV", "+FOO", "%");

    private static final VirtualClock CLOCK = new VirtualClock();
    private static final SimModem MODEM = new SimModem(CLOCK, new Transcript(CLOCK::nowMillis, 1_000), SimProfiles.homeNetwork("verizon"),
            SimModem.Identity.nrf9160("352656100367872"), SimProfiles.builder("verizon")
                    .files(SmartcardBootstrap.files(SimProfiles.verizon().iccid(), List.of(SmartcardBootstrap.Instance.security(0,
                            "coaps://bs.example.invalid:5684", true, "ep".getBytes(StandardCharsets.UTF_8), new byte[16], 0, 0)),
                            SmartcardBootstrap.OidEncoding.DER)).build());

    private static Arbitrary<String> param() {
        Arbitrary<String> apdu = Arbitraries.of("0070000001", "01A404040CA000000063504B43532D313500", "01A40804047FFF503100",
                "01A40804047FFF643200", "01B0000000", "01B07FFF10", "01708001", "00F20000", "0020000108313233344FFFFFFFF", "C1B0000000",
                "01A40804", "0000", "01A408040E7FFF643264326432643264326400");
        Arbitrary<String> quotedApdu = apdu.map(a -> a.length() + ",\"" + a + "\"");
        Arbitrary<String> meaningful = Arbitraries.of("0", "1", "2", "3", "4", "5", "16", "25", "176", "178", "242", "12258", "28539", "-1", "-256", "256", "65536", "2147483647", "-2147483648");
        return Arbitraries.frequencyOf(Tuple.of(4, meaningful), Tuple.of(4, Hostile.number()), Tuple.of(2, Hostile.atText(80).map(t -> "\"" + t + "\"")),
                Tuple.of(2, Hostile.atText(40)), Tuple.of(1, quotedApdu), Tuple.of(1, Arbitraries.of("", "\"\"", "\"1234\"", "3", "25",
                        "\"" + HexFormat.of().formatHex(new byte[64]) + "\"", "\"" + "a".repeat(64) + "\"")));
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> command = Combinators.combine(Arbitraries.of("AT", "at", " AT", "AT "), Arbitraries.of(COMMANDS),
                Arbitraries.of("", "?", "=?", "=", "=", "="), param().list().ofMaxSize(8))
                .as((at, name, form, params) -> at + name + form + (form.equals("=") ? String.join(",", params) : ""));
        Arbitrary<String> huge = Combinators.combine(Arbitraries.of("AT+CSIM=", "AT%CMNG=0,25,0,\"", "AT+CFUN=", "AT%XAPNSTATUS=0,\""),
                Arbitraries.integers().between(4000, 50_000), Arbitraries.of('1', ',', '"', 'A')).as((head, n, c) -> head + String.valueOf(c).repeat(n));
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(TEMPLATES), Arbitraries.integers().between(0, 7), param())
                .as(SimModemFuzzTest::replaceParameter);
        return Arbitraries.frequencyOf(Tuple.of(10, command), Tuple.of(8, mutated), Tuple.of(2, Hostile.atText(300)), Tuple.of(1, huge),
                Tuple.of(1, Arbitraries.of("AT", "AT+CFUN=1", "AT+CFUN=4", "AT+CFUN=0", "AT+CPIN=\"1234\"", "AT+CMEE=1", "AT+CEREG=5",
                        "AT+CGEREP=1", "AT%XSIM=1", "AT%CESQ=1", "AT%XCONNSTAT=1")));
    }

    /** The commands the library sends, whose parameters the fuzzer replaces one at a time. */
    private static final List<String> TEMPLATES = List.of("AT+CRSM=176,12258,0,0,10", "AT+CRSM=242", "AT+CSIM=10,\"0070000001\"",
            "AT%CMNG=0,25,3,\"0102\"", "AT%CMNG=1,25", "AT%CMNG=2,25,4", "AT%CMNG=3,25,3", "AT+CGDCONT=1,\"IPV4V6\",\"apn\"",
            "AT+CGACT=1,1", "AT%XSYSTEMMODE=1,0,1,0", "AT%XAPNSTATUS=0,\"apn\"", "AT+CEREG=5", "AT+CFUN=1", "AT+CPIN=\"1234\"",
            "AT%XCONNSTAT=1", "AT%XGETPDNID=0", "AT+CGPADDR=0", "AT+COPS=0", "AT%CESQ=1", "AT+CGSN=1", "AT+CNEC=16", "AT+CGEREP=1,0",
            "AT%XSIM=1", "AT+CMEE=1", "AT+CNMI=3,2,0,1");

    private static String replaceParameter(String template, int index, String value) {
        int equals = template.indexOf('=');
        List<String> params = new java.util.ArrayList<>(List.of(template.substring(equals + 1).split(",", -1)));
        params.set(index % params.size(), value);
        return template.substring(0, equals + 1) + String.join(",", params);
    }

    @Property(seed = "15")
    void everyLineGetsAnAnswerAndNoneThrows(@ForAll("lines") String line) {
        AtResponse response = FuzzGuard.run(NAME, 64L * line.length() + 262_144, List.of(), () -> MODEM.execute(line));
        assertThat(response).isNotNull();
        if (line.length() > SimModem.MAX_LINE_BYTES) {
            assertThat(response.status()).isEqualTo(AtResponse.Status.ERROR);
        }
        CLOCK.advance(Duration.ofMillis(500));
    }

    @AfterContainer
    static void report() {
        FuzzGuard.report(NAME);
        MODEM.close();
    }
}
