package io.carrieremu.core.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile loader's bounds: numbers too long or too large, nesting too deep and files too big are
 * typed {@link CarrierProfileException}s that name the file and the position, and a good file loads
 * after a bad one.
 */
class CarrierProfileBoundsTest {

    private static String builtInText() throws IOException {
        try (InputStream in = CarrierProfiles.class.getResourceAsStream(CarrierProfiles.RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String withLifetime(String lifetime) throws IOException {
        String text = builtInText();
        int at = text.indexOf("\"lifetimeSeconds\"");
        int colon = text.indexOf(':', at);
        int end = colon + 1;
        while (Character.isWhitespace(text.charAt(end)) || Character.isDigit(text.charAt(end))) {
            end++;
        }
        return text.substring(0, colon + 1) + " " + lifetime + text.substring(end);
    }

    @Test
    void aNumberOf1001DigitsIsATypedErrorNamingFileLineAndColumn() throws Exception {
        assertThatThrownBy(() -> CarrierProfiles.parse("user.json", withLifetime("9".repeat(1001))))
                .isInstanceOf(CarrierProfileException.class)
                .hasMessageStartingWith("user.json: is not JSON: line ")
                .hasMessageContaining("column ")
                .hasMessageContaining("Number length (1001) exceeds the maximum length (32)");
    }

    @Test
    void nestingOf1001BracketsIsATypedErrorNamingFileLineAndColumn() {
        assertThatThrownBy(() -> CarrierProfiles.parse("user.json", "{\"profiles\": " + "[".repeat(1001)))
                .isInstanceOf(CarrierProfileException.class)
                .hasMessageStartingWith("user.json: is not JSON: line 1, column ")
                .hasMessageContaining("nesting depth");
    }

    @Test
    void aLifetimeBeyond64BitsIsOutOfRangeNotOne() throws Exception {
        assertThatThrownBy(() -> CarrierProfiles.parse("user.json", withLifetime("18446744073709551617")))
                .isInstanceOf(CarrierProfileException.class)
                .hasMessage("user.json: profiles[0].lifetimeSeconds: is outside 1..2147483647")
                .satisfies(e -> assertThat(((CarrierProfileException) e).field()).isEqualTo("profiles[0].lifetimeSeconds"));
        assertThatThrownBy(() -> CarrierProfiles.parse("user.json", withLifetime("4294967297")))
                .hasMessage("user.json: profiles[0].lifetimeSeconds: 4294967297 is outside 1..2147483647");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedWhileReading(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("huge.json");
        Files.write(huge, new byte[CarrierProfiles.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> CarrierProfiles.load(huge))
                .isInstanceOf(CarrierProfileException.class)
                .hasMessageEndingWith("is larger than " + CarrierProfiles.MAX_FILE_BYTES + " bytes");
    }

    @Test
    void aGoodFileLoadsAfterABadOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("profiles.json");
        Files.writeString(file, withLifetime("18446744073709551617"));
        assertThatThrownBy(() -> CarrierProfiles.load(file)).isInstanceOf(CarrierProfileException.class);
        Files.writeString(file, withLifetime("3600"));
        assertThat(CarrierProfiles.load(file).all().get(0).lifetimeSeconds()).isEqualTo(3600);
    }
}
