package io.carrieremu.os.sim.transcript;

import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Everything that crossed the simulated device's boundaries, with virtual timestamps: AT commands,
 * their responses and unsolicited notifications, datagrams (metadata only — sizes and peers, never
 * payloads, which may carry keys), modem-side happenings and test notes. Tests assert on it; printed,
 * it reads like a modem trace.
 */
public final class Transcript {

    /** What an entry records. */
    public enum Kind {
        /** A command sent to the modem ({@code >}). */
        AT_COMMAND(">"),
        /** A response line, final result included ({@code <}). */
        AT_RESPONSE("<"),
        /** An unsolicited notification ({@code !}). */
        AT_NOTIFICATION("!"),
        /** A datagram leaving the device ({@code ->}). */
        DATAGRAM_OUT("->"),
        /** A datagram arriving ({@code <-}). */
        DATAGRAM_IN("<-"),
        /** A datagram the network dropped or refused ({@code x}). */
        DATAGRAM_DROPPED("x"),
        /** Something the simulated hardware or network did ({@code *}). */
        DEVICE("*"),
        /** A free-form note, e.g. from a test ({@code #}). */
        NOTE("#");

        private final String marker;

        Kind(String marker) {
            this.marker = marker;
        }

        /** The marker printed before the text. */
        public String marker() {
            return marker;
        }
    }

    /**
     * One entry.
     *
     * @param virtualMillis virtual time in ms
     * @param kind what it is
     * @param text the line
     */
    public record Entry(long virtualMillis, Kind kind, String text) {
        /** {@code [hh:mm:ss.mmm] > AT+CFUN=1}, with days prefixed when needed. */
        @Override
        public String toString() {
            long ms = virtualMillis;
            long days = ms / 86_400_000;
            String time = String.format("%02d:%02d:%02d.%03d",
                    (ms / 3_600_000) % 24, (ms / 60_000) % 60, (ms / 1000) % 60, ms % 1000);
            return "[" + (days > 0 ? days + "d " : "") + time + "] " + kind.marker() + " " + text;
        }
    }

    /** Unbounded: keep every entry. */
    public static final int UNBOUNDED = Integer.MAX_VALUE;

    private final LongSupplier clock;
    private final int limit;
    private final java.util.ArrayDeque<Entry> entries = new java.util.ArrayDeque<>();
    private long dropped;

    /** A transcript stamped by {@code virtualMillis} that keeps everything. */
    public Transcript(LongSupplier virtualMillis) {
        this(virtualMillis, UNBOUNDED);
    }

    /**
     * A transcript stamped by {@code virtualMillis} that keeps the last {@code limit} entries (a ring, for
     * long or large runs); 0 keeps nothing.
     */
    public Transcript(LongSupplier virtualMillis, int limit) {
        this.clock = Objects.requireNonNull(virtualMillis, "virtualMillis");
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit " + limit);
        }
        this.limit = limit;
    }

    /** Appends an entry at the current virtual time (dropping the oldest when the ring is full). */
    public void record(Kind kind, String text) {
        if (limit == 0) {
            synchronized (entries) {
                dropped++;
            }
            return;
        }
        Entry entry = new Entry(clock.getAsLong(), kind, text);
        synchronized (entries) {
            if (entries.size() >= limit) {
                entries.removeFirst();
                dropped++;
            }
            entries.addLast(entry);
        }
    }

    /** Entries dropped because of the limit. */
    public long dropped() {
        synchronized (entries) {
            return dropped;
        }
    }

    /** A copy of all entries so far. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** The entries of the given kinds, in order. */
    public List<Entry> entries(Kind first, Kind... more) {
        var kinds = java.util.EnumSet.of(first, more);
        return entries().stream().filter(e -> kinds.contains(e.kind())).toList();
    }

    /** The texts of the entries of the given kinds. */
    public List<String> lines(Kind first, Kind... more) {
        return entries(first, more).stream().map(Entry::text).toList();
    }

    /** Forgets everything recorded so far. */
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    /** The whole transcript, one entry a line. */
    public String print() {
        return entries().stream().map(Entry::toString).collect(Collectors.joining("\n"));
    }

    @Override
    public String toString() {
        return print();
    }
}
