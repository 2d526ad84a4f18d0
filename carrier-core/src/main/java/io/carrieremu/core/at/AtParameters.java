package io.carrieremu.core.at;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one AT parameter parser, used on both sides of the AT channel: by the core to read responses
 * ({@code +CGSN: "352656100367872"}) and by the simulated modem to read commands
 * ({@code AT%CMNG=0,25,3,"0102"}).
 *
 * <p>Parameters are separated by commas; a parameter is either a double-quoted string (quotes removed,
 * no escapes, commas allowed inside) or bare text (spaces around it removed); an empty parameter is
 * bare and empty.
 *
 * <p>The parser takes any text: it never throws anything but {@link AtSyntaxException}, works in one
 * pass and allocates in proportion to the text. Its messages give positions and lengths, never the
 * text of a parameter, which may be a key ({@code AT%CMNG}) or a SIM record ({@code +CSIM}). Length
 * limits are the channel's business (the simulated modem refuses lines of more than 4096 bytes).
 */
public final class AtParameters {

    /**
     * One parameter.
     *
     * @param text the value, without quotes
     * @param quoted whether it was a quoted string
     */
    public record Param(String text, boolean quoted) {
        /** Checks the components. */
        public Param {
            Objects.requireNonNull(text, "text");
        }

        /** True for an omitted parameter (bare and empty, as in {@code 1,,3}). */
        public boolean isEmpty() {
            return !quoted && text.isEmpty();
        }

        /**
         * The parameter as a decimal integer.
         *
         * @throws AtSyntaxException if it is quoted, empty or not a number
         */
        public int asInt() throws AtSyntaxException {
            if (quoted || text.isEmpty()) {
                throw new AtSyntaxException("expected a number, got " + (quoted ? "a quoted string" : "nothing"));
            }
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new AtSyntaxException("expected a number, got " + text.length() + " characters of other text");
            }
        }

        /**
         * The parameter as a quoted string.
         *
         * @throws AtSyntaxException if it was not quoted
         */
        public String asString() throws AtSyntaxException {
            if (!quoted) {
                throw new AtSyntaxException("expected a quoted string, got bare text of " + text.length() + " characters");
            }
            return text;
        }
    }

    private AtParameters() {
    }

    /**
     * Splits a parameter list.
     *
     * @param text e.g. {@code 0,25,3,"0102"}; the empty string is an empty list
     * @throws AtSyntaxException for an unterminated quote or text between a closing quote and the next comma
     */
    public static List<Param> parse(String text) throws AtSyntaxException {
        List<Param> params = new ArrayList<>();
        if (text.isBlank()) {
            return params;
        }
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            if (i < n && text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw new AtSyntaxException("unterminated quoted string at position " + i);
                }
                params.add(new Param(text.substring(i + 1, close), true));
                i = close + 1;
                while (i < n && text.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && text.charAt(i) != ',') {
                    throw new AtSyntaxException("unexpected text after a quoted string at position " + i);
                }
            } else {
                int comma = text.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                String bare = text.substring(i, end).strip();
                if (bare.indexOf('"') >= 0) {
                    throw new AtSyntaxException("stray quote at position " + text.indexOf('"', i));
                }
                params.add(new Param(bare, false));
                i = end;
            }
            if (i >= n) {
                return params;
            }
            i++; // the comma
            if (i >= n) {
                params.add(new Param("", false));
                return params;
            }
        }
    }

    /**
     * The parameters of a response line that starts with {@code prefix} and a colon, e.g. {@code +CNUM}
     * for {@code +CNUM: ,"+15551234567",145}.
     *
     * @return empty if the line does not start with {@code prefix:}
     * @throws AtSyntaxException if the line has the prefix but malformed parameters
     */
    public static Optional<List<Param>> ofResponse(String line, String prefix) throws AtSyntaxException {
        if (!line.startsWith(prefix) || line.length() <= prefix.length() || line.charAt(prefix.length()) != ':') {
            return Optional.empty();
        }
        return Optional.of(parse(line.substring(prefix.length() + 1)));
    }
}
