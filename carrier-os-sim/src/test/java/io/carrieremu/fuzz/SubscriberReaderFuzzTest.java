package io.carrieremu.fuzz;

import static io.carrieremu.fuzz.Gen.weight;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.carrier.Subscriber;
import io.carrieremu.core.carrier.SubscriberReader;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The subscriber reader over a modem giving generated answers to its five commands: a well-formed
 * {@link Subscriber} or {@link OsException}, nothing else; at most 5 commands; at most
 * {@code 16 × answer size + 256 KiB} bytes allocated.
 */
class SubscriberReaderFuzzTest {

    private static final String NAME = "SubscriberReader.read";
    private static final List<String> COMMANDS = List.of("AT+CGSN=1", "AT+CIMI", "AT%XICCID", "AT+CNUM", "AT%XOPERID");
    private static final List<String> PREFIXES = List.of("+CGSN: ", "", "%XICCID: ", "+CNUM: ", "%XOPERID: ");
    private static final List<String> GOOD = List.of("+CGSN: \"352656100367872\"", "311480123456789", "%XICCID: 8914800000123456789F",
            "+CNUM: ,\"+15551234567\",145", "%XOPERID: 1");

    /** One answer: mostly the command's own prefix and a hostile value, sometimes anything. */
    private static Gen<AtResponse> answer(int command) {
        String prefix = PREFIXES.get(command);
        Gen<String> value = Gen.oneOf(
                Hostile.digits(),
                Hostile.digits().map(d -> "\"" + d + "\""),
                Hostile.digits().map(d -> ",\"+" + d + "\",145"),
                Hostile.digits().map(d -> ",\"" + d),
                Hostile.number(),
                Hostile.atText(200),
                Gen.of("352656100367872", "\"352656100367872\"", "311480123456789", "8914800000123456789F",
                        ",\"+15551234567\",145", "1"));
        Gen<String> line = Gen.oneOf(value.map(v -> prefix + v), Hostile.atText(100), Gen.of(prefix, "OK"));
        Gen<AtResponse> ok = line.list(3).map(AtResponse::ok);
        return Gen.frequency(
                weight(12, Gen.just(AtResponse.ok(List.of(GOOD.get(command))))),
                weight(8, ok),
                weight(1, Gen.just(AtResponse.error())),
                weight(1, Gen.ints(0, 1000).map(AtResponse::cmeError)));
    }

    static Gen<Map<String, AtResponse>> modems() {
        List<Gen<AtResponse>> answers = List.of(answer(0), answer(1), answer(2), answer(3), answer(4));
        return random -> Map.of(COMMANDS.get(0), answers.get(0).next(random), COMMANDS.get(1), answers.get(1).next(random),
                COMMANDS.get(2), answers.get(2).next(random), COMMANDS.get(3), answers.get(3).next(random),
                COMMANDS.get(4), answers.get(4).next(random));
    }

    @Test
    void anyAnswersGiveAWellFormedSubscriberOrATypedError() {
        FuzzRun.forAll(NAME, modems(), answers -> {
            long size = answers.values().stream().flatMap(r -> r.lines().stream()).mapToLong(String::length).sum();
            ScriptedAtChannel modem = new ScriptedAtChannel(answers::get, COMMANDS.size());
            Subscriber subscriber = FuzzGuard.run(NAME, 16 * size + 262_144, List.of(OsException.class),
                    () -> new SubscriberReader(modem).read());
            if (subscriber != null) {
                assertThat(Subscriber.isIccid(subscriber.iccid())).isTrue();
                subscriber.msisdn().ifPresent(m -> assertThat(Subscriber.isMsisdn(m)).isTrue());
                assertThat(subscriber.operatorId()).isBetween(0, 255);
            }
        });
    }
}
