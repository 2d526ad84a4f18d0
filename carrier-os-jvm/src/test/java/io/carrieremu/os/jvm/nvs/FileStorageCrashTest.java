package io.carrieremu.os.jvm.nvs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash consistency: a separate JVM rewrites records in a loop and is killed (SIGKILL) at random points,
 * several times; after each kill the store, reopened, returns for every id nothing or one whole record,
 * never a mix of two.
 */
class FileStorageCrashTest {

    private static final int KILLS = 6;

    @TempDir
    Path directory;

    @Test
    void aWriterKilledAtRandomPointsNeverLeavesAMixedRecord() throws Exception {
        Random random = new Random(20261201L);
        int tornWrites = 0;
        for (int round = 0; round < KILLS; round++) {
            Process writer = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    NvsWriterProcess.class.getName(), directory.toString(), Long.toString(round))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII));
                String first = out.readLine();
                assertThat(first).as("the writer got going").startsWith("WROTE");
                // The kill point: some milliseconds into the write loop, different each round.
                Thread.sleep(random.nextInt(25));
            } finally {
                writer.destroyForcibly();
                assertThat(writer.waitFor(20, TimeUnit.SECONDS)).isTrue();
            }
            try (Stream<Path> files = Files.list(directory)) {
                if (files.anyMatch(p -> p.toString().endsWith(".tmp"))) {
                    tornWrites++;
                }
            }
            FileStorage storage = FileStorage.open(directory);
            List<Long> sequences = new ArrayList<>();
            for (int id : NvsWriterProcess.IDS) {
                Optional<byte[]> record = storage.read(id);
                if (record.isPresent()) {
                    assertThat(NvsWriterProcess.isWhole(record.get())).as("record 0x%X after kill %d is whole", id, round).isTrue();
                    sequences.add(java.nio.ByteBuffer.wrap(record.get()).getLong());
                }
            }
            assertThat(sequences).as("the first write loop completed before the kill").hasSize(NvsWriterProcess.IDS.length);
            try (Stream<Path> files = Files.list(directory)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("leftovers removed on open")
                        .allMatch(name -> name.endsWith(".nvs"));
            }
        }
        // Informational: how often a kill landed inside a write (a temporary file was left behind).
        System.out.println("kills that interrupted a write: " + tornWrites + " of " + KILLS);
    }
}
