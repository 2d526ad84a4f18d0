package io.carrieremu.core.config;

import io.carrieremu.core.base.Errno;
import java.util.Objects;
import java.util.Optional;

/**
 * A configuration file that cannot be used: unreadable, a malformed line, an unknown carrier key or a
 * bad value. The message starts with {@code file:line:} (line 0 for the file as a whole) so editors
 * and CI logs can jump to it; it never contains a secret value.
 */
public final class ConfigFileException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The file as the caller named it. */
    private final String fileName;
    /** The 1-based line, 0 for the whole file. */
    private final int line;
    /** The offending key, or null. */
    private final String key;
    private final transient Errno errno;

    ConfigFileException(String fileName, int line, String key, Errno errno, String problem, Throwable cause) {
        super(fileName + ":" + line + ": " + (key == null ? "" : key + ": ") + problem, cause);
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.line = line;
        this.key = key;
        this.errno = errno;
    }

    /** The file as the caller named it. */
    public String fileName() {
        return fileName;
    }

    /** The 1-based line, or 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }

    /** The offending key, if the problem is in one assignment. */
    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /**
     * The value the library would report for this problem as {@code ERROR{CONFIGURATION, value}} if it
     * reached it at run time (e.g. {@code E2BIG} for an over-long string), when there is one.
     */
    public Optional<Errno> errno() {
        return Optional.ofNullable(errno);
    }
}
