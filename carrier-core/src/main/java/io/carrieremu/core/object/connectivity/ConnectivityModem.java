package io.carrieremu.core.object.connectivity;

import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtParameters.Param;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the modem says about the connection, read over AT and parsed with the one AT parser
 * ({@link AtParameters}): registration and cell ({@code +CEREG}), signal ({@code +CESQ},
 * {@code %XSNRSQ}), operator ({@code +COPS}), system mode ({@code %XSYSTEMMODE}), PDN contexts and
 * addresses ({@code +CGDCONT}, {@code +CGACT}, {@code +CGPADDR}), APN status and Verizon's APN classes
 * ({@code %XAPNSTATUS}, {@code %XAPNCLASS}) and the connection statistics ({@code %XCONNSTAT}), plus
 * the notifications that say something changed ({@code +CGEV}, {@code +CNEC_ESM}).
 *
 * <p>An answer that is missing, refused or malformed is empty (logged at debug level), never an
 * exception: a modem that does not know a value, or says something this parser does not understand,
 * leaves the resource without a value. The parsers are static and pure, so they can be tested with
 * any text; the readers send one command each and may be called from any thread (the AT channel
 * serialises commands).
 */
public final class ConnectivityModem {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectivityModem.class);
    private static final Pattern TAC = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern CELL_ID = Pattern.compile("[0-9A-Fa-f]{1,8}");
    private static final Pattern TIMER = Pattern.compile("[01]{8}");
    private static final Pattern PLMN = Pattern.compile("[0-9]{5,6}");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]{2,39}");
    /** An APN's network identifier: labels of letters, digits and hyphens separated by dots (3GPP TS 23.003 §9.1). */
    private static final Pattern APN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");
    /** Longest APN (3GPP TS 23.003: 100 octets in total; the nRF91 takes 63 characters). */
    public static final int MAX_APN_LENGTH = 63;

    // ------------------------------------------------------------------ values

    /**
     * Network registration ({@code +CEREG}).
     *
     * @param stat 0 not registered, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming, 90 UICC failure
     * @param tac tracking area code (hex), when the modem gives it
     * @param cellId E-UTRAN cell id (hex), when the modem gives it
     * @param accessTechnology 7 LTE-M (E-UTRAN), 9 NB-IoT (NB-S1)
     * @param activeTime the granted Active-Time (GPRS Timer 2 bits), level 4 and above
     * @param periodicTau the granted Periodic-TAU-ext (GPRS Timer 3 bits), level 4 and above
     */
    public record Registration(int stat, Optional<String> tac, Optional<String> cellId, OptionalInt accessTechnology,
            Optional<String> activeTime, Optional<String> periodicTau) {
        public Registration {
            Objects.requireNonNull(tac, "tac");
            Objects.requireNonNull(cellId, "cellId");
            Objects.requireNonNull(accessTechnology, "accessTechnology");
            Objects.requireNonNull(activeTime, "activeTime");
            Objects.requireNonNull(periodicTau, "periodicTau");
        }

        /** Registered, home or roaming. */
        public boolean registered() {
            return stat == 1 || stat == 5;
        }
    }

    /**
     * Signal quality indexes ({@code +CESQ}); empty when the modem reports 255 (not known).
     *
     * @param rsrq RSRQ index 0..34
     * @param rsrp RSRP index 0..97
     */
    public record Signal(OptionalInt rsrq, OptionalInt rsrp) {
        /**
         * RSRP in dBm: index − 140.
         *
         * <p>3GPP TS 36.133 maps index n to the 1-dB band [n − 141, n − 140) dBm (0: below −140, 97: −44
         * and above), and TS 36.331 defines the RSRP range value as "field value − 140 dBm". The vendor's
         * early source reported n − 141, the band's lower edge; library 3.7.0 fixed "Signal Strength in
         * Connectivity Monitoring off by 1 dB", and the NCS convention it follows
         * ({@code RSRP_IDX_TO_DBM}, offset 140) is n − 140, which is what servers of 3.7.0 devices see.
         */
        public OptionalInt rsrpDbm() {
            return rsrp.isPresent() ? OptionalInt.of(rsrp.getAsInt() - 140) : OptionalInt.empty();
        }
    }

    /**
     * SNR and coverage enhancement ({@code %XSNRSQ}); empty when not known (127, 255).
     *
     * @param snr SNR index 0..49
     * @param ceLevel CE level 0..3
     */
    public record SnrReading(OptionalInt snr, OptionalInt ceLevel) {
        /** SNR in dB: index − 24 (index 0 is below −24 dB, nRF91 AT reference). */
        public OptionalInt snrDb() {
            return snr.isPresent() ? OptionalInt.of(snr.getAsInt() - 24) : OptionalInt.empty();
        }
    }

    /**
     * The serving network's MCC and MNC ({@code +COPS?} numeric operator).
     *
     * @param mcc mobile country code
     * @param mnc mobile network code
     */
    public record ServingOperator(int mcc, int mnc) {
    }

    /**
     * The system mode ({@code %XSYSTEMMODE?}).
     *
     * @param ltem LTE-M enabled
     * @param nbiot NB-IoT enabled
     * @param preference 0 none, 1 LTE-M, 2 NB-IoT, 3 network selection with LTE-M preferred, 4 with NB-IoT preferred
     */
    public record SystemMode(boolean ltem, boolean nbiot, int preference) {
        /** True if NB-IoT is the one to use when both are enabled. */
        public boolean prefersNbiot() {
            return nbiot && (!ltem || preference == 2 || preference == 4);
        }
    }

    /**
     * A PDP context ({@code +CGDCONT?}).
     *
     * @param cid context id
     * @param type {@code IP}, {@code IPV6}, {@code IPV4V6} or {@code Non-IP}
     * @param apn the APN, empty if none is set
     */
    public record PdpContext(int cid, String type, String apn) {
        public PdpContext {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(apn, "apn");
        }
    }

    /**
     * Connection statistics since {@code AT%XCONNSTAT=1} ({@code %XCONNSTAT?}).
     *
     * @param smsSent SMS sent
     * @param smsReceived SMS received
     * @param sentKilobytes data sent, kB
     * @param receivedKilobytes data received, kB
     * @param maxMessageSize largest packet, bytes
     * @param averageMessageSize average packet, bytes
     */
    public record ConnectionStatistics(long smsSent, long smsReceived, long sentKilobytes, long receivedKilobytes,
            long maxMessageSize, long averageMessageSize) {
    }

    /** What a {@code +CGEV} notification says. */
    public enum PacketEventKind {
        /** {@code ME PDN ACT <cid>[,<reason>]}: a context was activated. */
        PDN_ACTIVATED,
        /** {@code ME PDN DEACT <cid>}, {@code NW PDN DEACT <cid>}: a context was deactivated. */
        PDN_DEACTIVATED,
        /** {@code IPV6 <cid>}: an IPv6 address (link) is ready on a context. */
        IPV6,
        /** {@code IPV6 FAIL <cid>}. */
        IPV6_FAILED,
        /** {@code NW DETACH}, {@code ME DETACH}: every context is gone. */
        DETACHED,
        /** Anything else (rate control, restrictions, modifications). */
        OTHER
    }

    /**
     * A parsed {@code +CGEV} notification.
     *
     * @param kind what happened
     * @param cid the context, when the event names one
     */
    public record PacketEvent(PacketEventKind kind, OptionalInt cid) {
    }

    /**
     * A PDN activation the network rejected ({@code +CNEC_ESM: <cause>,<cid>}).
     *
     * @param cause ESM cause (3GPP TS 24.301)
     * @param cid the context
     */
    public record EsmRejection(int cause, int cid) {
    }

    // ------------------------------------------------------------------ reading

    private final AtChannel at;
    /** The answers of the reading in progress on this thread, by command; null outside one. */
    private final ThreadLocal<Map<String, Optional<List<String>>>> reading = new ThreadLocal<>();

    public ConnectivityModem(AtChannel at) {
        this.at = Objects.requireNonNull(at, "at");
    }

    /**
     * Runs {@code body} as one reading of the modem: each read command is sent once and its answer
     * reused within {@code body} on this thread, so the resources of one instance read (or one refresh)
     * come from the same answers and cost one command each, not one per resource. Writes are never
     * reused, and a write ends the reuse of what was read before it.
     */
    public <T> T reading(java.util.function.Supplier<T> body) {
        if (reading.get() != null) {
            return body.get();
        }
        reading.set(new java.util.HashMap<>());
        try {
            return body.get();
        } finally {
            reading.remove();
        }
    }

    /** {@code AT+CEREG?}. */
    public Optional<Registration> registration() {
        return send("AT+CEREG?").flatMap(ConnectivityModem::parseCeregRead);
    }

    /** {@code AT+CESQ}. */
    public Optional<Signal> signal() {
        return send("AT+CESQ").flatMap(ConnectivityModem::parseCesq);
    }

    /** {@code AT%XSNRSQ?}. */
    public Optional<SnrReading> snr() {
        return send("AT%XSNRSQ?").flatMap(ConnectivityModem::parseXsnrsq);
    }

    /** {@code AT+COPS?}; empty while not registered. */
    public Optional<ServingOperator> servingOperator() {
        return send("AT+COPS?").flatMap(ConnectivityModem::parseCops);
    }

    /** {@code AT%XSYSTEMMODE?}. */
    public Optional<SystemMode> systemMode() {
        return send("AT%XSYSTEMMODE?").flatMap(ConnectivityModem::parseXsystemmode);
    }

    /** {@code AT+CGDCONT?}: the defined contexts in cid order. */
    public Optional<List<PdpContext>> contexts() {
        return send("AT+CGDCONT?").flatMap(ConnectivityModem::parseCgdcont);
    }

    /** {@code AT+CGACT?}: each context's activation state. */
    public Optional<Map<Integer, Boolean>> activeContexts() {
        return send("AT+CGACT?").flatMap(ConnectivityModem::parseCgact);
    }

    /** {@code AT+CGPADDR=<cid>}: the context's addresses (none while inactive). */
    public Optional<List<String>> addresses(int cid) {
        return send("AT+CGPADDR=" + cid).flatMap(lines -> parseCgpaddr(lines, cid));
    }

    /** {@code AT%XAPNSTATUS?}: the disabled APNs. */
    public Optional<Set<String>> disabledApns() {
        return send("AT%XAPNSTATUS?").flatMap(ConnectivityModem::parseXapnstatus);
    }

    /** {@code AT%XAPNSTATUS=<1|0>,"<apn>"}; false if the modem refused. */
    public boolean enableApn(String apn, boolean enable) {
        return validApn(apn) && send("AT%XAPNSTATUS=" + (enable ? 1 : 0) + ",\"" + apn + "\"").isPresent();
    }

    /** {@code AT%XAPNCLASS=0,<class>}: the APN of a class. */
    public Optional<String> classApn(int apnClass) {
        return send("AT%XAPNCLASS=0," + apnClass).flatMap(lines -> parseXapnclass(lines, apnClass));
    }

    /** {@code AT%XAPNCLASS=1,<class>,"<apn>"}; false if the APN is not valid or the modem refused. */
    public boolean writeClassApn(int apnClass, String apn) {
        return validApn(apn) && send("AT%XAPNCLASS=1," + apnClass + ",\"" + apn + "\"").isPresent();
    }

    /** {@code AT%XCONNSTAT?}. */
    public Optional<ConnectionStatistics> statistics() {
        return send("AT%XCONNSTAT?").flatMap(ConnectivityModem::parseXconnstat);
    }

    /** {@code AT%XCONNSTAT=1} (start, counters reset) or {@code =0} (stop); false if the modem refused. */
    public boolean collectStatistics(boolean start) {
        return send("AT%XCONNSTAT=" + (start ? 1 : 0)).isPresent();
    }

    /** The information lines of an {@code OK} answer; empty for an error or a channel failure. */
    private Optional<List<String>> send(String command) {
        Map<String, Optional<List<String>>> answers = reading.get();
        if (answers == null) {
            return sendNow(command);
        }
        boolean read = command.endsWith("?") || !command.contains("=") || command.startsWith("AT+CGPADDR=")
                || command.startsWith("AT%XAPNCLASS=0,");
        if (!read) {
            answers.clear();
            return sendNow(command);
        }
        return answers.computeIfAbsent(command, this::sendNow);
    }

    private Optional<List<String>> sendNow(String command) {
        try {
            AtResponse response = at.send(command);
            if (!response.isOk()) {
                LOG.debug("{} answered {}", command, response.finalLine());
                return Optional.empty();
            }
            return Optional.of(response.lines());
        } catch (OsException e) {
            LOG.debug("{} failed: {}", command, e.getMessage());
            return Optional.empty();
        }
    }

    /** True for an APN that can go into an AT string and a PDN context: 1..63 characters of 3GPP's APN syntax. */
    public static boolean validApn(String apn) {
        return apn.length() <= MAX_APN_LENGTH && APN.matcher(apn).matches();
    }

    // ------------------------------------------------------------------ parsers

    /** Reads the parameters of one answer line: a value, null for "no value", or a syntax error. */
    @FunctionalInterface
    private interface LineParser<T> {
        T parse(List<Param> params) throws AtSyntaxException;
    }

    /** The first line with {@code prefix:}, parsed; empty if there is none, it has no value, or it is malformed (logged). */
    private static <T> Optional<T> parseFirst(List<String> lines, String prefix, LineParser<T> parser) {
        for (String line : lines) {
            try {
                Optional<List<Param>> params = AtParameters.ofResponse(line.strip(), prefix);
                if (params.isPresent()) {
                    return Optional.ofNullable(parser.parse(params.get()));
                }
            } catch (AtSyntaxException e) {
                return malformed(prefix, line, e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Every line with {@code prefix:}, parsed, in order; empty if one is malformed (logged): it spoils the answer. */
    private static <T> Optional<List<T>> parseEach(List<String> lines, String prefix, LineParser<T> parser) {
        List<T> values = new ArrayList<>();
        for (String line : lines) {
            try {
                Optional<List<Param>> params = AtParameters.ofResponse(line.strip(), prefix);
                if (params.isPresent()) {
                    values.add(parser.parse(params.get()));
                }
            } catch (AtSyntaxException e) {
                return malformed(prefix, line, e.getMessage());
            }
        }
        return Optional.of(values);
    }

    private static <T> Optional<T> malformed(String prefix, String line, String why) {
        LOG.debug("ignoring malformed {} answer '{}': {}", prefix, line, why);
        return Optional.empty();
    }

    private static void count(List<Param> params, int expected) throws AtSyntaxException {
        if (params.size() != expected) {
            throw new AtSyntaxException(expected + " parameters expected, got " + params.size());
        }
    }

    private static int integer(List<Param> params, int index, int min, int max) throws AtSyntaxException {
        if (index >= params.size()) {
            throw new AtSyntaxException("parameter " + index + " missing");
        }
        int value = params.get(index).asInt();
        if (value < min || value > max) {
            throw new AtSyntaxException("parameter " + index + " = " + value + " outside " + min + ".." + max);
        }
        return value;
    }

    /** An index that may be {@code unknown} (255, 127): empty then; else within 0..{@code max}. */
    private static OptionalInt index(List<Param> params, int index, int max, int unknown) throws AtSyntaxException {
        int value = integer(params, index, 0, Math.max(max, unknown));
        if (value == unknown) {
            return OptionalInt.empty();
        }
        if (value > max) {
            throw new AtSyntaxException("parameter " + index + " = " + value + " outside 0.." + max + " and not " + unknown);
        }
        return OptionalInt.of(value);
    }

    private static OptionalInt optionalInteger(List<Param> params, int index, int min, int max) throws AtSyntaxException {
        if (index >= params.size() || params.get(index).isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(integer(params, index, min, max));
    }

    private static Optional<String> optionalText(List<Param> params, int index, Pattern pattern) throws AtSyntaxException {
        if (index >= params.size() || params.get(index).isEmpty()) {
            return Optional.empty();
        }
        String text = params.get(index).asString();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (!pattern.matcher(text).matches()) {
            throw new AtSyntaxException("parameter " + index + " '" + text + "' is not " + pattern.pattern());
        }
        return Optional.of(text);
    }

    private static String apn(List<Param> params, int index) throws AtSyntaxException {
        String apn = index < params.size() ? params.get(index).asString() : "";
        if (!validApn(apn)) {
            throw new AtSyntaxException("APN '" + apn + "' is not valid");
        }
        return apn;
    }

    /** A {@code +CEREG:} notification: {@code <stat>[,"<tac>","<ci>",<AcT>[,<cause_type>,<reject_cause>[,"<Active-Time>","<Periodic-TAU-ext>"]]]}. */
    public static Optional<Registration> parseCeregNotification(String line) {
        return parseCereg(List.of(line), 0);
    }

    /** An {@code AT+CEREG?} answer: {@code +CEREG: <n>,<stat>[,...]} (the notification's fields after {@code <n>}). */
    public static Optional<Registration> parseCeregRead(List<String> lines) {
        return parseCereg(lines, 1);
    }

    private static Optional<Registration> parseCereg(List<String> lines, int offset) {
        return parseFirst(lines, "+CEREG", p -> {
            if (offset == 1) {
                integer(p, 0, 0, 5);
            }
            return new Registration(integer(p, offset, 0, 90), optionalText(p, offset + 1, TAC), optionalText(p, offset + 2, CELL_ID),
                    optionalInteger(p, offset + 3, 0, 14), optionalText(p, offset + 6, TIMER), optionalText(p, offset + 7, TIMER));
        });
    }

    /** {@code +CESQ: <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>}; 255 is "not known". */
    public static Optional<Signal> parseCesq(List<String> lines) {
        return parseFirst(lines, "+CESQ", p -> {
            count(p, 6);
            return new Signal(index(p, 4, 34, 255), index(p, 5, 97, 255));
        });
    }

    /** {@code %XSNRSQ: <snr>,<srxlev>,<ce_level>}; 127 (SNR) and 255 are "not known". */
    public static Optional<SnrReading> parseXsnrsq(List<String> lines) {
        return parseFirst(lines, "%XSNRSQ", p -> {
            count(p, 3);
            integer(p, 1, 0, 255);
            return new SnrReading(index(p, 0, 49, 127), index(p, 2, 3, 255));
        });
    }

    /** {@code +COPS: <mode>[,<format>,"<oper>"[,<AcT>]]}; a value only for the numeric format. */
    public static Optional<ServingOperator> parseCops(List<String> lines) {
        return parseFirst(lines, "+COPS", p -> {
            integer(p, 0, 0, 4);
            if (p.size() < 3 || integer(p, 1, 0, 2) != 2) {
                return null;
            }
            String oper = p.get(2).asString();
            if (!PLMN.matcher(oper).matches()) {
                throw new AtSyntaxException("operator '" + oper + "' is not an MCC and MNC");
            }
            return new ServingOperator(Integer.parseInt(oper.substring(0, 3)), Integer.parseInt(oper.substring(3)));
        });
    }

    /** {@code %XSYSTEMMODE: <LTE-M>,<NB-IoT>,<GNSS>,<preference>}. */
    public static Optional<SystemMode> parseXsystemmode(List<String> lines) {
        return parseFirst(lines, "%XSYSTEMMODE", p -> {
            count(p, 4);
            integer(p, 2, 0, 1);
            return new SystemMode(integer(p, 0, 0, 1) == 1, integer(p, 1, 0, 1) == 1, integer(p, 3, 0, 4));
        });
    }

    /** {@code +CGDCONT: <cid>,"<type>","<apn>","<addr>",...} per context, in cid order; one malformed line spoils the answer. */
    public static Optional<List<PdpContext>> parseCgdcont(List<String> lines) {
        return parseEach(lines, "+CGDCONT", p -> {
            int cid = integer(p, 0, 0, 255);
            String type = p.size() > 1 ? p.get(1).asString() : "";
            if (!Set.of("IP", "IPV6", "IPV4V6", "Non-IP").contains(type)) {
                throw new AtSyntaxException("unknown PDP type '" + type + "'");
            }
            boolean noApn = p.size() < 3 || p.get(2).isEmpty() || p.get(2).asString().isEmpty();
            return new PdpContext(cid, type, noApn ? "" : apn(p, 2));
        }).map(contexts -> contexts.stream().sorted((a, b) -> Integer.compare(a.cid(), b.cid())).toList());
    }

    /** {@code +CGACT: <cid>,<state>} per context. */
    public static Optional<Map<Integer, Boolean>> parseCgact(List<String> lines) {
        return parseEach(lines, "+CGACT", p -> Map.entry(integer(p, 0, 0, 255), integer(p, 1, 0, 1) == 1))
                .map(states -> {
                    Map<Integer, Boolean> map = new TreeMap<>();
                    states.forEach(state -> map.put(state.getKey(), state.getValue()));
                    return Map.copyOf(map);
                });
    }

    /** {@code +CGPADDR: <cid>[,"<addr1>"[,"<addr2>"]]}: the addresses of context {@code cid}. */
    public static Optional<List<String>> parseCgpaddr(List<String> lines, int cid) {
        return parseEach(lines, "+CGPADDR", p -> {
            if (integer(p, 0, 0, 255) != cid) {
                return null;
            }
            List<String> addresses = new ArrayList<>();
            for (Param param : p.subList(1, p.size())) {
                String address = param.asString();
                if (!IPV4.matcher(address).matches() && !(address.contains(":") && IPV6.matcher(address).matches())) {
                    throw new AtSyntaxException("'" + address + "' is not an IP address");
                }
                addresses.add(address);
            }
            return List.copyOf(addresses);
        }).flatMap(all -> all.stream().filter(Objects::nonNull).findFirst());
    }

    /** {@code %XAPNSTATUS: ["<apn_1>"[,...]]}: the disabled APNs; no line at all means none. */
    public static Optional<Set<String>> parseXapnstatus(List<String> lines) {
        return parseEach(lines, "%XAPNSTATUS", p -> {
            List<String> apns = new ArrayList<>();
            for (Param param : p) {
                apns.add(param.asString());
            }
            return apns;
        }).map(all -> all.stream().flatMap(List::stream).collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }

    /**
     * {@code %XAPNCLASS: <class>,"<apn>","<addr_type>"} (nRF91 AT reference). The vendor's source reads
     * "at least 3 parameters, the APN at index 2" with a parser that counts the prefix as parameter 0;
     * {@link AtParameters} does not, so here the APN is parameter 1 and the address type is optional.
     */
    public static Optional<String> parseXapnclass(List<String> lines, int apnClass) {
        return parseFirst(lines, "%XAPNCLASS", p -> {
            if (integer(p, 0, 0, 255) != apnClass) {
                throw new AtSyntaxException("answer for class " + p.get(0).text() + ", asked for " + apnClass);
            }
            return apn(p, 1);
        });
    }

    /** {@code %XCONNSTAT: <sms_tx>,<sms_rx>,<tx_kB>,<rx_kB>,<max_size>,<average_size>}. */
    public static Optional<ConnectionStatistics> parseXconnstat(List<String> lines) {
        return parseFirst(lines, "%XCONNSTAT", p -> {
            count(p, 6);
            int[] v = new int[6];
            for (int i = 0; i < 6; i++) {
                v[i] = integer(p, i, 0, Integer.MAX_VALUE);
            }
            return new ConnectionStatistics(v[0], v[1], v[2], v[3], v[4], v[5]);
        });
    }

    /** A {@code +CGEV:} notification. */
    public static Optional<PacketEvent> parseCgev(String line) {
        String text = line.stripLeading();
        if (!text.startsWith("+CGEV:")) {
            return Optional.empty();
        }
        // Only leading blanks go: "ME PDN ACT " without its cid is malformed, not another event.
        String event = text.substring(6).stripLeading();
        try {
            if (event.startsWith("ME PDN ACT ")) {
                return Optional.of(new PacketEvent(PacketEventKind.PDN_ACTIVATED, cidOf(event.substring(11))));
            }
            if (event.startsWith("ME PDN DEACT ") || event.startsWith("NW PDN DEACT ")) {
                return Optional.of(new PacketEvent(PacketEventKind.PDN_DEACTIVATED, cidOf(event.substring(13))));
            }
            if (event.startsWith("IPV6 FAIL ")) {
                return Optional.of(new PacketEvent(PacketEventKind.IPV6_FAILED, cidOf(event.substring(10))));
            }
            if (event.startsWith("IPV6 ")) {
                return Optional.of(new PacketEvent(PacketEventKind.IPV6, cidOf(event.substring(5))));
            }
            if (event.strip().equals("NW DETACH") || event.strip().equals("ME DETACH")) {
                return Optional.of(new PacketEvent(PacketEventKind.DETACHED, OptionalInt.empty()));
            }
            return Optional.of(new PacketEvent(PacketEventKind.OTHER, OptionalInt.empty()));
        } catch (AtSyntaxException e) {
            return malformed("+CGEV", line, e.getMessage());
        }
    }

    private static OptionalInt cidOf(String parameters) throws AtSyntaxException {
        return OptionalInt.of(integer(AtParameters.parse(parameters), 0, 0, 255));
    }

    /** A {@code +CNEC_ESM: <cause>,<cid>} notification. */
    public static Optional<EsmRejection> parseCnecEsm(String line) {
        try {
            Optional<List<Param>> params = AtParameters.ofResponse(line.strip(), "+CNEC_ESM");
            if (params.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new EsmRejection(integer(params.get(), 0, 0, 255), integer(params.get(), 1, 0, 255)));
        } catch (AtSyntaxException e) {
            return malformed("+CNEC_ESM", line, e.getMessage());
        }
    }

    /**
     * Seconds of a GPRS Timer 3 value (Periodic-TAU-ext, 3GPP TS 24.008 §10.5.7.4a): bits 8–6 the unit
     * (10 min, 1 h, 10 h, 2 s, 30 s, 1 min, 320 h), bits 5–1 the count; empty when deactivated (111).
     */
    public static OptionalLong periodicTauSeconds(String bits) {
        if (!TIMER.matcher(bits).matches()) {
            return OptionalLong.empty();
        }
        long[] units = {600, 3600, 36_000, 2, 30, 60, 1_152_000};
        int unit = Integer.parseInt(bits.substring(0, 3), 2);
        return unit == 7 ? OptionalLong.empty() : OptionalLong.of(units[unit] * Integer.parseInt(bits.substring(3), 2));
    }

    /**
     * Seconds of a GPRS Timer 2 value (Active-Time, 3GPP TS 24.008 §10.5.7.4): bits 8–6 the unit (2 s,
     * 1 min, 6 min; other units count as 1 min), bits 5–1 the count; empty when deactivated (111).
     */
    public static OptionalLong activeTimeSeconds(String bits) {
        if (!TIMER.matcher(bits).matches()) {
            return OptionalLong.empty();
        }
        int unit = Integer.parseInt(bits.substring(0, 3), 2);
        long seconds = switch (unit) {
            case 0 -> 2;
            case 2 -> 360;
            case 7 -> -1;
            default -> 60;
        };
        return seconds < 0 ? OptionalLong.empty() : OptionalLong.of(seconds * Integer.parseInt(bits.substring(3), 2));
    }
}
