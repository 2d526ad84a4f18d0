package io.carrieremu.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README opens with the two commands (run the sample, run the tests), and CI runs exactly the
 * second one. Surefire runs in the module directory, so the repository root is "..".
 */
class ReadmeCommandsTest {

    private static final Path ROOT = Path.of("..");

    @Test
    void readmeOpensWithTheSampleAndTheTestCommand() throws IOException {
        List<String> commands = firstCodeBlock(Files.readAllLines(ROOT.resolve("README.md")));
        assertThat(commands).containsExactly("./carrier-sample", "mvn -B -ntp verify");
    }

    @Test
    void ciRunsExactlyTheReadmeTestCommand() throws IOException {
        String testCommand = firstCodeBlock(Files.readAllLines(ROOT.resolve("README.md"))).get(1);
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"));
        assertThat(ci).contains("set -euo pipefail", testCommand);
        assertThat(ci.stream().filter(line -> line.startsWith("mvn"))).containsExactly(testCommand);
    }

    @Test
    void launcherIsExecutable() {
        assertThat(ROOT.resolve("carrier-sample")).isExecutable();
        assertThat(ROOT.resolve(".ci/run")).isExecutable();
    }

    private static List<String> firstCodeBlock(List<String> lines) {
        int start = lines.indexOf("```sh");
        assertThat(start).as("a ```sh block").isGreaterThanOrEqualTo(0);
        assertThat(lines.subList(0, start).stream().filter(l -> !l.isBlank() && !l.startsWith("#")))
                .as("nothing but the title before the commands").isEmpty();
        int end = lines.subList(start + 1, lines.size()).indexOf("```") + start + 1;
        return lines.subList(start + 1, end);
    }
}
