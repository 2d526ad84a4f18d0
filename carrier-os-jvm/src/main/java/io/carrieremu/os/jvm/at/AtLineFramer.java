package io.carrieremu.os.jvm.at;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the byte stream from a modem into lines, whatever the reads look like: a line may arrive over
 * many reads and a read may hold many lines. CR, LF and CRLF end a line; empty lines are skipped.
 * Garbage is removed: control bytes, bytes that are not UTF-8 (the noise a UART shows while the modem
 * resets) and surrounding blanks. A line longer than the limit is dropped up to its terminator.
 *
 * <p>Not thread-safe: one reader feeds it.
 */
public final class AtLineFramer {

    /** Default longest line kept, in bytes. */
    public static final int DEFAULT_MAX_LINE = 4096;

    private final int maxLine;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean overflowing;
    private long droppedLines;

    /** A framer keeping lines of up to {@code maxLine} bytes. */
    public AtLineFramer(int maxLine) {
        if (maxLine < 16) {
            throw new IllegalArgumentException("lines of at least 16 bytes, got " + maxLine);
        }
        this.maxLine = maxLine;
    }

    /**
     * Feeds bytes as they were read.
     *
     * @return the lines they completed, in order, cleaned (possibly none)
     */
    public List<String> feed(byte[] bytes, int offset, int length) {
        List<String> lines = new ArrayList<>();
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\r' || b == '\n') {
                if (overflowing) {
                    overflowing = false;
                } else {
                    String text = clean(line.toByteArray());
                    if (!text.isEmpty()) {
                        lines.add(text);
                    }
                }
                line.reset();
            } else if (!overflowing) {
                if (line.size() >= maxLine) {
                    overflowing = true;
                    droppedLines++;
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }
        return lines;
    }

    /** Forgets a partial line (the connection was re-established). */
    public void reset() {
        line.reset();
        overflowing = false;
    }

    /** Lines dropped for being longer than the limit. */
    public long droppedLines() {
        return droppedLines;
    }

    static String clean(byte[] raw) {
        CharSequence text;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            text = decoder.decode(ByteBuffer.wrap(raw));
        } catch (CharacterCodingException e) {
            text = "";
        }
        StringBuilder kept = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                kept.append(' ');
            } else if (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F) && c != '\uFFFD') {
                kept.append(c);
            }
        }
        return kept.toString().strip();
    }
}
