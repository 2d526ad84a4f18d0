package io.carrieremu.os.sim.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A simulated UICC: subscriber identity (IMSI with its MNC length, ICCID, MSISDN that may be absent or
 * appear later), PIN state, the operator id the modem reports with {@code %XOPERID}, and an ISO 7816
 * card that answers APDUs — MANAGE CHANNEL, SELECT (by AID, by path, by file id), READ BINARY, STATUS
 * and VERIFY — over its {@link UiccFiles}.
 *
 * <p>Logical channels 1..3 keep their own selection. Status words: 9000 success, 6A82 file not found,
 * 6986 no EF selected, 6B00 offset beyond the file, 6A86 bad P1/P2, 6700 wrong length, 6881 channel
 * not open, 6D00 unknown instruction, 6E00 unknown class, 63Cx wrong PIN with x tries left.
 */
public final class SimCard {

    /** PIN state as {@code AT+CPIN?} reports it. */
    public enum PinState {
        /** No PIN needed. */
        READY("READY"),
        /** The PIN is needed. */
        SIM_PIN("SIM PIN"),
        /** The PUK is needed (PIN blocked). */
        SIM_PUK("SIM PUK");

        private final String text;

        PinState(String text) {
            this.text = text;
        }

        /** The {@code +CPIN:} text. */
        public String text() {
            return text;
        }
    }

    private static final byte[] SW_OK = {(byte) 0x90, 0x00};
    private static final int MF = 0x3F00;
    private static final int CURRENT_ADF = 0x7FFF;

    private final String name;
    private final String imsi;
    private final int mncLength;
    private final String iccid;
    private final String msisdn;
    private final Duration msisdnAppearsAfter;
    private final int operatorId;
    private final String pin;
    private final UiccFiles files;
    private final java.util.SortedMap<Integer, String> apnClasses;
    private PinState pinState;
    private int pinTries = 3;
    private final Map<Integer, Selection> channels = new HashMap<>();

    /** What a logical channel has selected: a DF (MF or the ADF) and maybe an EF in it. */
    private record Selection(boolean adf, Integer ef) {
    }

    private SimCard(Builder b) {
        this.name = b.name;
        this.imsi = b.imsi;
        this.mncLength = b.mncLength;
        this.iccid = b.iccid;
        this.msisdn = b.msisdn;
        this.msisdnAppearsAfter = b.msisdnAppearsAfter;
        this.operatorId = b.operatorId;
        this.pin = b.pin;
        this.files = b.files != null ? b.files : UiccFiles.withoutApplication(b.iccid);
        this.apnClasses = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(b.apnClasses));
        this.pinState = b.pin == null ? PinState.READY : PinState.SIM_PIN;
        channels.put(0, new Selection(false, null));
    }

    /** A builder; IMSI and ICCID are required. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A copy of this card's definition with different files (e.g. a bootstrap record added). */
    public Builder toBuilder() {
        Builder b = new Builder(name).imsi(imsi, mncLength).iccid(iccid).operatorId(operatorId).files(files);
        b.msisdn = msisdn;
        b.msisdnAppearsAfter = msisdnAppearsAfter;
        b.pin = pin;
        b.apnClasses.putAll(apnClasses);
        return b;
    }

    /** A name for transcripts, e.g. "Verizon". */
    public String name() {
        return name;
    }

    /** The IMSI, 15 digits. */
    public String imsi() {
        return imsi;
    }

    /** The home PLMN: MCC and MNC, e.g. {@code 311480}. */
    public String homePlmn() {
        return imsi.substring(0, 3 + mncLength);
    }

    /** Digits of the MNC (2 or 3), as EF_AD tells a real modem. */
    public int mncLength() {
        return mncLength;
    }

    /** The ICCID digits. */
    public String iccid() {
        return iccid;
    }

    /** The {@code %XOPERID} value (0: not identified). */
    public int operatorId() {
        return operatorId;
    }

    /** The MSISDN readable at {@code virtualMillis}, if any (it may appear only after a while). */
    public Optional<String> msisdn(long virtualMillis) {
        if (msisdn == null || virtualMillis < msisdnAppearsAfter.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(msisdn);
    }

    /** The card's files. */
    public UiccFiles files() {
        return files;
    }

    /**
     * The APN class table the operator provisions (Verizon: class 2 admin, 3 internet, ...), by class;
     * a modem takes it over when the card is inserted ({@code %XAPNCLASS}). Empty for most operators.
     */
    public java.util.SortedMap<Integer, String> apnClasses() {
        return apnClasses;
    }

    /** The PIN state. */
    public synchronized PinState pinState() {
        return pinState;
    }

    /** Verifies the PIN ({@code AT+CPIN="1234"}); three wrong tries block it (SIM PUK). */
    public synchronized boolean verifyPin(String candidate) {
        if (pinState == PinState.READY) {
            return true;
        }
        if (pinState == PinState.SIM_PUK) {
            return false;
        }
        if (Objects.equals(pin, candidate)) {
            pinState = PinState.READY;
            pinTries = 3;
            return true;
        }
        if (--pinTries == 0) {
            pinState = PinState.SIM_PUK;
        }
        return false;
    }

    /** What a power cycle does: logical channels close, the PIN must be entered again. */
    public synchronized void reset() {
        channels.clear();
        channels.put(0, new Selection(false, null));
        if (pin != null && pinState == PinState.READY) {
            pinState = PinState.SIM_PIN;
        }
    }

    /**
     * Processes one command APDU and returns the response data followed by SW1 SW2.
     *
     * @throws IllegalArgumentException if the APDU is shorter than 4 bytes
     */
    public synchronized byte[] transmit(byte[] apdu) {
        if (apdu.length < 4) {
            throw new IllegalArgumentException("an APDU has at least 4 bytes");
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        int channel;
        if ((cla & 0xF0) == 0x00 || (cla & 0xF0) == 0x80) {
            channel = cla & 0x03;
        } else if ((cla & 0xF0) == 0x40 || (cla & 0xF0) == 0xC0) {
            channel = 4 + (cla & 0x0F);
        } else {
            return sw(0x6E00);
        }
        Body body = Body.parse(apdu);
        if (body == null) {
            return sw(0x6700);
        }
        if (ins == 0x70) {
            return manageChannel(p1, p2);
        }
        Selection selection = channels.get(channel);
        if (selection == null) {
            return sw(0x6881);
        }
        return switch (ins) {
            case 0xA4 -> select(channel, selection, p1, p2, body.data());
            case 0xB0 -> readBinary(selection, ((p1 & 0x7F) << 8) | p2, body.le());
            case 0xF2 -> concat(fcpOfDf(selection.adf()), SW_OK);
            case 0x20 -> verify(body.data());
            default -> sw(0x6D00);
        };
    }

    /**
     * Whether {@code apdu} is a READ BINARY of an elementary file of the PKCS#15 application on a channel
     * that has one selected — an answer that may carry key material (the LwM2M bootstrap record), which
     * the modem's transcript redacts.
     */
    public synchronized boolean readsApplicationFile(byte[] apdu) {
        if (apdu.length < 4 || (apdu[1] & 0xFF) != 0xB0) {
            return false;
        }
        int cla = apdu[0] & 0xFF;
        int channel = (cla & 0xF0) == 0x40 || (cla & 0xF0) == 0xC0 ? 4 + (cla & 0x0F) : cla & 0x03;
        Selection selection = channels.get(channel);
        return selection != null && selection.adf() && selection.ef() != null;
    }

    private byte[] manageChannel(int p1, int p2) {
        if (p1 == 0x00) {
            int wanted = p2;
            if (wanted == 0) {
                for (int candidate = 1; candidate <= 3; candidate++) {
                    if (!channels.containsKey(candidate)) {
                        wanted = candidate;
                        break;
                    }
                }
                if (wanted == 0) {
                    return sw(0x6A81);
                }
                channels.put(wanted, new Selection(false, null));
                return concat(new byte[] {(byte) wanted}, SW_OK);
            }
            if (wanted > 3 || channels.containsKey(wanted)) {
                return sw(0x6A86);
            }
            channels.put(wanted, new Selection(false, null));
            return SW_OK.clone();
        }
        if (p1 == 0x80) {
            if (p2 == 0 || channels.remove(p2) == null) {
                return sw(0x6A86);
            }
            return SW_OK.clone();
        }
        return sw(0x6A86);
    }

    private byte[] select(int channel, Selection current, int p1, int p2, byte[] data) {
        boolean returnFcp = (p2 & 0x0C) == 0x04;
        Selection next;
        switch (p1) {
            case 0x04 -> {
                Optional<byte[]> aid = files.applicationAid();
                if (aid.isEmpty() || data.length == 0 || !Arrays.equals(Arrays.copyOf(aid.get(), Math.min(data.length, aid.get().length)), data)) {
                    return sw(0x6A82);
                }
                next = new Selection(true, null);
            }
            case 0x08, 0x09, 0x00 -> {
                if (data.length == 0 || data.length % 2 != 0) {
                    return sw(0x6700);
                }
                Selection walked = p1 == 0x08 ? new Selection(false, null) : current;
                for (int i = 0; i < data.length; i += 2) {
                    int fid = ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
                    walked = step(walked, fid, p1 == 0x08 && i == 0 ? current : walked);
                    if (walked == null) {
                        return sw(0x6A82);
                    }
                }
                next = walked;
            }
            default -> {
                return sw(0x6A86);
            }
        }
        channels.put(channel, next);
        if (!returnFcp) {
            return SW_OK.clone();
        }
        byte[] fcp = next.ef() == null ? fcpOfDf(next.adf()) : fcpOfEf(next.ef(), efContent(next).length);
        return concat(fcp, SW_OK);
    }

    /** One path step; {@code context} tells which ADF "7FFF" means. */
    private Selection step(Selection from, int fid, Selection context) {
        if (fid == MF) {
            return new Selection(false, null);
        }
        if (fid == CURRENT_ADF) {
            return context.adf() ? new Selection(true, null) : null;
        }
        if (from.adf()) {
            return files.applicationFile(fid).isPresent() ? new Selection(true, fid) : null;
        }
        return fid == UiccFiles.EF_ICCID ? new Selection(false, fid) : null;
    }

    private byte[] efContent(Selection selection) {
        if (selection.adf()) {
            return files.applicationFile(selection.ef()).orElseThrow();
        }
        return files.iccidFile();
    }

    private byte[] readBinary(Selection selection, int offset, int le) {
        if (selection.ef() == null) {
            return sw(0x6986);
        }
        byte[] content = efContent(selection);
        if (offset > content.length) {
            return sw(0x6B00);
        }
        int wanted = le == 0 ? 256 : le;
        return concat(Arrays.copyOfRange(content, offset, Math.min(content.length, offset + wanted)), SW_OK);
    }

    private byte[] verify(byte[] data) {
        String candidate = new String(data, StandardCharsets.US_ASCII).replace("\u00FF", "").replaceAll("[^0-9]", "");
        if (pinState == PinState.READY && pin == null) {
            return SW_OK.clone();
        }
        return verifyPin(candidate) ? SW_OK.clone() : sw(0x63C0 | pinTries);
    }

    private byte[] fcpOfDf(boolean adf) {
        ByteArrayOutputStream fcp = new ByteArrayOutputStream();
        fcp.writeBytes(new byte[] {(byte) 0x82, 0x02, 0x78, 0x21});
        if (adf) {
            byte[] aid = files.applicationAid().orElseThrow();
            fcp.write(0x84);
            fcp.write(aid.length);
            fcp.writeBytes(aid);
        } else {
            fcp.writeBytes(new byte[] {(byte) 0x83, 0x02, 0x3F, 0x00});
        }
        return wrap(0x62, fcp.toByteArray());
    }

    private static byte[] fcpOfEf(int fid, int size) {
        byte[] body = {(byte) 0x82, 0x02, 0x41, 0x21, (byte) 0x83, 0x02, (byte) (fid >> 8), (byte) fid,
            (byte) 0x80, 0x02, (byte) (size >> 8), (byte) size};
        return wrap(0x62, body);
    }

    private static byte[] wrap(int tag, byte[] body) {
        return concat(new byte[] {(byte) tag, (byte) body.length}, body);
    }

    private static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    /** Command data and Le of a short APDU (cases 1–4); null if the lengths do not add up. */
    private record Body(byte[] data, int le) {
        static Body parse(byte[] apdu) {
            int rest = apdu.length - 4;
            if (rest == 0) {
                return new Body(new byte[0], -1);
            }
            if (rest == 1) {
                return new Body(new byte[0], apdu[4] & 0xFF);
            }
            int lc = apdu[4] & 0xFF;
            if (rest == 1 + lc) {
                return new Body(Arrays.copyOfRange(apdu, 5, 5 + lc), -1);
            }
            if (rest == 2 + lc) {
                return new Body(Arrays.copyOfRange(apdu, 5, 5 + lc), apdu[5 + lc] & 0xFF);
            }
            return null;
        }
    }

    /** Builds a {@link SimCard}. */
    public static final class Builder {
        private final String name;
        private String imsi;
        private int mncLength = 3;
        private String iccid;
        private String msisdn;
        private Duration msisdnAppearsAfter = Duration.ZERO;
        private int operatorId;
        private String pin;
        private UiccFiles files;
        private final Map<Integer, String> apnClasses = new java.util.TreeMap<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** The IMSI (15 digits) and the length of its MNC (2 or 3). */
        public Builder imsi(String imsi, int mncLength) {
            if (!imsi.matches("[0-9]{15}")) {
                throw new IllegalArgumentException("an IMSI has 15 digits");
            }
            if (mncLength != 2 && mncLength != 3) {
                throw new IllegalArgumentException("an MNC has 2 or 3 digits");
            }
            this.imsi = imsi;
            this.mncLength = mncLength;
            return this;
        }

        /** The ICCID. */
        public Builder iccid(String iccid) {
            UiccFiles.iccidBcd(iccid);
            this.iccid = iccid;
            return this;
        }

        /** The MSISDN, e.g. {@code +15551234567}; null for none. */
        public Builder msisdn(String msisdn) {
            if (msisdn != null && !msisdn.matches("\\+?[0-9]{3,15}")) {
                throw new IllegalArgumentException("an MSISDN has 3 to 15 digits, optionally after '+'");
            }
            this.msisdn = msisdn;
            return this;
        }

        /** The MSISDN becomes readable only at this virtual time (a new SIM not yet provisioned). */
        public Builder msisdnAppearsAfter(Duration delay) {
            this.msisdnAppearsAfter = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /** The operator id {@code %XOPERID} reports. */
        public Builder operatorId(int operatorId) {
            this.operatorId = operatorId;
            return this;
        }

        /** Requires this PIN before the SIM is ready. */
        public Builder pin(String pin) {
            this.pin = pin;
            return this;
        }

        /** The card's UICC file system (e.g. with a PKCS#15 bootstrap file). */
        public Builder files(UiccFiles files) {
            this.files = files;
            return this;
        }

        /** An entry of the operator's APN class table: class 1..10 and an APN of 1..63 characters. */
        public Builder apnClass(int apnClass, String apn) {
            if (apnClass < 1 || apnClass > 10) {
                throw new IllegalArgumentException("APN classes are 1..10");
            }
            if (apn.isEmpty() || apn.length() > 63) {
                throw new IllegalArgumentException("an APN has 1 to 63 characters");
            }
            apnClasses.put(apnClass, apn);
            return this;
        }

        /** The card. */
        public SimCard build() {
            if (imsi == null || iccid == null) {
                throw new IllegalStateException("a SIM needs an IMSI and an ICCID");
            }
            if (files == null) {
                files = UiccFiles.withoutApplication(iccid);
            }
            return new SimCard(this);
        }
    }
}
