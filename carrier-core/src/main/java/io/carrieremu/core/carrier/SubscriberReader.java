package io.carrieremu.core.carrier;

import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@link Subscriber} from the modem: {@code AT+CGSN=1} (IMEI), {@code AT%XOPERID} (operator
 * id), {@code AT+CIMI}, {@code AT%XICCID} and {@code AT+CNUM}. Needs the UICC powered (CFUN=1 or 4).
 *
 * <p>Every answer is checked here, where it enters the library, against {@link Subscriber}'s formats,
 * and a bad one has one documented outcome:
 * <ul>
 *   <li>IMEI, IMSI or ICCID missing or malformed (wrong characters, too long — a 70 000-digit
 *       {@code %XICCID} included): {@link #read()} throws {@code EBADMSG}; the library treats the SIM
 *       as not readable, as it does a SIM that is not ready, and nothing is persisted.
 *   <li>MSISDN: {@code ERROR}, an empty number, a malformed line or a number that is not 3 to 15
 *       digits (a 40 000-digit {@code +CNUM} included) is no MSISDN — a carrier that needs one defers
 *       with {@code SIM_MSISDN}.
 *   <li>Operator id: {@code ERROR}, or an answer that is not a number 0..255, counts as 0 (the modem did
 *       not identify the operator; detection goes by the IMSI).
 * </ul>
 * Messages name the command and the problem, never the hostile text itself.
 */
public final class SubscriberReader {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberReader.class);

    private final AtChannel at;

    /** A reader asking the modem through {@code at}. */
    public SubscriberReader(AtChannel at) {
        this.at = at;
    }

    /**
     * Reads everything.
     *
     * @return a well-formed subscriber
     * @throws OsException {@code EIO} the modem refused a mandatory command (SIM not ready), {@code EBADMSG}
     *     the IMEI, IMSI or ICCID answer is missing or malformed; {@code ETIMEDOUT}, {@code EIO},
     *     {@code ECANCELED} from the channel
     */
    public Subscriber read() throws OsException {
        String imei = firstParam(require("AT+CGSN=1"), "+CGSN");
        if (!Subscriber.isImei(imei)) {
            throw new OsException(Errno.EBADMSG, "IMEI is not 15 digits");
        }
        String imsi = bareLine(require("AT+CIMI"));
        if (!Subscriber.isImsi(imsi)) {
            throw new OsException(Errno.EBADMSG, "IMSI is not 6 to 15 digits");
        }
        String iccid = iccid(firstParam(require("AT%XICCID"), "%XICCID"));
        return new Subscriber(imei, imsi, iccid, msisdn(), operatorId());
    }

    /**
     * The MSISDN, or empty when {@code AT+CNUM} gives none or none that is well-formed.
     *
     * @throws OsException only from the channel ({@code ETIMEDOUT}, {@code EIO}, {@code ECANCELED})
     */
    public Optional<String> msisdn() throws OsException {
        AtResponse response = at.send("AT+CNUM");
        if (!response.isOk()) {
            return Optional.empty();
        }
        for (String line : response.lines()) {
            Optional<List<AtParameters.Param>> params;
            try {
                params = AtParameters.ofResponse(line, "+CNUM");
            } catch (AtSyntaxException e) {
                LOG.warn("ignoring a malformed +CNUM line ({})", e.getMessage());
                continue;
            }
            if (params.isPresent() && params.get().size() >= 2 && !params.get().get(1).text().isEmpty()) {
                String number = params.get().get(1).text();
                if (Subscriber.isMsisdn(number)) {
                    return Optional.of(number);
                }
                LOG.warn("ignoring a +CNUM number of {} characters that is not 3 to {} digits", number.length(),
                        Subscriber.MAX_MSISDN_DIGITS);
            }
        }
        return Optional.empty();
    }

    /** The ICCID digits of a {@code %XICCID} value: trailing F padding removed, 18 to 20 digits left. */
    private static String iccid(String value) throws OsException {
        if (value.length() > Subscriber.MAX_ICCID_DIGITS) {
            throw new OsException(Errno.EBADMSG, "%XICCID has " + value.length() + " characters, more than "
                    + Subscriber.MAX_ICCID_DIGITS);
        }
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == 'F' || value.charAt(end - 1) == 'f')) {
            end--;
        }
        String digits = value.substring(0, end);
        if (!Subscriber.isIccid(digits)) {
            throw new OsException(Errno.EBADMSG, "%XICCID is not 18 to " + Subscriber.MAX_ICCID_DIGITS + " digits");
        }
        return digits;
    }

    private int operatorId() throws OsException {
        AtResponse response = at.send("AT%XOPERID");
        if (!response.isOk()) {
            return 0;
        }
        String value;
        try {
            value = firstParam(response, "%XOPERID");
        } catch (OsException malformed) {
            LOG.warn("%XOPERID answer unusable ({}); the operator counts as not identified", malformed.getMessage());
            return 0;
        }
        if (!value.matches("[0-9]{1,3}") || Integer.parseInt(value) > 255) {
            LOG.warn("%XOPERID is not a number 0..255; the operator counts as not identified");
            return 0;
        }
        return Integer.parseInt(value);
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

    private static String bareLine(AtResponse response) throws OsException {
        if (response.lines().size() != 1) {
            throw new OsException(Errno.EBADMSG, "expected one line, got " + response.lines().size());
        }
        return response.lines().get(0).strip();
    }
}
