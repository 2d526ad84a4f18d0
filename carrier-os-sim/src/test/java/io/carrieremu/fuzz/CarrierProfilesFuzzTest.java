package io.carrieremu.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.carrier.CarrierProfileException;
import io.carrieremu.core.carrier.CarrierProfiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * The carrier-profile loader on the built-in profiles damaged one to three times — a number replaced by
 * a hostile one (1 200 digits, beyond 64 bits, negative), a string by a hostile one, nesting thousands
 * deep, ranges deleted, duplicated or replaced by random text — and on JSON-ish noise: profiles or
 * {@link CarrierProfileException} naming the source; at most {@code 256 × size + 4 MiB} bytes allocated.
 */
class CarrierProfilesFuzzTest {

    private static final String NAME = "CarrierProfiles.parse";
    private static final String BUILT_IN = builtIn();

    private static String builtIn() {
        try (InputStream in = CarrierProfiles.class.getResourceAsStream(CarrierProfiles.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One damage: kind, where (a fraction of the text), how long, what to put there. */
    record Damage(int kind, double at, int length, String text) {
        String applyTo(String json) {
            int from = (int) (at * json.length());
            int to = Math.min(json.length(), from + length);
            return switch (kind) {
                case 0 -> replaceNumber(json, from);
                case 1 -> json.substring(0, from) + json.substring(to);
                case 2 -> json.substring(0, to) + json.substring(from, to) + json.substring(to);
                case 3 -> json.substring(0, from) + "[".repeat(length * 10) + json.substring(from);
                default -> json.substring(0, from) + text + json.substring(to);
            };
        }

        private String replaceNumber(String json, int from) {
            int start = from;
            while (start < json.length() && !Character.isDigit(json.charAt(start))) {
                start++;
            }
            if (start == json.length()) {
                return json;
            }
            int end = start;
            while (end < json.length() && Character.isDigit(json.charAt(end))) {
                end++;
            }
            return json.substring(0, start) + text + json.substring(end);
        }
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<String> hostile = Arbitraries.oneOf(Hostile.number(), Hostile.atText(100),
                Arbitraries.of("null", "true", "\"\"", "{}", "[]", "\"coaps://bad host:5684\"", "\"coaps:///no-host\"", "-1", "1.5", "1e400",
                        "\"\\u0000\"", "\"\\ud800\""));
        Arbitrary<Damage> damage = Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 400), hostile).as(Damage::new);
        Arbitrary<String> damaged = damage.list().ofMinSize(1).ofMaxSize(3).map(list -> {
            String json = BUILT_IN;
            for (Damage d : list) {
                json = d.applyTo(json);
            }
            return json;
        });
        Arbitrary<String> noise = Arbitraries.strings().withChars("{}[]\":,0123456789.-+eEtrufalsn \\u").ofMaxLength(2000);
        return Arbitraries.frequencyOf(Tuple.of(9, damaged), Tuple.of(1, noise));
    }

    @Property(seed = "15")
    void anyTextIsProfilesOrATypedErrorNamingTheSource(@ForAll("files") String json) {
        FuzzGuard.run(NAME, 256L * json.length() + (4 << 20), List.of(CarrierProfileException.class), () -> {
            try {
                return CarrierProfiles.parse("user.json", json);
            } catch (CarrierProfileException e) {
                assertThat(e.getMessage()).startsWith("user.json: ");
                throw e;
            }
        });
    }

    @AfterContainer
    static void report() {
        FuzzGuard.report(NAME);
    }
}
