package io.carrieremu.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.carrier.Subscriber;
import io.carrieremu.core.carrier.SubscriberReader;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

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
    private static Arbitrary<AtResponse> answer(int command) {
        String prefix = PREFIXES.get(command);
        Arbitrary<String> value = Arbitraries.oneOf(
                Hostile.digits(),
                Hostile.digits().map(d -> "\"" + d + "\""),
                Hostile.digits().map(d -> ",\"+" + d + "\",145"),
                Hostile.digits().map(d -> ",\"" + d),
                Hostile.number(),
                Hostile.atText(200),
                Arbitraries.of("352656100367872", "\"352656100367872\"", "311480123456789", "8914800000123456789F",
                        ",\"+15551234567\",145", "1"));
        Arbitrary<String> line = Arbitraries.oneOf(value.map(v -> prefix + v), Hostile.atText(100), Arbitraries.of(prefix, "OK"));
        Arbitrary<AtResponse> ok = line.list().ofMaxSize(3).map(AtResponse::ok);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.just(AtResponse.ok(List.of(GOOD.get(command))))),
                net.jqwik.api.Tuple.of(8, ok),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(AtResponse.error())),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 1000).map(AtResponse::cmeError)));
    }

    @Provide
    Arbitrary<Map<String, AtResponse>> modems() {
        return Combinators.combine(answer(0), answer(1), answer(2), answer(3), answer(4))
                .as((a, b, c, d, e) -> Map.of(COMMANDS.get(0), a, COMMANDS.get(1), b, COMMANDS.get(2), c, COMMANDS.get(3), d,
                        COMMANDS.get(4), e));
    }

    @Property(seed = "15")
    void anyAnswersGiveAWellFormedSubscriberOrATypedError(@ForAll("modems") Map<String, AtResponse> answers) {
        long size = answers.values().stream().flatMap(r -> r.lines().stream()).mapToLong(String::length).sum();
        ScriptedAtChannel modem = new ScriptedAtChannel(answers::get, COMMANDS.size());
        Subscriber subscriber = FuzzGuard.run(NAME, 16 * size + 262_144, List.of(OsException.class),
                () -> new SubscriberReader(modem).read());
        if (subscriber != null) {
            assertThat(Subscriber.isIccid(subscriber.iccid())).isTrue();
            subscriber.msisdn().ifPresent(m -> assertThat(Subscriber.isMsisdn(m)).isTrue());
            assertThat(subscriber.operatorId()).isBetween(0, 255);
        }
    }

    @AfterContainer
    static void report() {
        FuzzGuard.report(NAME);
    }
}
