package io.carrieremu.core.modem;

import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.util.List;
import java.util.Optional;

/**
 * What the modem says about itself, as the Device object reports it: manufacturer ({@code AT+CGMI}),
 * model ({@code AT+CGMM}), firmware version ({@code AT+CGMR}), hardware version ({@code AT%HWVERSION})
 * and IMEI ({@code AT+CGSN=1}). A value the modem does not give is empty, never an error.
 *
 * @param manufacturer {@code /3/0/0}
 * @param model {@code /3/0/1}
 * @param imei {@code /3/0/2}, the serial number
 * @param firmwareVersion {@code /3/0/3}
 * @param hardwareVersion {@code /3/0/18}
 */
public record ModemInfo(String manufacturer, String model, String imei, String firmwareVersion, String hardwareVersion) {

    /** Longest value kept from an answer (longer answers are cut). */
    static final int MAX_VALUE_LENGTH = 64;

    /** Nothing known. */
    public static final ModemInfo UNKNOWN = new ModemInfo("", "", "", "", "");

    /** Reads the modem's answers; a command that fails leaves its value empty. */
    public static ModemInfo read(AtChannel at) {
        return new ModemInfo(bare(at, "AT+CGMI"), bare(at, "AT+CGMM"), prefixed(at, "AT+CGSN=1", "+CGSN"),
                bare(at, "AT+CGMR"), prefixed(at, "AT%HWVERSION", "%HWVERSION"));
    }

    private static String bare(AtChannel at, String command) {
        Optional<AtResponse> response = send(at, command);
        if (response.isEmpty() || response.get().lines().isEmpty()) {
            return "";
        }
        return cut(response.get().lines().get(0).strip());
    }

    private static String prefixed(AtChannel at, String command, String prefix) {
        Optional<AtResponse> response = send(at, command);
        if (response.isEmpty()) {
            return "";
        }
        for (String line : response.get().lines()) {
            try {
                Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, prefix);
                if (params.isPresent() && !params.get().isEmpty()) {
                    return cut(params.get().get(0).text().strip());
                }
            } catch (AtSyntaxException e) {
                String text = line.strip();
                if (text.startsWith(prefix + ":")) {
                    return cut(text.substring(prefix.length() + 1).strip());
                }
            }
        }
        return "";
    }

    private static Optional<AtResponse> send(AtChannel at, String command) {
        try {
            AtResponse response = at.send(command);
            return response.isOk() ? Optional.of(response) : Optional.empty();
        } catch (OsException e) {
            return Optional.empty();
        }
    }

    private static String cut(String value) {
        return value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value;
    }
}
