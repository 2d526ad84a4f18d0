package io.carrieremu.os.sim.modem;

import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtParameters.Param;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.os.AtNotificationListener;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.SmsDeliver;
import io.carrieremu.core.os.SmsListener;
import io.carrieremu.core.os.Subscription;
import io.carrieremu.os.sim.clock.SimScheduler;
import io.carrieremu.os.sim.clock.SimThread;
import io.carrieremu.os.sim.clock.VirtualClock;
import io.carrieremu.os.sim.network.NetworkModel;
import io.carrieremu.os.sim.sim.SimCard;
import io.carrieremu.os.sim.transcript.Transcript;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated nRF91-style modem: an AT interpreter with the response formats of the nRF91 AT command
 * reference for every command the carrier library uses, unsolicited notifications delivered to
 * subscribers in order, and the radio, SIM, PDN and credential state behind them.
 *
 * <p>{@code +CFUN} drives the radio: 1 (or 21) turns LTE on, the modem searches ({@code +CEREG: 2}) and
 * registers after the network's registration delay ({@code +CEREG: 1}, or 5 when roaming, or 3 when
 * denied); 4, 0, 20 and 44 turn it off and detach. Credentials ({@code %CMNG}) can be written and
 * deleted only while LTE is off ({@code +CME ERROR: 518} otherwise); CA and client certificates (types 0
 * and 1) must be PEM X.509 certificates, their line breaks inside the quoted string; keys cannot be read back, as on a
 * real modem — the simulated OS layer uses them by sec tag through {@link #credential(int, int)}.
 *
 * <p>Errors are {@code ERROR}, or {@code +CME ERROR: <n>} when {@code AT+CMEE=1} is set: 10 SIM not
 * inserted, 11 SIM PIN required, 16 incorrect PIN, 30 no network service, 148 PDN activation rejected
 * (3GPP TS 27.007); 513 not found, 514 no access, 515 memory full, 518 not allowed in the current
 * functional mode (nRF91). Unknown commands and malformed parameters give {@code ERROR}.
 *
 * <p>Like the nRF91, the modem takes command lines of at most {@value #MAX_LINE_BYTES} bytes (UTF-8,
 * without the terminator); a longer line is refused with {@code ERROR} before it is parsed, so any line
 * costs memory in proportion to at most that limit. Every line gets an answer — {@code OK}, an
 * information response, {@code ERROR} or {@code +CME ERROR} — and {@link #execute} throws for none.
 *
 * <p>The transcript shows secrets as {@code toString()} does elsewhere ({@code Psk[16 bytes, redacted]}):
 * the content of {@code AT%CMNG} writes of keys (type 2 private key, 3 PSK, or a type that cannot be
 * read) is recorded as {@code [N characters redacted]}, and {@code +CSIM} answers that carry the data
 * of a PKCS#15 application file (the SIM's LwM2M bootstrap record, keys included) as
 * {@code +CSIM: <len>,"[N bytes redacted]<SW>"}. The caller always gets the real answer.
 *
 * <p>Tests can make the modem misbehave: {@link #scriptAnswer} replaces the answer to a command.
 *
 * <p>{@code %XAPNCLASS} (Verizon's APN class table): {@code AT%XAPNCLASS=0,<class>} answers
 * {@code %XAPNCLASS: <class>,"<apn>","<addr_type>"} — the read reply of the nRF91 AT command reference
 * v1.x, e.g. {@code %XAPNCLASS: 3,"VZWINTERNET","IPV4V6"} — or {@code ERROR} for a class the table
 * does not have; {@code AT%XAPNCLASS=1,<class>,"<apn>"} sets an entry (class 1..10, APN of 1..63
 * characters without quotes). The table comes from the SIM card ({@link SimCard#apnClasses()}) when
 * it is inserted and is kept across shutdowns like the modem's NVM; the address type is always
 * {@code IPV4V6} here.
 *
 * <p>{@code %XCONNSTAT} counts what the simulated network carries for this modem
 * ({@link #countTraffic}): UDP payload bytes (no IP or UDP headers are modelled) of datagrams sent
 * while their PDN is active — lost on the way or not, the radio sent them — and of datagrams that
 * arrived; Tx/Rx are whole kilobytes (1024 bytes, rounded down), the maximum and average message
 * sizes are over the datagrams of both directions.
 *
 * <p>Commands run on the caller's thread, one at a time; notifications are recorded in the transcript
 * when they happen and delivered on a dedicated {@link SimThread} in order.
 */
public final class SimModem {

    /** Fixed identity of the modem. */
    public record Identity(String imei, String svn, String manufacturer, String model, String hardwareVersion) {
        /** Checks the components. */
        public Identity {
            if (!imei.matches("[0-9]{15}")) {
                throw new IllegalArgumentException("an IMEI has 15 digits");
            }
        }

        /** An nRF9160 with the given IMEI. */
        public static Identity nrf9160(String imei) {
            return new Identity(imei, "12", "Nordic Semiconductor ASA", "nRF9160-SICA", "nRF9160 SICA B0A");
        }
    }

    /** Radio registration state. */
    private enum Radio { OFF, SEARCHING, REGISTERED, DENIED }

    /** A PDP context. */
    private static final class Context {
        String type;
        String apn;
        boolean active;
        boolean ipv4Granted;
        boolean ipv6Granted;
        /** Bumped by every new IPv6 address the network gives this context. */
        int ipv6Generation;

        Context(String type, String apn) {
            this.type = type;
            this.apn = apn;
        }
    }

    private record Sub(String prefix, AtNotificationListener listener) {
    }

    private final List<SmsListener> smsListeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.IntConsumer> cfunListeners = new CopyOnWriteArrayList<>();

    /** A refused command: plain ERROR ({@code cme} &lt; 0) or a CME error number. */
    private static final class AtFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final int cme;

        AtFailure(int cme) {
            super(null, null, false, false);
            this.cme = cme;
        }
    }

    /** The longest command line the modem takes, in bytes (the nRF91's AT command buffer). */
    public static final int MAX_LINE_BYTES = 4096;

    // DOTALL: a quoted string may hold line breaks (a PEM certificate for %CMNG).
    private static final Pattern COMMAND = Pattern.compile("(?is)AT([+%][A-Z0-9_]+)(=\\?|\\?|=(.*))?");
    private static final int MAX_DISABLED_APNS = 16;
    private static final int MAX_APN_LENGTH = 63;
    private static final Set<String> PUBLIC_CREDENTIAL_TYPES = Set.of("0", "1", "4", "5");
    private static final Set<Integer> CFUN_VALUES = Set.of(0, 1, 4, 20, 21, 30, 31, 40, 41, 44);
    private static final Set<String> PDP_TYPES = Set.of("IP", "IPV6", "IPV4V6", "Non-IP");
    private static final int MAX_CID = 11;
    private static final int MAX_CREDENTIALS = 32;
    private static final DateTimeFormatter CCLK = DateTimeFormatter.ofPattern("yy/MM/dd,HH:mm:ss", Locale.ROOT);

    private final VirtualClock clock;
    private final Transcript transcript;
    private final SimThread notifier;
    private final NetworkModel network;
    private final Identity identity;
    private final List<Sub> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, java.util.function.Supplier<AtResponse>> scripted = new java.util.HashMap<>();
    private boolean redactResponse;

    private SimCard card;
    private String firmwareVersion = "mfw_nrf9160_1.3.5";
    private boolean lteOn;
    private boolean uiccOn;
    private boolean gnssOn;
    private int cmee;
    private int ceregLevel;
    private int cnec;
    private boolean cgerep;
    private boolean xsim;
    private boolean cesq;
    private boolean coverage = true;
    private Radio radio = Radio.OFF;
    private VirtualClock.TimelineEvent attach;
    private Long networkTimeOffsetMillis;
    private final Map<Integer, Context> contexts = new TreeMap<>();
    private final Set<String> disabledApns = new LinkedHashSet<>();
    private final Map<String, String> credentials = new TreeMap<>();
    private final Map<Integer, String> apnClasses = new TreeMap<>();
    private final int[] systemMode = {1, 0, 1, 0};
    private boolean connStatRunning;
    private long smsSent;
    private long smsReceived;
    private long bytesSent;
    private long bytesReceived;
    private long packetsSent;
    private long packetsReceived;
    private int maxPacket;

    /**
     * A modem, powered off (CFUN=0), with {@code card} inserted (null for none).
     *
     * @param clock the device's clock; notifications are delivered on a new {@link SimThread} of it
     */
    public SimModem(VirtualClock clock, Transcript transcript, NetworkModel network, Identity identity, SimCard card) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transcript = Objects.requireNonNull(transcript, "transcript");
        this.network = Objects.requireNonNull(network, "network");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.card = card;
        if (card != null) {
            apnClasses.putAll(card.apnClasses());
        }
        this.notifier = clock.newThread("at-notifications", SimScheduler.NOTIFICATION_PRIORITY);
        contexts.put(0, new Context("IPV4V6", ""));
    }

    /** The modem's identity. */
    /** The inserted SIM card, or empty. */
    public synchronized java.util.Optional<SimCard> card() {
        return java.util.Optional.ofNullable(card);
    }

    /** The modem's identity (IMEI, model, versions). */
    public Identity identity() {
        return identity;
    }

    /** The network this modem talks to. */
    public NetworkModel network() {
        return network;
    }

    /** The transcript the modem writes to. */
    public Transcript transcript() {
        return transcript;
    }

    // ------------------------------------------------------------------ AT interface

    /**
     * Executes one command line (without line terminator) and returns its response. Records the
     * command and every response line in the transcript, secrets redacted.
     *
     * @param line any text; a line of more than {@link #MAX_LINE_BYTES} bytes, or with a line break outside
     *     a quoted string, is answered {@code ERROR} without being interpreted
     * @return the answer; never throws for any content of {@code line}
     */
    public AtResponse execute(String line) {
        Objects.requireNonNull(line, "line");
        synchronized (this) {
            String command = line.strip();
            boolean tooLong = utf8Length(line) > MAX_LINE_BYTES;
            transcript.record(Transcript.Kind.AT_COMMAND, transcribedCommand(command, line, tooLong));
            redactResponse = false;
            AtResponse response;
            java.util.function.Supplier<AtResponse> script = tooLong ? null : scripted.get(command.toUpperCase(Locale.ROOT));
            if (script != null) {
                response = script.get();
            } else if (tooLong || hasBareLineBreak(command)) {
                response = AtResponse.error();
            } else {
                try {
                    response = AtResponse.ok(dispatch(command));
                } catch (AtFailure failure) {
                    response = failure.cme >= 0 && cmee == 1 ? AtResponse.cmeError(failure.cme) : AtResponse.error();
                }
            }
            for (String text : response.lines()) {
                transcript.record(Transcript.Kind.AT_RESPONSE, redactResponse ? redactedCsim(text) : text);
            }
            transcript.record(Transcript.Kind.AT_RESPONSE, response.finalLine());
            return response;
        }
    }

    /**
     * True if {@code command} breaks the line outside a quoted string. Inside quotes a line break is
     * content (a PEM certificate in {@code AT%CMNG}), as the whole command reaches the modem at once
     * ({@code nrf_modem_at_cmd}); outside it would end the command.
     */
    private static boolean hasBareLineBreak(String command) {
        boolean quoted = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if ((c == '\n' || c == '\r') && !quoted) {
                return true;
            }
        }
        return false;
    }

    /**
     * From now on answers {@code command} (compared without case and surrounding spaces) with what
     * {@code answer} gives, instead of interpreting it — a modem that misbehaves, for tests of what the
     * library does with hostile answers. The answer is recorded in the transcript like any other.
     *
     * @param answer called for each such command; null forgets the script of {@code command}
     */
    public synchronized void scriptAnswer(String command, java.util.function.Supplier<AtResponse> answer) {
        String key = command.strip().toUpperCase(Locale.ROOT);
        if (answer == null) {
            scripted.remove(key);
        } else {
            scripted.put(key, answer);
        }
    }

    /** Forgets every {@link #scriptAnswer} script: the modem interprets every command again. */
    public synchronized void clearScriptedAnswers() {
        scripted.clear();
    }

    private static long utf8Length(String line) {
        if (line.length() > MAX_LINE_BYTES) {
            return line.length();
        }
        long bytes = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** The command as the transcript shows it: key content redacted, a refused long line cut, controls escaped. */
    private static String transcribedCommand(String command, String line, boolean tooLong) {
        String text = redactedCommand(command);
        if (tooLong) {
            text = text.substring(0, Math.min(32, text.length())) + "… (" + line.length() + " characters, longer than the "
                    + MAX_LINE_BYTES + "-byte limit)";
        }
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                if (escaped == null) {
                    escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                escaped.append(String.format("\\x%02X", (int) c));
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    /**
     * {@code AT%CMNG=<op>,<tag>,<type>,<content>…} with the content replaced unless the type is one whose
     * content is public (0 root CA, 1 client certificate, 4 PSK identity, 5 public key).
     */
    private static String redactedCommand(String command) {
        if (command.length() < 8 || !command.regionMatches(true, 0, "AT%CMNG=", 0, 8)) {
            return command;
        }
        int first = command.indexOf(',', 8);
        int second = first < 0 ? -1 : command.indexOf(',', first + 1);
        int third = second < 0 ? -1 : command.indexOf(',', second + 1);
        if (third < 0) {
            return command;
        }
        String type = command.substring(second + 1, third).strip();
        if (PUBLIC_CREDENTIAL_TYPES.contains(type)) {
            return command;
        }
        return command.substring(0, third + 1) + "[" + (command.length() - third - 1) + " characters redacted]";
    }

    /** {@code +CSIM: <len>,"<data><SW>"} with the data replaced by its size. */
    private static String redactedCsim(String text) {
        int quote = text.indexOf('"');
        int end = text.lastIndexOf('"');
        if (quote < 0 || end - quote - 1 < 4) {
            return text;
        }
        String hex = text.substring(quote + 1, end);
        return text.substring(0, quote + 1) + "[" + (hex.length() - 4) / 2 + " bytes redacted]" + hex.substring(hex.length() - 4)
                + text.substring(end);
    }

    /**
     * Delivers every notification starting with {@code prefix} (empty: all) to {@code listener}, on the
     * modem's notification thread, in order.
     */
    public Subscription subscribe(String prefix, AtNotificationListener listener) {
        Sub sub = new Sub(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(listener, "listener"));
        subscribers.add(sub);
        return () -> subscribers.remove(sub);
    }

    private void notifyLine(String line) {
        transcript.record(Transcript.Kind.AT_NOTIFICATION, line);
        notifier.submit(() -> {
            for (Sub sub : subscribers) {
                if (line.startsWith(sub.prefix())) {
                    sub.listener().onNotification(line);
                }
            }
        });
    }

    private void device(String text) {
        transcript.record(Transcript.Kind.DEVICE, text);
    }

    private List<String> dispatch(String line) throws AtFailure {
        if (line.equalsIgnoreCase("AT")) {
            return List.of();
        }
        Matcher m = COMMAND.matcher(line);
        if (!m.matches()) {
            throw error();
        }
        String name = m.group(1).toUpperCase(Locale.ROOT);
        String suffix = m.group(2);
        Form form = suffix == null ? Form.EXEC : suffix.equals("=?") ? Form.TEST : suffix.equals("?") ? Form.READ : Form.SET;
        List<Param> params;
        try {
            params = form == Form.SET ? AtParameters.parse(m.group(3)) : List.of();
        } catch (AtSyntaxException e) {
            throw error();
        }
        return switch (name) {
            case "+CMEE" -> cmee(form, params);
            case "+CGSN" -> cgsn(form, params);
            case "+CGMI" -> exec(form, identity.manufacturer());
            case "+CGMM" -> exec(form, identity.model());
            case "+CGMR" -> exec(form, firmwareVersion);
            case "%HWVERSION" -> exec(form, "%HWVERSION: " + identity.hardwareVersion());
            case "+CFUN" -> cfun(form, params);
            case "+CIMI" -> exec(form, readyCard().imsi());
            case "%XICCID" -> exec(form, "%XICCID: " + iccidText(readyCard().iccid()));
            case "+CRSM" -> crsm(form, params);
            case "+CSIM" -> csim(form, params);
            case "+CNUM" -> cnum(form);
            case "+CPIN" -> cpin(form, params);
            case "%XSIM" -> xsim(form, params);
            case "%XOPERID" -> exec(form, "%XOPERID: " + readyCard().operatorId());
            case "+COPS" -> cops(form, params);
            case "+CEREG" -> cereg(form, params);
            case "%XMONITOR" -> xmonitor(form);
            case "+CGDCONT" -> cgdcont(form, params);
            case "+CGACT" -> cgact(form, params);
            case "%XNEWCID" -> xnewcid(form);
            case "%XGETPDNID" -> xgetpdnid(form, params);
            case "+CGPADDR" -> cgpaddr(form, params);
            case "%XAPNSTATUS" -> xapnstatus(form, params);
            case "%XAPNCLASS" -> xapnclass(form, params);
            case "+CNEC" -> cnec(form, params);
            case "+CGEREP" -> cgerep(form, params);
            case "%XSYSTEMMODE" -> xsystemmode(form, params);
            case "%CMNG" -> cmng(form, params);
            case "+CESQ" -> cesqRead(form);
            case "%CESQ" -> cesqSubscribe(form, params);
            case "%XSNRSQ" -> xsnrsq(form);
            case "%XCONNSTAT" -> xconnstat(form, params);
            case "%CCLK" -> cclk(form, params, "%CCLK", true);
            case "+CCLK" -> cclk(form, params, "+CCLK", false);
            case "%2DID" -> exec(form, "%2DID: \"" + twoDid() + "\"");
            case "+CNMI", "+ODISNTF", "%XTIME", "%MDMEV" -> acceptSubscription(form, params);
            default -> throw error();
        };
    }

    private enum Form { EXEC, SET, READ, TEST }

    private static AtFailure error() {
        return new AtFailure(-1);
    }

    private static AtFailure cme(int code) {
        return new AtFailure(code);
    }

    private static List<String> exec(Form form, String line) throws AtFailure {
        if (form != Form.EXEC) {
            throw error();
        }
        return List.of(line);
    }

    private static int intParam(List<Param> params, int index) throws AtFailure {
        if (index >= params.size()) {
            throw error();
        }
        try {
            return params.get(index).asInt();
        } catch (AtSyntaxException e) {
            throw error();
        }
    }

    private static String stringParam(List<Param> params, int index) throws AtFailure {
        if (index >= params.size()) {
            throw error();
        }
        try {
            return params.get(index).asString();
        } catch (AtSyntaxException e) {
            throw error();
        }
    }

    private static void arity(List<Param> params, int min, int max) throws AtFailure {
        if (params.size() < min || params.size() > max) {
            throw error();
        }
    }

    // ------------------------------------------------------------------ identity and general

    private List<String> cmee(Form form, List<Param> params) throws AtFailure {
        return setting(form, params, "+CMEE", Set.of(0, 1), "(0,1)", () -> cmee, n -> cmee = n);
    }

    /** A command that sets and reads one number: {@code AT<name>=<n>}, {@code AT<name>?}, {@code AT<name>=?}. */
    private static List<String> setting(Form form, List<Param> params, String name, Set<Integer> allowed, String range,
            java.util.function.IntSupplier get, java.util.function.IntConsumer set) throws AtFailure {
        switch (form) {
            case SET -> {
                arity(params, 1, 1);
                int n = intParam(params, 0);
                if (!allowed.contains(n)) {
                    throw error();
                }
                set.accept(n);
                return List.of();
            }
            case READ -> {
                return List.of(name + ": " + get.getAsInt());
            }
            case TEST -> {
                return List.of(name + ": " + range);
            }
            default -> throw error();
        }
    }

    private List<String> cgsn(Form form, List<Param> params) throws AtFailure {
        if (form == Form.EXEC) {
            return List.of(identity.imei());
        }
        if (form == Form.TEST) {
            return List.of("+CGSN: (0-3)");
        }
        if (form != Form.SET) {
            throw error();
        }
        arity(params, 1, 1);
        return switch (intParam(params, 0)) {
            case 0 -> List.of(identity.imei());
            case 1 -> List.of("+CGSN: \"" + identity.imei() + "\"");
            case 2 -> List.of("+CGSN: \"" + identity.imei().substring(0, 14) + identity.svn() + "\"");
            case 3 -> List.of("+CGSN: \"" + identity.svn() + "\"");
            default -> throw error();
        };
    }

    private List<String> acceptSubscription(Form form, List<Param> params) throws AtFailure {
        if (form != Form.SET || params.isEmpty()) {
            throw error();
        }
        for (Param param : params) {
            if (!param.isEmpty()) {
                intParam(List.of(param), 0);
            }
        }
        return List.of();
    }

    // ------------------------------------------------------------------ functional mode and radio

    private List<String> cfun(Form form, List<Param> params) throws AtFailure {
        switch (form) {
            case SET -> {
                arity(params, 1, 1);
                int fun = intParam(params, 0);
                if (!CFUN_VALUES.contains(fun)) {
                    throw error();
                }
                applyCfun(fun);
                notifier.submit(() -> cfunListeners.forEach(listener -> listener.accept(fun)));
                return List.of();
            }
            case READ -> {
                return List.of("+CFUN: " + (lteOn ? 1 : uiccOn || gnssOn ? 4 : 0));
            }
            case TEST -> {
                return List.of("+CFUN: (0,1,4,20,21,30,31,40,41,44)");
            }
            default -> throw error();
        }
    }

    private void applyCfun(int fun) {
        switch (fun) {
            case 0 -> {
                setLte(false);
                setUicc(false);
                gnssOn = false;
            }
            case 1 -> {
                setUicc(true);
                gnssOn = true;
                setLte(true);
            }
            case 4 -> {
                setLte(false);
                setUicc(true);
                gnssOn = false;
            }
            case 20 -> setLte(false);
            case 21 -> {
                setUicc(true);
                setLte(true);
            }
            case 30 -> gnssOn = false;
            case 31 -> gnssOn = true;
            case 40 -> {
                setLte(false);
                setUicc(false);
            }
            case 41 -> setUicc(true);
            case 44 -> {
                setLte(false);
                setUicc(true);
            }
            default -> throw new IllegalStateException("unreachable");
        }
    }

    private void setUicc(boolean on) {
        if (on == uiccOn) {
            return;
        }
        uiccOn = on;
        if (card != null) {
            card.reset();
        }
        if (xsim) {
            notifyLine(on && simReady() ? "%XSIM: 1" : "%XSIM: 0");
        }
    }

    private void setLte(boolean on) {
        if (on == lteOn) {
            return;
        }
        lteOn = on;
        if (on) {
            device("LTE on");
            startSearching();
        } else {
            device("LTE off");
            boolean wasRegistered = radio == Radio.REGISTERED;
            cancelAttach();
            deactivateAll(false);
            radio = Radio.OFF;
            if (wasRegistered && cgerep) {
                notifyLine("+CGEV: ME DETACH");
            }
            emitCereg();
        }
    }

    private void startSearching() {
        radio = Radio.SEARCHING;
        emitCereg();
        if (!simReady() || !coverage) {
            return;
        }
        cancelAttach();
        attach = clock.schedule(network.registrationDelay(), "attach", this::attachNow);
    }

    private void cancelAttach() {
        if (attach != null) {
            clock.cancel(attach);
            attach = null;
        }
    }

    private synchronized void attachNow() {
        attach = null;
        if (!lteOn || !coverage || radio != Radio.SEARCHING) {
            return;
        }
        Optional<Integer> reject = network.rejectCause();
        if (reject.isPresent()) {
            radio = Radio.DENIED;
            device("registration denied, EMM cause " + reject.get());
            emitCereg();
            return;
        }
        radio = Radio.REGISTERED;
        networkTimeOffsetMillis = network.timeAtBoot().toEpochMilli();
        device("registered to " + network.plmn() + (network.roaming() ? " (roaming)" : " (home)"));
        emitCereg();
        Context defaultContext = contexts.get(0);
        defaultContext.apn = network.defaultApn();
        activate(0, defaultContext);
        if (cesq) {
            notifyLine(cesqLine());
        }
    }

    private boolean simReady() {
        return card != null && uiccOn && card.pinState() == SimCard.PinState.READY;
    }

    private int stat() {
        return switch (radio) {
            case OFF -> card == null && uiccOn ? 90 : 0;
            case SEARCHING -> 2;
            case DENIED -> 3;
            case REGISTERED -> network.roaming() ? 5 : 1;
        };
    }

    /** The {@code +CEREG} parameters after {@code <n>} at notification level {@code level}. */
    private String ceregParams(int level) {
        int stat = stat();
        StringBuilder text = new StringBuilder().append(stat);
        if (level < 2) {
            return text.toString();
        }
        boolean registered = stat == 1 || stat == 5;
        if (registered) {
            text.append(",\"").append(network.tac()).append("\",\"").append(network.cellId()).append("\",")
                    .append(network.accessTechnology());
            if (level >= 4) {
                text.append(",,,\"").append(network.activeTime()).append("\",\"").append(network.periodicTau()).append('"');
            }
        } else if (stat == 3 && level >= 3) {
            text.append(",\"").append(network.tac()).append("\",\"").append(network.cellId()).append("\",")
                    .append(network.accessTechnology()).append(",0,").append(network.rejectCause().orElse(0));
        }
        return text.toString();
    }

    private void emitCereg() {
        if (ceregLevel > 0) {
            notifyLine("+CEREG: " + ceregParams(ceregLevel));
        }
    }

    private List<String> cereg(Form form, List<Param> params) throws AtFailure {
        if (form == Form.READ) {
            return List.of("+CEREG: " + ceregLevel + "," + ceregParams(ceregLevel));
        }
        return setting(form, params, "+CEREG", Set.of(0, 1, 2, 3, 4, 5), "(0-5)", () -> ceregLevel, n -> ceregLevel = n);
    }

    private List<String> cops(Form form, List<Param> params) throws AtFailure {
        switch (form) {
            case READ -> {
                if (radio == Radio.REGISTERED) {
                    return List.of("+COPS: 0,2,\"" + network.plmn() + "\"," + network.accessTechnology());
                }
                return List.of(lteOn ? "+COPS: 0" : "+COPS: 2");
            }
            case SET -> {
                int mode = intParam(params, 0);
                if (mode != 0 && mode != 3) {
                    throw error();
                }
                return List.of();
            }
            case TEST -> {
                return List.of("+COPS: (2,\"" + network.fullName() + "\",\"" + network.shortName() + "\",\""
                        + network.plmn() + "\"," + network.accessTechnology() + "),,(0,1,3,4),(0,1,2)");
            }
            default -> throw error();
        }
    }

    private List<String> xmonitor(Form form) throws AtFailure {
        if (form != Form.EXEC) {
            throw error();
        }
        int stat = stat();
        if (stat != 1 && stat != 5) {
            return List.of("%XMONITOR: " + stat);
        }
        return List.of("%XMONITOR: " + stat + ",\"" + network.fullName() + "\",\"" + network.shortName() + "\",\""
                + network.plmn() + "\",\"" + network.tac() + "\"," + network.accessTechnology() + "," + network.band()
                + ",\"" + network.cellId() + "\"," + network.physicalCellId() + "," + network.earfcn() + ","
                + network.rsrp() + "," + network.snr() + ",\"\",\"11100000\",\"11100000\",\"01011110\"");
    }

    // ------------------------------------------------------------------ SIM

    private SimCard readyCard() throws AtFailure {
        if (card == null || !uiccOn) {
            throw cme(10);
        }
        if (card.pinState() != SimCard.PinState.READY) {
            throw cme(11);
        }
        return card;
    }

    private static String iccidText(String iccid) {
        return iccid.length() % 2 == 0 ? iccid : iccid + "F";
    }

    private List<String> cnum(Form form) throws AtFailure {
        if (form != Form.EXEC) {
            throw error();
        }
        Optional<String> msisdn = readyCard().msisdn(clock.nowMillis());
        if (msisdn.isEmpty()) {
            throw error();
        }
        String number = msisdn.get();
        return List.of("+CNUM: ,\"" + number + "\"," + (number.startsWith("+") ? 145 : 129));
    }

    private List<String> cpin(Form form, List<Param> params) throws AtFailure {
        if (card == null || !uiccOn) {
            throw cme(10);
        }
        switch (form) {
            case READ -> {
                return List.of("+CPIN: " + card.pinState().text());
            }
            case SET -> {
                arity(params, 1, 2);
                if (!card.verifyPin(stringParam(params, 0))) {
                    throw cme(16);
                }
                if (xsim) {
                    notifyLine("%XSIM: 1");
                }
                if (lteOn && radio == Radio.SEARCHING && attach == null) {
                    startSearching();
                }
                return List.of();
            }
            default -> throw error();
        }
    }

    private List<String> xsim(Form form, List<Param> params) throws AtFailure {
        switch (form) {
            case SET -> {
                arity(params, 1, 1);
                int n = intParam(params, 0);
                if (n != 0 && n != 1) {
                    throw error();
                }
                xsim = n == 1;
                return List.of();
            }
            case READ -> {
                return List.of("%XSIM: " + (simReady() ? 1 : 0));
            }
            default -> throw error();
        }
    }

    private List<String> crsm(Form form, List<Param> params) throws AtFailure {
        if (form != Form.SET) {
            throw error();
        }
        arity(params, 1, 7);
        SimCard sim = readyCard();
        int command = intParam(params, 0);
        if (command == 242) {
            return List.of("+CRSM: 144,0");
        }
        if (command != 176) {
            return List.of("+CRSM: 109,0");
        }
        arity(params, 5, 7);
        int fileId = intParam(params, 1);
        int p1 = intParam(params, 2);
        int p2 = intParam(params, 3);
        int length = intParam(params, 4);
        if (fileId < 0 || fileId > 0xFFFF || p1 < 0 || p1 > 0x7F || p2 < 0 || p2 > 0xFF || length < 0 || length > 0xFF) {
            throw error();
        }
        int offset = (p1 << 8) | p2;
        if (fileId != 0x2FE2) {
            return List.of("+CRSM: 106,130");
        }
        byte[] content = sim.files().iccidFile();
        if (offset > content.length) {
            return List.of("+CRSM: 107,0");
        }
        byte[] data = java.util.Arrays.copyOfRange(content, offset, Math.min(content.length, offset + (length == 0 ? 256 : length)));
        return List.of("+CRSM: 144,0,\"" + HexFormat.of().withUpperCase().formatHex(data) + "\"");
    }

    private List<String> csim(Form form, List<Param> params) throws AtFailure {
        if (form != Form.SET) {
            throw error();
        }
        arity(params, 2, 2);
        int length = intParam(params, 0);
        String hex = stringParam(params, 1);
        if (length != hex.length() || hex.length() < 8 || hex.length() % 2 != 0) {
            throw error();
        }
        byte[] apdu;
        try {
            apdu = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw error();
        }
        if (card == null || !uiccOn) {
            throw cme(10);
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        boolean basicChannel = (cla & 0x43) == 0;
        // nRF91: on the basic channel only STATUS, MANAGE CHANNEL, PIN commands and ENVELOPE pass.
        if (basicChannel && !Set.of(0xF2, 0x70, 0x20, 0x2C, 0x24, 0x26, 0x28, 0xC2).contains(ins)) {
            throw error();
        }
        redactResponse = card.readsApplicationFile(apdu);
        byte[] response = card.transmit(apdu);
        String text = HexFormat.of().withUpperCase().formatHex(response);
        return List.of("+CSIM: " + text.length() + ",\"" + text + "\"");
    }

    // ------------------------------------------------------------------ PDN

    private List<String> cgdcont(Form form, List<Param> params) throws AtFailure {
        switch (form) {
            case SET -> {
                arity(params, 1, 6);
                int cid = intParam(params, 0);
                if (cid < 0 || cid > MAX_CID) {
                    throw error();
                }
                Context existing = contexts.get(cid);
                if (existing != null && existing.active) {
                    throw cme(518);
                }
                if (params.size() == 1) {
                    if (cid == 0) {
                        throw error();
                    }
                    contexts.remove(cid);
                    return List.of();
                }
                String type = stringParam(params, 1);
                if (!PDP_TYPES.contains(type)) {
                    throw error();
                }
                String apn = params.size() > 2 && !params.get(2).isEmpty() ? stringParam(params, 2) : "";
                if (apn.length() > 63) {
                    throw error();
                }
                contexts.put(cid, new Context(type, apn));
                return List.of();
            }
            case READ -> {
                List<String> lines = new ArrayList<>();
                contexts.forEach((cid, c) -> lines.add("+CGDCONT: " + cid + ",\"" + c.type + "\",\"" + c.apn + "\",\""
                        + (c.active && c.ipv4Granted ? ipv4(cid) : "") + "\",0,0"));
                return lines;
            }
            case TEST -> {
                return List.of("+CGDCONT: (0-" + MAX_CID + "),(\"IP\",\"IPV6\",\"IPV4V6\",\"Non-IP\")");
            }
            default -> throw error();
        }
    }

    private List<String> cgact(Form form, List<Param> params) throws AtFailure {
        switch (form) {
            case SET -> {
                arity(params, 2, 2);
                int state = intParam(params, 0);
                int cid = intParam(params, 1);
                Context context = contexts.get(cid);
                if ((state != 0 && state != 1) || context == null || cid == 0) {
                    throw error();
                }
                if (state == 0) {
                    if (context.active) {
                        context.active = false;
                        if (cgerep) {
                            notifyLine("+CGEV: ME PDN DEACT " + cid);
                        }
                    }
                    return List.of();
                }
                if (context.active) {
                    return List.of();
                }
                if (radio != Radio.REGISTERED) {
                    throw cme(30);
                }
                Optional<Integer> rejection = disabledApns.contains(context.apn) ? Optional.of(27) : network.apnRejection(context.apn);
                if (rejection.isPresent()) {
                    device("PDN " + cid + " (" + context.apn + ") rejected, ESM cause " + rejection.get());
                    if ((cnec & 16) != 0) {
                        notifyLine("+CNEC_ESM: " + rejection.get() + "," + cid);
                    }
                    throw cme(148);
                }
                activate(cid, context);
                return List.of();
            }
            case READ -> {
                List<String> lines = new ArrayList<>();
                contexts.forEach((cid, c) -> lines.add("+CGACT: " + cid + "," + (c.active ? 1 : 0)));
                return lines;
            }
            case TEST -> {
                return List.of("+CGACT: (0,1)");
            }
            default -> throw error();
        }
    }

    private void activate(int cid, Context context) {
        boolean wantsV4 = !context.type.equals("IPV6") && !context.type.equals("Non-IP");
        boolean wantsV6 = context.type.equals("IPV6") || (context.type.equals("IPV4V6") && !network.ipv4Only());
        context.active = true;
        context.ipv4Granted = wantsV4;
        context.ipv6Granted = wantsV6;
        device("PDN " + cid + " (" + (context.apn.isEmpty() ? "default" : context.apn) + ") active");
        if (cgerep) {
            boolean v4only = context.type.equals("IPV4V6") && wantsV4 && !wantsV6;
            notifyLine("+CGEV: ME PDN ACT " + cid + (v4only ? ",0" : ""));
        }
    }

    private void deactivateAll(boolean byNetwork) {
        contexts.forEach((cid, context) -> {
            if (context.active) {
                context.active = false;
                if (byNetwork && cgerep && cid != 0) {
                    notifyLine("+CGEV: NW PDN DEACT " + cid);
                }
            }
        });
    }

    private List<String> xnewcid(Form form) throws AtFailure {
        if (form != Form.READ) {
            throw error();
        }
        for (int cid = 1; cid <= MAX_CID; cid++) {
            if (!contexts.containsKey(cid)) {
                contexts.put(cid, new Context("IPV4V6", ""));
                return List.of("%XNEWCID: " + cid);
            }
        }
        throw cme(515);
    }

    private List<String> xgetpdnid(Form form, List<Param> params) throws AtFailure {
        if (form != Form.SET) {
            throw error();
        }
        arity(params, 1, 1);
        int cid = intParam(params, 0);
        Context context = contexts.get(cid);
        if (context == null || !context.active) {
            throw error();
        }
        return List.of("%XGETPDNID: " + cid);
    }

    private List<String> cgpaddr(Form form, List<Param> params) throws AtFailure {
        List<Integer> cids = new ArrayList<>();
        if (form == Form.EXEC) {
            contexts.forEach((cid, c) -> {
                if (c.active) {
                    cids.add(cid);
                }
            });
        } else if (form == Form.SET) {
            arity(params, 1, 1);
            int cid = intParam(params, 0);
            if (!contexts.containsKey(cid)) {
                throw error();
            }
            cids.add(cid);
        } else {
            throw error();
        }
        List<String> lines = new ArrayList<>();
        for (int cid : cids) {
            Context c = contexts.get(cid);
            StringBuilder line = new StringBuilder("+CGPADDR: ").append(cid);
            if (c.active && c.ipv4Granted) {
                line.append(",\"").append(ipv4(cid)).append('"');
            }
            if (c.active && c.ipv6Granted) {
                line.append(",\"").append(ipv6(cid, c.ipv6Generation)).append('"');
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static String ipv4(int cid) {
        return "192.0.2." + (10 + cid);
    }

    /** The IPv6 address of context {@code cid} after {@code generation} renewals (the 7th group counts them). */
    private static String ipv6(int cid, int generation) {
        return "2001:DB8:0:0:0:0:" + Integer.toHexString(generation).toUpperCase(Locale.ROOT) + ":"
                + Integer.toHexString(0x10 + cid).toUpperCase(Locale.ROOT);
    }

    private List<String> xapnstatus(Form form, List<Param> params) throws AtFailure {
        switch (form) {
            case SET -> {
                arity(params, 2, 2);
                int enable = intParam(params, 0);
                String apn = stringParam(params, 1);
                if (apn.isEmpty() || apn.length() > MAX_APN_LENGTH) {
                    throw error();
                }
                if (enable == 1) {
                    disabledApns.remove(apn);
                } else if (enable == 0) {
                    if (!disabledApns.contains(apn) && disabledApns.size() >= MAX_DISABLED_APNS) {
                        throw cme(515);
                    }
                    disabledApns.add(apn);
                } else {
                    throw error();
                }
                return List.of();
            }
            case READ -> {
                if (disabledApns.isEmpty()) {
                    return List.of();
                }
                return List.of("%XAPNSTATUS: " + String.join(",", disabledApns.stream().map(a -> "\"" + a + "\"").toList()));
            }
            default -> throw error();
        }
    }

    private List<String> xapnclass(Form form, List<Param> params) throws AtFailure {
        if (form != Form.SET) {
            throw error();
        }
        arity(params, 2, 3);
        int oper = intParam(params, 0);
        int apnClass = intParam(params, 1);
        if (apnClass < 1 || apnClass > 10) {
            throw error();
        }
        if (oper == 0 && params.size() == 2) {
            String apn = apnClasses.get(apnClass);
            if (apn == null) {
                throw error();
            }
            return List.of("%XAPNCLASS: " + apnClass + ",\"" + apn + "\",\"IPV4V6\"");
        }
        if (oper == 1 && params.size() == 3) {
            String apn = stringParam(params, 2);
            if (apn.isEmpty() || apn.length() > 63) {
                throw error();
            }
            apnClasses.put(apnClass, apn);
            device("APN class " + apnClass + " is now " + apn);
            return List.of();
        }
        throw error();
    }

    private List<String> cnec(Form form, List<Param> params) throws AtFailure {
        return setting(form, params, "+CNEC", Set.of(0, 8, 16, 24), "(0,8,16,24)", () -> cnec, n -> cnec = n);
    }

    private List<String> cgerep(Form form, List<Param> params) throws AtFailure {
        switch (form) {
            case SET -> {
                arity(params, 1, 2);
                int mode = intParam(params, 0);
                if (mode != 0 && mode != 1) {
                    throw error();
                }
                cgerep = mode == 1;
                return List.of();
            }
            case READ -> {
                return List.of("+CGEREP: " + (cgerep ? 1 : 0) + ",0");
            }
            case TEST -> {
                return List.of("+CGEREP: (0,1),(0)");
            }
            default -> throw error();
        }
    }

    private List<String> xsystemmode(Form form, List<Param> params) throws AtFailure {
        switch (form) {
            case SET -> {
                arity(params, 4, 4);
                int[] values = new int[4];
                for (int i = 0; i < 4; i++) {
                    values[i] = intParam(params, i);
                    if (values[i] < 0 || values[i] > (i == 3 ? 4 : 1)) {
                        throw error();
                    }
                }
                if (lteOn) {
                    throw cme(518);
                }
                System.arraycopy(values, 0, systemMode, 0, 4);
                return List.of();
            }
            case READ -> {
                return List.of("%XSYSTEMMODE: " + systemMode[0] + "," + systemMode[1] + "," + systemMode[2] + "," + systemMode[3]);
            }
            case TEST -> {
                return List.of("%XSYSTEMMODE: (0,1),(0,1),(0,1),(0-4)");
            }
            default -> throw error();
        }
    }

    // ------------------------------------------------------------------ credentials

    private static String key(int tag, int type) {
        return String.format("%010d/%d", tag, type);
    }

    private List<String> cmng(Form form, List<Param> params) throws AtFailure {
        if (form != Form.SET || params.isEmpty()) {
            throw error();
        }
        int op = intParam(params, 0);
        switch (op) {
            case 0 -> {
                arity(params, 4, 5);
                int tag = intParam(params, 1);
                int type = intParam(params, 2);
                String content = stringParam(params, 3);
                if (tag < 0 || type < 0 || type > 5 || content.isEmpty()) {
                    throw error();
                }
                if (type == 3 && !content.matches("([0-9a-fA-F]{2}){1,64}")) {
                    throw error();
                }
                if ((type == 0 || type == 1) && !isPemCertificate(content)) {
                    throw error();
                }
                if (lteOn) {
                    throw cme(518);
                }
                if (!credentials.containsKey(key(tag, type)) && credentials.size() >= MAX_CREDENTIALS) {
                    throw cme(515);
                }
                credentials.put(key(tag, type), content);
                device("credential written: sec tag " + tag + ", type " + type);
                return List.of();
            }
            case 1 -> {
                arity(params, 1, 3);
                Integer tagFilter = params.size() > 1 ? intParam(params, 1) : null;
                Integer typeFilter = params.size() > 2 ? intParam(params, 2) : null;
                List<String> lines = new ArrayList<>();
                credentials.forEach((k, content) -> {
                    int tag = Integer.parseInt(k.substring(0, 10));
                    int type = Integer.parseInt(k.substring(11));
                    if ((tagFilter == null || tagFilter == tag) && (typeFilter == null || typeFilter == type)) {
                        lines.add("%CMNG: " + tag + "," + type + ",\"" + sha256(content) + "\"");
                    }
                });
                return lines;
            }
            case 2 -> {
                arity(params, 3, 3);
                int tag = intParam(params, 1);
                int type = intParam(params, 2);
                if (type == 1 || type == 2 || type == 3) {
                    throw cme(514);
                }
                String content = credentials.get(key(tag, type));
                if (content == null) {
                    throw cme(513);
                }
                return List.of("%CMNG: " + tag + "," + type + ",\"" + sha256(content) + "\",\"" + content + "\"");
            }
            case 3 -> {
                arity(params, 3, 3);
                int tag = intParam(params, 1);
                int type = intParam(params, 2);
                if (lteOn) {
                    throw cme(518);
                }
                if (credentials.remove(key(tag, type)) == null) {
                    throw cme(513);
                }
                device("credential deleted: sec tag " + tag + ", type " + type);
                return List.of();
            }
            default -> throw error();
        }
    }

    /** True if {@code content} is one or more PEM X.509 certificates (a CA or client certificate for %CMNG). */
    private static boolean isPemCertificate(String content) {
        if (!content.contains("-----BEGIN CERTIFICATE-----")) {
            return false;
        }
        try {
            return !CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content.getBytes(StandardCharsets.US_ASCII))).isEmpty();
        } catch (CertificateException e) {
            return false;
        }
    }

    private static String sha256(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A stored credential as written with {@code %CMNG} (PSKs as hex text), for the simulated OS layer's
     * own use of keys by sec tag — not reachable over AT for keys.
     */
    public synchronized Optional<String> credential(int secTag, int type) {
        return Optional.ofNullable(credentials.get(key(secTag, type)));
    }

    // ------------------------------------------------------------------ signal, statistics, time

    private String cesqLine() {
        return "%CESQ: " + network.rsrp() + "," + threshold(network.rsrp(), 97) + "," + network.rsrq() + ","
                + threshold(network.rsrq(), 34);
    }

    private static int threshold(int value, int max) {
        return Math.min(4, value * 5 / (max + 1));
    }

    private List<String> cesqRead(Form form) throws AtFailure {
        if (form == Form.TEST) {
            return List.of("+CESQ: (99),(99),(255),(255),(0-34,255),(0-97,255)");
        }
        if (form != Form.EXEC) {
            throw error();
        }
        boolean registered = radio == Radio.REGISTERED;
        return List.of("+CESQ: 99,99,255,255," + (registered ? network.rsrq() : 255) + "," + (registered ? network.rsrp() : 255));
    }

    private List<String> cesqSubscribe(Form form, List<Param> params) throws AtFailure {
        if (form != Form.SET) {
            throw error();
        }
        arity(params, 1, 1);
        int n = intParam(params, 0);
        if (n != 0 && n != 1) {
            throw error();
        }
        cesq = n == 1;
        return List.of();
    }

    private List<String> xsnrsq(Form form) throws AtFailure {
        if (form != Form.READ) {
            throw error();
        }
        boolean registered = radio == Radio.REGISTERED;
        return List.of("%XSNRSQ: " + (registered ? network.snr() : 127) + "," + (registered ? 20 : 255) + "," + (registered ? 0 : 255));
    }

    private List<String> xconnstat(Form form, List<Param> params) throws AtFailure {
        switch (form) {
            case SET -> {
                arity(params, 1, 1);
                int n = intParam(params, 0);
                if (n == 1) {
                    connStatRunning = true;
                    smsSent = smsReceived = bytesSent = bytesReceived = packetsSent = packetsReceived = 0;
                    maxPacket = 0;
                } else if (n == 0) {
                    connStatRunning = false;
                } else {
                    throw error();
                }
                return List.of();
            }
            case READ -> {
                long packets = packetsSent + packetsReceived;
                long average = packets == 0 ? 0 : (bytesSent + bytesReceived) / packets;
                return List.of("%XCONNSTAT: " + smsSent + "," + smsReceived + "," + bytesSent / 1024 + ","
                        + bytesReceived / 1024 + "," + maxPacket + "," + average);
            }
            default -> throw error();
        }
    }

    /**
     * The module's 2D identifier (the SiP's 2D barcode): this simulation derives it from the IMEI,
     * {@code 2D} and the IMEI's last 14 digits, so each simulated module has its own.
     */
    private String twoDid() {
        return "2D" + identity.imei().substring(identity.imei().length() - 14);
    }

    private List<String> cclk(Form form, List<Param> params, String prefix, boolean withDst) throws AtFailure {
        if (form == Form.SET && prefix.equals("+CCLK")) {
            // AT+CCLK="yy/MM/dd,hh:mm:ss±zz": the modem clock follows; the network's time zone stays.
            arity(params, 1, 1);
            String text = stringParam(params, 0);
            try {
                int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
                if (sign < 17) {
                    throw error();
                }
                int quarters = Integer.parseInt(text.substring(sign + 1)) * (text.charAt(sign) == '-' ? -1 : 1);
                java.time.LocalDateTime local = java.time.LocalDateTime.parse(text.substring(0, sign), CCLK);
                long utc = local.toInstant(ZoneOffset.ofTotalSeconds(quarters * 15 * 60)).toEpochMilli();
                networkTimeOffsetMillis = utc - clock.nowMillis();
                device("clock set to " + text);
                return List.of();
            } catch (java.time.DateTimeException | NumberFormatException e) {
                throw error();
            }
        }
        if (form != Form.READ) {
            throw error();
        }
        if (networkTimeOffsetMillis == null) {
            throw error();
        }
        int quarters = network.timezoneQuarterHours();
        Instant now = Instant.ofEpochMilli(networkTimeOffsetMillis + clock.nowMillis());
        String local = CCLK.format(now.atOffset(ZoneOffset.ofTotalSeconds(quarters * 15 * 60)));
        String zone = (quarters < 0 ? "-" : "+") + String.format("%02d", Math.abs(quarters));
        return List.of(prefix + ": \"" + local + zone + "\"" + (withDst ? ",0" : ""));
    }

    // ------------------------------------------------------------------ controls and queries for the simulation

    /** Inserts a SIM (replacing any); takes effect at the next UICC power-up. Its APN class table replaces the modem's. */
    public synchronized void insertSim(SimCard newCard) {
        this.card = newCard;
        apnClasses.clear();
        if (newCard != null) {
            apnClasses.putAll(newCard.apnClasses());
        }
        device("SIM inserted: " + (newCard == null ? "none" : newCard.name()));
    }

    /** The inserted SIM, if any. */
    public synchronized Optional<SimCard> sim() {
        return Optional.ofNullable(card);
    }

    /** The network loses coverage: a registered modem goes back to searching. */
    public synchronized void loseCoverage() {
        coverage = false;
        device("coverage lost");
        cancelAttach();
        if (lteOn && radio != Radio.SEARCHING) {
            radio = Radio.SEARCHING;
            emitCereg();
        }
    }

    /** Coverage returns: a searching modem registers after the registration delay. */
    public synchronized void restoreCoverage() {
        coverage = true;
        device("coverage restored");
        if (lteOn && radio == Radio.SEARCHING && attach == null) {
            startSearching();
        }
    }

    /** The network detaches the modem ({@code +CGEV: NW DETACH}); it searches and re-attaches. */
    public synchronized void networkDetach() {
        if (radio != Radio.REGISTERED) {
            return;
        }
        device("network detach");
        if (cgerep) {
            notifyLine("+CGEV: NW DETACH");
        }
        deactivateAll(false);
        startSearching();
    }

    /**
     * The modem moves to another cell: the network's serving cell changes and, if registered, the modem
     * reports it ({@code +CEREG} with the new tac and ci, at notification level 2 and above).
     */
    public synchronized void changeCell(String tac, String cellId) {
        network.cell(tac, cellId);
        device("moved to cell " + cellId + " in tracking area " + tac);
        if (radio == Radio.REGISTERED && ceregLevel >= 2) {
            notifyLine("+CEREG: " + ceregParams(ceregLevel));
        }
    }

    /**
     * The radio conditions change ({@link NetworkModel#signal}): a {@code %CESQ} notification if
     * subscribed ({@code AT%CESQ=1}) and registered.
     */
    public synchronized void changeSignal(int rsrp, int rsrq, int snr) {
        network.signal(rsrp, rsrq, snr);
        device("signal now RSRP " + rsrp + ", RSRQ " + rsrq + ", SNR " + snr);
        signalChanged();
    }

    /**
     * The network gives context {@code cid} a new IPv6 address (a new prefix): {@code +CGEV: IPV6 <cid>}
     * when packet domain events are on.
     *
     * @throws IllegalStateException if the context is not active with IPv6
     */
    public synchronized void newIpv6Address(int cid) {
        Context context = contexts.get(cid);
        if (context == null || !context.active || !context.ipv6Granted) {
            throw new IllegalStateException("context " + cid + " is not active with IPv6");
        }
        context.ipv6Generation++;
        device("new IPv6 address on context " + cid + ": " + ipv6(cid, context.ipv6Generation));
        if (cgerep) {
            notifyLine("+CGEV: IPV6 " + cid);
        }
    }

    /** The modem's APN class table ({@code %XAPNCLASS}), by class. */
    public synchronized Map<Integer, String> apnClassTable() {
        return Map.copyOf(apnClasses);
    }

    /** Re-evaluates the signal after {@link NetworkModel#signal} changed ({@code %CESQ} notification). */
    public synchronized void signalChanged() {
        if (cesq && radio == Radio.REGISTERED) {
            notifyLine(cesqLine());
        }
    }

    /** Whether LTE is on (CFUN=1/21): the modem counts as activated and refuses credential writes. */
    public synchronized boolean isLteOn() {
        return lteOn;
    }

    /** Whether the modem is registered (home or roaming). */
    public synchronized boolean isRegistered() {
        return radio == Radio.REGISTERED;
    }

    /** Whether the context with this PDN id is active (PDN ids equal context ids here). */
    public synchronized boolean isPdnActive(int pdnId) {
        Context context = contexts.get(pdnId);
        return radio == Radio.REGISTERED && context != null && context.active;
    }

    /**
     * The network carried datagrams for this modem: one sent of {@code sent} payload bytes and/or one
     * received of {@code received} bytes (0: none). Counted for {@code %XCONNSTAT} while it runs.
     */
    public synchronized void countTraffic(int sent, int received) {
        if (!connStatRunning) {
            return;
        }
        if (sent > 0) {
            bytesSent += sent;
            packetsSent++;
            maxPacket = Math.max(maxPacket, sent);
        }
        if (received > 0) {
            bytesReceived += received;
            packetsReceived++;
            maxPacket = Math.max(maxPacket, received);
        }
    }

    /** The firmware version {@code +CGMR} reports. */
    public synchronized String firmwareVersion() {
        return firmwareVersion;
    }

    /** Changes the firmware version (a modem delta was applied). */
    public synchronized void firmwareVersion(String version) {
        this.firmwareVersion = Objects.requireNonNull(version);
        device("modem firmware is now " + version);
    }

    /**
     * What shutting the modem library down does: power off (CFUN=0), forget volatile settings
     * (subscriptions, CMEE, contexts other than 0). Credentials and the system mode are kept (NVM).
     */
    public synchronized void shutdown() {
        applyCfun(0);
        cmee = 0;
        ceregLevel = 0;
        cnec = 0;
        cgerep = false;
        xsim = false;
        cesq = false;
        networkTimeOffsetMillis = null;
        contexts.keySet().removeIf(cid -> cid != 0);
        contexts.put(0, new Context("IPV4V6", ""));
        device("modem shut down");
    }

    /**
     * Calls {@code listener} with the mode after every accepted {@code AT+CFUN=<fun>}, on the notification
     * thread — the modem library's CFUN hook that the vendor glue forwards to the carrier library.
     */
    public Subscription onCfun(java.util.function.IntConsumer listener) {
        cfunListeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> cfunListeners.remove(listener);
    }

    /** Delivers incoming SMS-DELIVER messages to {@code listener} on the notification thread. */
    public Subscription subscribeSms(SmsListener listener) {
        smsListeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> smsListeners.remove(listener);
    }

    /** The network delivers an SMS to the device (it is dropped while LTE is off). */
    public synchronized void receiveSms(SmsDeliver message) {
        if (!lteOn) {
            device("SMS from " + message.originatingAddress() + " not delivered: LTE is off");
            return;
        }
        if (connStatRunning) {
            smsReceived++;
        }
        device("SMS-DELIVER from " + message.originatingAddress() + ", " + message.payload().length + " bytes");
        notifier.submit(() -> smsListeners.forEach(listener -> listener.onSms(message)));
    }

    /** Stops the notification thread (device teardown). */
    public void close() {
        notifier.stop();
    }
}
