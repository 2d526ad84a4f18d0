package io.carrieremu.core.os;

import java.util.List;
import java.util.Objects;

/**
 * The answer to one AT command: the information lines before the final result, and the final result.
 *
 * @param lines the information lines in order, without line terminators (may be empty)
 * @param status the final result
 * @param errorCode the number of {@code +CME ERROR: n} / {@code +CMS ERROR: n}; 0 otherwise
 */
public record AtResponse(List<String> lines, Status status, int errorCode) {

    /** The final result of a command. */
    public enum Status {
        /** {@code OK}. */
        OK,
        /** {@code ERROR}. */
        ERROR,
        /** {@code +CME ERROR: <n>} (mobile equipment error, e.g. 518 "not allowed in this state"). */
        CME_ERROR,
        /** {@code +CMS ERROR: <n>} (SMS error). */
        CMS_ERROR
    }

    /** Copies the lines. */
    public AtResponse {
        lines = List.copyOf(lines);
        Objects.requireNonNull(status, "status");
        boolean numbered = status == Status.CME_ERROR || status == Status.CMS_ERROR;
        if (!numbered && errorCode != 0) {
            throw new IllegalArgumentException(status + " carries no error code");
        }
        if (errorCode < 0) {
            throw new IllegalArgumentException("error codes are not negative: " + errorCode);
        }
    }

    /** {@code OK} after {@code lines}. */
    public static AtResponse ok(List<String> lines) {
        return new AtResponse(lines, Status.OK, 0);
    }

    /** A plain {@code ERROR}. */
    public static AtResponse error() {
        return new AtResponse(List.of(), Status.ERROR, 0);
    }

    /** {@code +CME ERROR: code}. */
    public static AtResponse cmeError(int code) {
        return new AtResponse(List.of(), Status.CME_ERROR, code);
    }

    /** True if the final result is {@code OK}. */
    public boolean isOk() {
        return status == Status.OK;
    }

    /** The final result line as the modem prints it. */
    public String finalLine() {
        return switch (status) {
            case OK -> "OK";
            case ERROR -> "ERROR";
            case CME_ERROR -> "+CME ERROR: " + errorCode;
            case CMS_ERROR -> "+CMS ERROR: " + errorCode;
        };
    }
}
