package io.carrieremu.fuzz;

import static io.carrieremu.fuzz.Gen.weight;

/** Generators of hostile text shared by the fuzzers. */
final class Hostile {

    /** The characters that matter to AT syntax, and some that should not be there. */
    static final String AT_CHARS = "\",,, 0123456789AaFfTt+%:=?-;\\\r\n\t\u0000\u00e9\u20ac";

    private Hostile() {
    }

    /** Text made mostly of AT syntax characters, up to {@code max} long; sometimes any Unicode. */
    static Gen<String> atText(int max) {
        return Gen.frequency(
                weight(6, Gen.strings(AT_CHARS, 64)),
                weight(2, Gen.strings(AT_CHARS, max)),
                weight(1, Gen.anyStrings(64)),
                weight(1, Gen.of("", " ", "\"", ",", "\"\"", ",,", "\",\"", "1,\"a\"x", "\"unterminated")));
    }

    /** A number as text: small, negative, at the int and long limits, or hundreds of digits. */
    static Gen<String> number() {
        return Gen.oneOf(Gen.ints(-3, 300).map(String::valueOf),
                Gen.of("2147483647", "2147483648", "-2147483649", "9223372036854775807", "18446744073709551617",
                        "4294967297", "0x10", "1e3", "-0", "00001", "+1", " 1"),
                Gen.ints(1, 1200).map(n -> "9".repeat(n)),
                Gen.longs().map(String::valueOf));
    }

    /** Digits, sometimes far too many, sometimes with a stray character. */
    static Gen<String> digits() {
        return Gen.oneOf(Gen.numeric(0, 24),
                Gen.ints(25, 80_000).map(n -> "8".repeat(n)),
                Gen.strings("0123456789Ff+ \"x", 24));
    }
}
