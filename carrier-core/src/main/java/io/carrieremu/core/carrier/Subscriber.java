package io.carrieremu.core.carrier;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who the SIM belongs to, as the modem reports it. Every field is checked where it is read
 * ({@link SubscriberReader}) and again here, so a malformed ICCID or MSISDN can neither be used nor
 * persisted: constructing one with a malformed field throws {@link IllegalArgumentException}.
 *
 * @param imei the device's IMEI (15 digits)
 * @param imsi the IMSI (6 to 15 digits)
 * @param iccid the ICCID digits (18 to 20, without padding F)
 * @param msisdn the subscriber number, if the SIM has one yet ({@link #isMsisdn})
 * @param operatorId the {@code %XOPERID} value, 0 if the modem did not identify the operator (0..255)
 */
public record Subscriber(String imei, String imsi, String iccid, Optional<String> msisdn, int operatorId) {

    /** Longest ICCID: the 10 BCD bytes of EF_ICCID (ITU-T E.118: 19 digits and a check digit). */
    public static final int MAX_ICCID_DIGITS = 20;
    /** Longest MSISDN: an E.164 number has at most 15 digits. */
    public static final int MAX_MSISDN_DIGITS = 15;

    private static final Pattern IMEI = Pattern.compile("[0-9]{15}");
    private static final Pattern IMSI = Pattern.compile("[0-9]{6,15}");
    private static final Pattern ICCID = Pattern.compile("[0-9]{18," + MAX_ICCID_DIGITS + "}");
    private static final Pattern MSISDN = Pattern.compile("\\+?[0-9]{3," + MAX_MSISDN_DIGITS + "}");

    /** Checks the components and copies mutable ones. */
    public Subscriber {
        Objects.requireNonNull(imei, "imei");
        Objects.requireNonNull(imsi, "imsi");
        Objects.requireNonNull(iccid, "iccid");
        Objects.requireNonNull(msisdn, "msisdn");
        if (!IMEI.matcher(imei).matches() || !IMSI.matcher(imsi).matches() || !isIccid(iccid)
                || !msisdn.map(Subscriber::isMsisdn).orElse(true) || operatorId < 0 || operatorId > 255) {
            throw new IllegalArgumentException("not a well-formed subscriber");
        }
    }

    /** True for an IMEI: 15 digits. */
    public static boolean isImei(String text) {
        return text.length() == 15 && IMEI.matcher(text).matches();
    }

    /** True for an IMSI: 6 to 15 digits. */
    public static boolean isImsi(String text) {
        return text.length() <= 15 && IMSI.matcher(text).matches();
    }

    /** True for an ICCID without its padding: 18 to 20 digits. */
    public static boolean isIccid(String text) {
        return text.length() <= MAX_ICCID_DIGITS && ICCID.matcher(text).matches();
    }

    /** True for an MSISDN as {@code +CNUM} gives it: 3 to 15 digits, optionally after {@code +}. */
    public static boolean isMsisdn(String text) {
        return text.length() <= MAX_MSISDN_DIGITS + 1 && MSISDN.matcher(text).matches();
    }
}
