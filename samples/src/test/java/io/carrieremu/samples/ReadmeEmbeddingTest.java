package io.carrieremu.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding snippet, extracted as it stands, compiled and run. */
class ReadmeEmbeddingTest {

    private static final String HEADING = "## Embedding the core over the simulated device";

    @TempDir
    Path work;

    @Test
    void readmeEmbeddingSnippetCompilesAndRegisters() throws Exception {
        List<String> snippet = snippet(Files.readAllLines(Path.of("..", "README.md")));
        assertThat(snippet).as("the snippet, imports included").hasSizeLessThanOrEqualTo(15);
        List<String> imports = snippet.stream().filter(l -> l.startsWith("import ")).toList();
        List<String> body = snippet.stream().filter(l -> !l.startsWith("import ") && !l.isBlank()).toList();
        Path source = work.resolve("ReadmeSnippet.java");
        Files.writeString(source, String.join("\n", imports) + "\npublic class ReadmeSnippet {\n"
                + "    public static void run() throws Exception {\n" + String.join("\n", body) + "\n    }\n}\n");

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", work.toString(), "-classpath", System.getProperty("java.class.path"),
                source.toString());
        assertThat(compiled).as("the snippet compiles").isZero();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {work.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("ReadmeSnippet").getMethod("run").invoke(null);
        } finally {
            System.setOut(stdout);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("[LTE_LINK_DOWN, LTE_LINK_UP, LTE_LINK_DOWN, BOOTSTRAPPED, LTE_LINK_UP, REGISTERED]")
                .contains("dm102 Register: POST /rd?").contains("ep=urn:imei-msisdn:352656100367872-5551234567").contains("-> 2.01");
    }

    private static List<String> snippet(List<String> readme) throws IOException {
        int heading = readme.indexOf(HEADING);
        assertThat(heading).as("README has the section '%s'", HEADING).isNotNegative();
        int start = readme.subList(heading, readme.size()).indexOf("```java") + heading + 1;
        int end = readme.subList(start, readme.size()).indexOf("```") + start;
        return readme.subList(start, end);
    }

}
