package io.carrieremu.os.jvm.at;

import io.carrieremu.core.os.AtResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the lines from a modem are told apart: final results, a command's own information lines, and
 * unsolicited notifications (URCs).
 *
 * <p>While a command waits, a line that starts with a prefix ({@code +CEREG:}, {@code %XSIM:},
 * {@code #XPING:}) other than the command's own name is a URC: nRF91 information lines carry the
 * command's name ({@code AT+CGDCONT?} answers {@code +CGDCONT: …}), and bare lines (an IMSI, a
 * manufacturer) are always information lines. One ambiguity remains and is settled for the response:
 * a URC with the command's own prefix arriving while that command waits (a {@code +CEREG:}
 * notification during {@code AT+CEREG?}).
 */
public final class AtLines {

    private static final Pattern LINE_PREFIX = Pattern.compile("^([+%#][A-Za-z0-9_]+):");
    private static final Pattern COMMAND_NAME = Pattern.compile("([+%#][A-Za-z0-9_]+)");
    private static final Pattern NUMBERED_ERROR = Pattern.compile("^\\+(CME|CMS) ERROR:\\s*(\\d+)\\s*$");

    private AtLines() {
    }

    /**
     * The final result a line stands for, given the information lines collected before it.
     *
     * @return empty if the line is not a final result; {@code +CME ERROR} with text instead of a number
     *     (verbose error mode) carries code 0
     */
    public static Optional<AtResponse> finalResult(String line, List<String> lines) {
        if (line.equals("OK")) {
            return Optional.of(AtResponse.ok(lines));
        }
        if (line.equals("ERROR")) {
            return Optional.of(new AtResponse(lines, AtResponse.Status.ERROR, 0));
        }
        if (line.startsWith("+CME ERROR") || line.startsWith("+CMS ERROR")) {
            AtResponse.Status status = line.startsWith("+CME") ? AtResponse.Status.CME_ERROR : AtResponse.Status.CMS_ERROR;
            Matcher numbered = NUMBERED_ERROR.matcher(line);
            int code = 0;
            if (numbered.matches()) {
                try {
                    code = Integer.parseInt(numbered.group(2));
                } catch (NumberFormatException e) {
                    code = 0;
                }
            }
            return Optional.of(new AtResponse(lines, status, code));
        }
        return Optional.empty();
    }

    /** True if the line is a final result. */
    public static boolean isFinal(String line) {
        return finalResult(line, List.of()).isPresent();
    }

    /** The {@code +NAME} / {@code %NAME} / {@code #NAME} a line starts with (before its colon), or empty. */
    public static Optional<String> linePrefix(String line) {
        Matcher m = LINE_PREFIX.matcher(line);
        return m.find() ? Optional.of(m.group(1).toUpperCase(Locale.ROOT)) : Optional.empty();
    }

    /**
     * The names of a command line, upper-case: {@code AT+CGDCONT?} gives {@code [+CGDCONT]},
     * {@code AT+CFUN?;+CEREG?} gives {@code [+CFUN, +CEREG]}, {@code ATE1} gives none.
     */
    public static List<String> commandNames(String command) {
        List<String> names = new ArrayList<>();
        String body = command.strip();
        if (body.regionMatches(true, 0, "AT", 0, 2)) {
            body = body.substring(2);
        }
        for (String part : body.split(";")) {
            Matcher m = COMMAND_NAME.matcher(part.strip());
            if (m.lookingAt()) {
                names.add(m.group(1).toUpperCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** Whether {@code line}, arriving while {@code command} waits, is a URC rather than its information line. */
    public static boolean isNotificationDuring(String line, List<String> commandNames) {
        Optional<String> prefix = linePrefix(line);
        return prefix.isPresent() && !commandNames.contains(prefix.get());
    }

    private static final Pattern CREDENTIAL_WRITE = Pattern.compile("(?i)^(AT%CMNG=0,[^,]*,[^,]*,).*$");

    /**
     * The command as it may appear in logs and error messages: the content of a credential write
     * ({@code AT%CMNG=0,<tag>,<type>,"<content>"}) is replaced by {@code "<redacted>"}, so keys never
     * leave the channel in text.
     */
    public static String redact(String command) {
        Matcher m = CREDENTIAL_WRITE.matcher(command);
        return m.matches() ? m.group(1) + "\"<redacted>\"" : command;
    }

    /** Whether {@code line} is the echo of {@code command} (ATE1), compared without case and blanks. */
    public static boolean isEcho(String line, String command) {
        return line.strip().equalsIgnoreCase(command.strip());
    }
}
