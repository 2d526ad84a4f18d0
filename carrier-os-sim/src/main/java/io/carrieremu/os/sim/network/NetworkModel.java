package io.carrieremu.os.sim.network;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The simulated cellular network as the modem sees it: serving operator and cell, how registration goes,
 * which APNs are accepted, signal values and network time. Settings only; the modem reads them when it
 * needs them, and {@code SimModem}'s controls (coverage loss, detach) make the network act.
 */
public final class NetworkModel {

    private String plmn = "311480";
    private String fullName = "Verizon Wireless";
    private String shortName = "VZW";
    private boolean roaming;
    private Duration registrationDelay = Duration.ofSeconds(2);
    private Integer rejectCause;
    private String tac = "2F02";
    private String cellId = "00B7F901";
    private int accessTechnology = 7;
    private int band = 13;
    private int physicalCellId = 282;
    private int earfcn = 5230;
    private int rsrp = 37;
    private int rsrq = 25;
    private int snr = 25;
    private String defaultApn = "internet";
    private final Map<String, Integer> rejectedApns = new HashMap<>();
    private boolean ipv4Only;
    private Instant timeAtBoot = Instant.parse("2026-01-15T08:00:00Z");
    private int timezoneQuarterHours;
    private String activeTime = DEACTIVATED_TIMER;
    private String periodicTau = DEACTIVATED_TIMER;

    /** A GPRS timer byte saying "deactivated" (unit bits 111), as the network grants when it grants no PSM. */
    public static final String DEACTIVATED_TIMER = "11100000";

    /** Serving PLMN (MCC and MNC), e.g. {@code 311480}. */
    public synchronized String plmn() {
        return plmn;
    }

    /** Sets the serving operator. */
    public synchronized NetworkModel operator(String plmn, String fullName, String shortName) {
        if (!plmn.matches("[0-9]{5,6}")) {
            throw new IllegalArgumentException("a PLMN has 5 or 6 digits");
        }
        this.plmn = plmn;
        this.fullName = Objects.requireNonNull(fullName);
        this.shortName = Objects.requireNonNull(shortName);
        return this;
    }

    /** The operator's long name ({@code +COPS}). */
    public synchronized String fullName() {
        return fullName;
    }

    /** The operator's short name ({@code +COPS}). */
    public synchronized String shortName() {
        return shortName;
    }

    /** Whether the modem registers as roaming ({@code +CEREG: 5}) rather than home (1). */
    public synchronized boolean roaming() {
        return roaming;
    }

    /** Sets whether the device is roaming. */
    public synchronized NetworkModel roaming(boolean value) {
        this.roaming = value;
        return this;
    }

    /** Virtual time from radio on (or coverage return) to registration. */
    public synchronized Duration registrationDelay() {
        return registrationDelay;
    }

    /** Sets how long registration takes after the modem asks (virtual time). */
    public synchronized NetworkModel registrationDelay(Duration value) {
        this.registrationDelay = Objects.requireNonNull(value);
        return this;
    }

    /** If set, the network denies registration with this EMM cause ({@code +CEREG: 3}). */
    public synchronized Optional<Integer> rejectCause() {
        return Optional.ofNullable(rejectCause);
    }

    /** Denies registration with an EMM cause; null accepts again. */
    public synchronized NetworkModel denyRegistration(Integer emmCause) {
        this.rejectCause = emmCause;
        return this;
    }

    /** The tracking area code (hex). */
    public synchronized String tac() {
        return tac;
    }

    /** The cell id (hex), as {@code +CEREG} shows it. */
    public synchronized String cellId() {
        return cellId;
    }

    /** Serving cell: tracking area code (4 hex digits) and cell id (8 hex digits), as {@code +CEREG} prints them. */
    public synchronized NetworkModel cell(String tac, String cellId) {
        if (!tac.matches("[0-9A-F]{4}") || !cellId.matches("[0-9A-F]{8}")) {
            throw new IllegalArgumentException("a TAC has 4 and a cell id 8 upper-case hex digits");
        }
        this.tac = tac;
        this.cellId = cellId;
        return this;
    }

    /** Access technology: 7 LTE-M (E-UTRAN), 9 NB-IoT (NB-S1). */
    public synchronized int accessTechnology() {
        return accessTechnology;
    }

    /** Sets the access technology ({@code +CEREG} AcT, e.g. 7 for LTE-M, 9 for NB-IoT). */
    public synchronized NetworkModel accessTechnology(int value) {
        this.accessTechnology = value;
        return this;
    }

    /** The LTE band. */
    public synchronized int band() {
        return band;
    }

    /** The physical cell id. */
    public synchronized int physicalCellId() {
        return physicalCellId;
    }

    /** The EARFCN of the serving cell. */
    public synchronized int earfcn() {
        return earfcn;
    }

    /** RSRP index 0..97 ({@code +CESQ}). */
    public synchronized int rsrp() {
        return rsrp;
    }

    /** RSRQ index 0..34 ({@code +CESQ}). */
    public synchronized int rsrq() {
        return rsrq;
    }

    /** SNR index 0..49 ({@code %XSNRSQ}). */
    public synchronized int snr() {
        return snr;
    }

    /** Sets the signal: RSRP index 0..97, RSRQ index 0..34, SNR index 0..49. */
    public synchronized NetworkModel signal(int rsrp, int rsrq, int snr) {
        if (rsrp < 0 || rsrp > 97 || rsrq < 0 || rsrq > 34 || snr < 0 || snr > 49) {
            throw new IllegalArgumentException("signal indexes out of range");
        }
        this.rsrp = rsrp;
        this.rsrq = rsrq;
        this.snr = snr;
        return this;
    }

    /** The Active-Time the network granted (GPRS Timer 2 bits, {@code +CEREG} level 4). */
    public synchronized String activeTime() {
        return activeTime;
    }

    /** The Periodic-TAU the network granted (GPRS Timer 3 bits, {@code +CEREG} level 4). */
    public synchronized String periodicTau() {
        return periodicTau;
    }

    /**
     * The PSM timers the network grants, as 8-bit strings (3GPP TS 24.008 GPRS Timer 2 and 3; e.g.
     * {@code "00100001"} one minute, {@code "00000110"} one hour); {@link #DEACTIVATED_TIMER} for none.
     */
    public synchronized NetworkModel psmTimers(String grantedActiveTime, String grantedPeriodicTau) {
        if (!grantedActiveTime.matches("[01]{8}") || !grantedPeriodicTau.matches("[01]{8}")) {
            throw new IllegalArgumentException("a GPRS timer is 8 bits");
        }
        this.activeTime = grantedActiveTime;
        this.periodicTau = grantedPeriodicTau;
        return this;
    }

    /** The APN the network gives the default context 0 at attach. */
    public synchronized String defaultApn() {
        return defaultApn;
    }

    /** Sets the APN of the default PDN. */
    public synchronized NetworkModel defaultApn(String value) {
        this.defaultApn = Objects.requireNonNull(value);
        return this;
    }

    /** Makes activations of {@code apn} fail with this ESM cause (3GPP TS 24.301, e.g. 27 unknown APN). */
    public synchronized NetworkModel rejectApn(String apn, int esmCause) {
        rejectedApns.put(apn.toLowerCase(java.util.Locale.ROOT), esmCause);
        return this;
    }

    /** Accepts {@code apn} again. */
    public synchronized NetworkModel acceptApn(String apn) {
        rejectedApns.remove(apn.toLowerCase(java.util.Locale.ROOT));
        return this;
    }

    /** The ESM cause rejecting {@code apn}, if it is rejected. */
    public synchronized Optional<Integer> apnRejection(String apn) {
        return Optional.ofNullable(rejectedApns.get(apn.toLowerCase(java.util.Locale.ROOT)));
    }

    /** Whether the network grants only IPv4 to IPv4v6 requests ({@code +CGEV: ME PDN ACT <cid>,0}). */
    public synchronized boolean ipv4Only() {
        return ipv4Only;
    }

    /** Whether the network gives IPv4 addresses only. */
    public synchronized NetworkModel ipv4Only(boolean value) {
        this.ipv4Only = value;
        return this;
    }

    /** Network (UTC) time at virtual time 0; the modem learns it when it registers. */
    public synchronized Instant timeAtBoot() {
        return timeAtBoot;
    }

    /** The network's local time offset in quarter hours. */
    public synchronized int timezoneQuarterHours() {
        return timezoneQuarterHours;
    }

    /** Sets the network time: the UTC time at virtual time zero and the time zone in quarter hours. */
    public synchronized NetworkModel time(Instant atVirtualZero, int timezoneQuarterHours) {
        this.timeAtBoot = Objects.requireNonNull(atVirtualZero);
        this.timezoneQuarterHours = timezoneQuarterHours;
        return this;
    }
}
