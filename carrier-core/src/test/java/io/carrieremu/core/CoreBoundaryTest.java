package io.carrieremu.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2: the core depends on no backend, and its main sources take time, threads and scheduling
 * from {@code LwM2mOs} only. Surefire runs with the module directory as working directory.
 */
class CoreBoundaryTest {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "Thread\\.sleep|System\\.currentTimeMillis|System\\.nanoTime|Instant\\.now\\(|LocalDateTime\\.now\\("
                    + "|Clock\\.system|new Thread\\(|Executors\\.|new Timer\\(|ForkJoinPool|\\.supplyAsync\\(|\\.runAsync\\("
                    + "|import io\\.carrieremu\\.os\\.");

    @Test
    void pomDependsOnNoBackend() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<artifactId>carrier-core</artifactId>")
                .doesNotContain("carrier-os-jvm")
                .doesNotContain("carrier-os-sim")
                .doesNotContain("<artifactId>samples</artifactId>")
                .doesNotContain("leshan-server");
    }

    @Test
    void mainSourcesCallNoClockOrThreadApi() throws IOException {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(main)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = stripComments(Files.readString(file));
                var matcher = FORBIDDEN.matcher(code);
                while (matcher.find()) {
                    hits.add(main.relativize(file) + ": " + matcher.group());
                }
            }
        }
        assertThat(hits).isEmpty();
    }

    @Test
    void theScanWouldSeeAForbiddenCall() {
        assertThat(FORBIDDEN.matcher(stripComments("long t = System.currentTimeMillis(); // now")).find()).isTrue();
        assertThat(FORBIDDEN.matcher(stripComments("/** never Thread.sleep here */ int x;")).find()).isFalse();
    }

    /** Drops block and line comments so Javadoc that names an API does not count as a call. */
    private static String stripComments(String code) {
        return code.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }
}
