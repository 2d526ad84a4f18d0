package io.carrieremu.core.base;

import java.util.Optional;

/**
 * The error values the vendor library documents, with their Linux (newlib/nrf_errno) numbers.
 *
 * <p>The C API returns {@code -value}; {@link #negative()} gives that number. Java callers see these
 * constants inside a {@link Result}, in {@code ERROR} events and in {@link io.carrieremu.core.os.OsException}.
 */
public enum Errno implements VendorCode {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EIO(5, "I/O error"),
    E2BIG(7, "Argument list too long"),
    ENOEXEC(8, "Exec format error"),
    EBADF(9, "Bad file number"),
    EAGAIN(11, "Try again"),
    ENOMEM(12, "Out of memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    ENODEV(19, "No such device"),
    EINVAL(22, "Invalid argument"),
    EFBIG(27, "File too large"),
    EBADR(53, "Invalid request descriptor"),
    EBADMSG(74, "Not a data message"),
    ENOTSUP(95, "Operation not supported"),
    ENETDOWN(100, "Network is down"),
    ENETUNREACH(101, "Network is unreachable"),
    ECONNREFUSED(111, "Connection refused"),
    ETIMEDOUT(110, "Connection timed out"),
    EHOSTUNREACH(113, "No route to host"),
    EALREADY(114, "Operation already in progress"),
    EINPROGRESS(115, "Operation now in progress"),
    ECANCELED(125, "Operation canceled");

    private final int value;
    private final String text;

    Errno(int value, String text) {
        this.value = value;
        this.text = text;
    }

    /** The positive errno number, e.g. 22 for {@link #EINVAL}. */
    public int value() {
        return value;
    }

    /** The number the C API returns for this error, e.g. -22 for {@link #EINVAL}. */
    public int negative() {
        return -value;
    }

    /** Same as {@link #value()}: the vendor's number for this constant. */
    @Override
    public int code() {
        return value;
    }

    /** The symbolic name, e.g. {@code EINVAL}. */
    @Override
    public String vendorName() {
        return name();
    }

    @Override
    public String text() {
        return text;
    }

    /**
     * The constant for a positive or negative errno number, or empty if the library does not document it.
     */
    public static Optional<Errno> fromValue(int value) {
        int positive = Math.abs(value);
        for (Errno errno : values()) {
            if (errno.value == positive) {
                return Optional.of(errno);
            }
        }
        return Optional.empty();
    }
}
