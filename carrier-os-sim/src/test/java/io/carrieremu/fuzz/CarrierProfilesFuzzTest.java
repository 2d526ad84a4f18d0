package io.carrieremu.fuzz;

import static io.carrieremu.fuzz.Gen.weight;
import static org.assertj.core.api.Assertions.assertThat;

import io.carrieremu.core.carrier.CarrierProfileException;
import io.carrieremu.core.carrier.CarrierProfiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

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

    static Gen<String> files() {
        Gen<String> hostile = Gen.oneOf(Hostile.number(), Hostile.atText(100),
                Gen.of("null", "true", "\"\"", "{}", "[]", "\"coaps://bad host:5684\"", "\"coaps:///no-host\"", "-1", "1.5", "1e400",
                        "\"\\u0000\"", "\"\\ud800\""));
        Gen<Integer> kind = Gen.ints(0, 4);
        Gen<Double> at = Gen.doubles(0, 1);
        Gen<Integer> length = Gen.ints(0, 400);
        Gen<Damage> damage = random -> {
            int k = kind.next(random);
            double where = at.next(random);
            int n = length.next(random);
            return new Damage(k, where, n, hostile.next(random));
        };
        Gen<String> damaged = damage.list(1, 3).map(list -> {
            String json = BUILT_IN;
            for (Damage d : list) {
                json = d.applyTo(json);
            }
            return json;
        });
        Gen<String> noise = Gen.strings("{}[]\":,0123456789.-+eEtrufalsn \\u", 2000);
        return Gen.frequency(weight(9, damaged), weight(1, noise));
    }

    @Test
    void anyTextIsProfilesOrATypedErrorNamingTheSource() {
        FuzzRun.forAll(NAME, files(), json -> FuzzGuard.run(NAME, 256L * json.length() + (4 << 20), List.of(CarrierProfileException.class), () -> {
            try {
                return CarrierProfiles.parse("user.json", json);
            } catch (CarrierProfileException e) {
                assertThat(e.getMessage()).startsWith("user.json: ");
                throw e;
            }
        }));
    }
}
