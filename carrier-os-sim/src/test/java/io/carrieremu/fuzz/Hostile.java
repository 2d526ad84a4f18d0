package io.carrieremu.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Generators of hostile text shared by the fuzzers. */
final class Hostile {

    /** The characters that matter to AT syntax, and some that should not be there. */
    static final String AT_CHARS = "\",,, 0123456789AaFfTt+%:=?-;\\\r\n\t\u0000\u00e9\u20ac";

    private Hostile() {
    }

    /** Text made mostly of AT syntax characters, up to {@code max} long; sometimes any Unicode. */
    static Arbitrary<String> atText(int max) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.strings().withChars(AT_CHARS).ofMaxLength(64)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().withChars(AT_CHARS).ofMaxLength(max)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(64)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", " ", "\"", ",", "\"\"", ",,", "\",\"", "1,\"a\"x", "\"unterminated")));
    }

    /** A number as text: small, negative, at the int and long limits, or hundreds of digits. */
    static Arbitrary<String> number() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-3, 300).map(String::valueOf),
                Arbitraries.of("2147483647", "2147483648", "-2147483649", "9223372036854775807", "18446744073709551617",
                        "4294967297", "0x10", "1e3", "-0", "00001", "+1", " 1"),
                Arbitraries.integers().between(1, 1200).map(n -> "9".repeat(n)),
                Arbitraries.longs().map(String::valueOf));
    }

    /** Digits, sometimes far too many, sometimes with a stray character. */
    static Arbitrary<String> digits() {
        return Arbitraries.oneOf(Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(24),
                Arbitraries.integers().between(25, 80_000).map(n -> "8".repeat(n)),
                Arbitraries.strings().withChars("0123456789Ff+ \"x").ofMaxLength(24));
    }
}
