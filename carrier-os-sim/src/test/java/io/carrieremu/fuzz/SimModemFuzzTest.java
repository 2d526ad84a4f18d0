package io.carrieremu.fuzz;

import static io.carrieremu.fuzz.Gen.weight;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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

    private static Gen<String> param() {
        Gen<String> apdu = Gen.of("0070000001", "01A404040CA000000063504B43532D313500", "01A40804047FFF503100",
                "01A40804047FFF643200", "01B0000000", "01B07FFF10", "01708001", "00F20000", "0020000108313233344FFFFFFFF", "C1B0000000",
                "01A40804", "0000", "01A408040E7FFF643264326432643264326400");
        Gen<String> quotedApdu = apdu.map(a -> a.length() + ",\"" + a + "\"");
        Gen<String> meaningful = Gen.of("0", "1", "2", "3", "4", "5", "16", "25", "176", "178", "242", "12258", "28539", "-1", "-256", "256", "65536", "2147483647", "-2147483648");
        return Gen.frequency(weight(4, meaningful), weight(4, Hostile.number()), weight(2, Hostile.atText(80).map(t -> "\"" + t + "\"")),
                weight(2, Hostile.atText(40)), weight(1, quotedApdu), weight(1, Gen.of("", "\"\"", "\"1234\"", "3", "25",
                        "\"" + HexFormat.of().formatHex(new byte[64]) + "\"", "\"" + "a".repeat(64) + "\"")));
    }

    static Gen<String> lines() {
        Gen<String> at = Gen.of("AT", "at", " AT", "AT ");
        Gen<String> name = Gen.of(COMMANDS);
        Gen<String> form = Gen.of("", "?", "=?", "=", "=", "=");
        Gen<List<String>> params = param().list(8);
        Gen<String> command = random -> {
            String a = at.next(random);
            String n = name.next(random);
            String f = form.next(random);
            List<String> p = params.next(random);
            return a + n + f + (f.equals("=") ? String.join(",", p) : "");
        };
        Gen<String> head = Gen.of("AT+CSIM=", "AT%CMNG=0,25,0,\"", "AT+CFUN=", "AT%XAPNSTATUS=0,\"");
        Gen<Integer> hugeLength = Gen.ints(4000, 50_000);
        Gen<Character> filler = Gen.of('1', ',', '"', 'A');
        Gen<String> huge = random -> {
            String h = head.next(random);
            int n = hugeLength.next(random);
            return h + String.valueOf(filler.next(random)).repeat(n);
        };
        Gen<String> template = Gen.of(TEMPLATES);
        Gen<Integer> index = Gen.ints(0, 7);
        Gen<String> param = param();
        Gen<String> mutated = random -> {
            String t = template.next(random);
            int i = index.next(random);
            return replaceParameter(t, i, param.next(random));
        };
        return Gen.frequency(weight(10, command), weight(8, mutated), weight(2, Hostile.atText(300)), weight(1, huge),
                weight(1, Gen.of("AT", "AT+CFUN=1", "AT+CFUN=4", "AT+CFUN=0", "AT+CPIN=\"1234\"", "AT+CMEE=1", "AT+CEREG=5",
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

    @Test
    void everyLineGetsAnAnswerAndNoneThrows() {
        FuzzRun.forAll(NAME, lines(), line -> {
            AtResponse response = FuzzGuard.run(NAME, 64L * line.length() + 262_144, List.of(), () -> MODEM.execute(line));
            assertThat(response).isNotNull();
            if (line.length() > SimModem.MAX_LINE_BYTES) {
                assertThat(response.status()).isEqualTo(AtResponse.Status.ERROR);
            }
            CLOCK.advance(Duration.ofMillis(500));
        });
    }

    @AfterAll
    static void closeModem() {
        MODEM.close();
    }
}
