package io.carrieremu.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carrieremu.core.base.Errno;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kconfig loader refuses an oversized file while reading it, with a typed error on line 0. */
class KconfigLoaderBoundsTest {

    @Test
    void aFileLargerThanTheLimitIsRefusedWhileReading(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("prj.conf");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] line = "# a comment line that is long enough to add up quickly\n".getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written <= 2L * KconfigLoader.MAX_FILE_BYTES; written += line.length) {
                out.write(line);
            }
        }
        assertThatThrownBy(() -> KconfigLoader.load(file))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage(file + ":0: is larger than " + KconfigLoader.MAX_FILE_BYTES + " bytes")
                .satisfies(e -> assertThat(((ConfigFileException) e).errno()).contains(Errno.E2BIG));
    }

    @Test
    void aNumberTooLongForAnyRangeIsATypedErrorOnItsLine() {
        assertThatThrownBy(() -> KconfigLoader.parse("prj.conf", "CONFIG_LWM2M_CARRIER_SERVER_LIFETIME=" + "9".repeat(1001) + "\n"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("prj.conf:1: CONFIG_LWM2M_CARRIER_SERVER_LIFETIME: expected a decimal or 0x hex integer");
    }
}
