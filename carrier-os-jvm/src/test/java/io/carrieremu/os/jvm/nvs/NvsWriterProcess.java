package io.carrieremu.os.jvm.nvs;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;

/**
 * The writer that {@link FileStorageCrashTest} kills: rewrites three records as fast as it can with
 * self-describing contents (a sequence number, a length, then that many copies of one byte) and reports
 * progress on standard output. Run as {@code java NvsWriterProcess <directory> <seed>}.
 */
public final class NvsWriterProcess {

    static final int[] IDS = {0xCA00, 0xCA01, 0xCA7F};

    private NvsWriterProcess() {
    }

    /** A record that {@link #isWhole} accepts. */
    static byte[] record(long sequence, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(12 + length);
        buffer.putLong(sequence).putInt(length);
        byte fill = (byte) sequence;
        for (int i = 0; i < length; i++) {
            buffer.put(fill);
        }
        return buffer.array();
    }

    /** True if {@code data} is exactly one record as {@link #record} makes it. */
    static boolean isWhole(byte[] data) {
        if (data.length < 12) {
            return false;
        }
        ByteBuffer buffer = ByteBuffer.wrap(data);
        long sequence = buffer.getLong();
        int length = buffer.getInt();
        if (length != data.length - 12) {
            return false;
        }
        for (int i = 12; i < data.length; i++) {
            if (data[i] != (byte) sequence) {
                return false;
            }
        }
        return true;
    }

    public static void main(String[] args) throws Exception {
        FileStorage storage = FileStorage.open(Path.of(args[0]));
        Random random = new Random(Long.parseLong(args[1]));
        long sequence = 0;
        while (true) {
            for (int id : IDS) {
                storage.write(id, record(++sequence, 1 + random.nextInt(8000)));
            }
            System.out.println("WROTE " + sequence);
            System.out.flush();
        }
    }
}
