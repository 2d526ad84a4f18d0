package io.carrieremu.core.carrier;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@link Subscriber} from the modem: {@code AT+CGSN=1} (IMEI), {@code AT%XOPERID} (operator
 * id; a modem that does not know the command counts as 0), {@code AT+CIMI}, {@code AT%XICCID} and
 * {@code AT+CNUM} (no MSISDN when it answers {@code ERROR}). Needs the UICC powered (CFUN=1 or 4).
 */
public final class SubscriberReader {

    private final AtChannel at;

    /** A reader asking the modem through {@code at}. */
    public SubscriberReader(AtChannel at) {
        this.at = at;
    }

    /**
     * Reads everything.
     *
     * @throws OsException {@code EIO} the modem refused a mandatory command (SIM not ready), {@code EBADMSG}
     *     an answer was malformed
     */
    public Subscriber read() throws OsException {
        String imei = quotedValue(require("AT+CGSN=1"), "+CGSN");
        if (!imei.matches("[0-9]{15}")) {
            throw new OsException(Errno.EBADMSG, "IMEI is not 15 digits");
        }
        String imsi = bareLine(require("AT+CIMI"));
        if (!imsi.matches("[0-9]{6,15}")) {
            throw new OsException(Errno.EBADMSG, "IMSI is not 6 to 15 digits");
        }
        String iccid = firstParam(require("AT%XICCID"), "%XICCID").replace("F", "").replace("f", "");
        return new Subscriber(imei, imsi, iccid, msisdn(), operatorId());
    }

    /** The MSISDN, or empty when {@code AT+CNUM} gives none. */
    public Optional<String> msisdn() throws OsException {
        AtResponse response = at.send("AT+CNUM");
        if (!response.isOk()) {
            return Optional.empty();
        }
        for (String line : response.lines()) {
            Optional<List<AtParameters.Param>> params = params(line, "+CNUM");
            if (params.isPresent() && params.get().size() >= 2 && !params.get().get(1).text().isEmpty()) {
                return Optional.of(params.get().get(1).text());
            }
        }
        return Optional.empty();
    }

    private int operatorId() throws OsException {
        AtResponse response = at.send("AT%XOPERID");
        if (!response.isOk()) {
            return 0;
        }
        try {
            return Integer.parseInt(firstParam(response, "%XOPERID"));
        } catch (NumberFormatException e) {
            throw new OsException(Errno.EBADMSG, "%XOPERID is not a number");
        }
    }

    private AtResponse require(String command) throws OsException {
        AtResponse response = at.send(command);
        if (!response.isOk()) {
            throw new OsException(Errno.EIO, command + " failed: " + response.finalLine());
        }
        return response;
    }

    private static Optional<List<AtParameters.Param>> params(String line, String prefix) throws OsException {
        try {
            return AtParameters.ofResponse(line, prefix);
        } catch (AtSyntaxException e) {
            throw new OsException(Errno.EBADMSG, "malformed " + prefix + " line: " + e.getMessage());
        }
    }

    private static String firstParam(AtResponse response, String prefix) throws OsException {
        for (String line : response.lines()) {
            Optional<List<AtParameters.Param>> params = params(line, prefix);
            if (params.isPresent() && !params.get().isEmpty()) {
                return params.get().get(0).text();
            }
        }
        throw new OsException(Errno.EBADMSG, "no " + prefix + " line in the response");
    }

    private static String quotedValue(AtResponse response, String prefix) throws OsException {
        return firstParam(response, prefix);
    }

    private static String bareLine(AtResponse response) throws OsException {
        if (response.lines().size() != 1) {
            throw new OsException(Errno.EBADMSG, "expected one line, got " + response.lines().size());
        }
        return response.lines().get(0).strip();
    }
}
