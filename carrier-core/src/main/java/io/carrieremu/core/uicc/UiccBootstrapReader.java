package io.carrieremu.core.uicc;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.at.AtParameters;
import io.carrieremu.core.at.AtSyntaxException;
import io.carrieremu.core.os.AtChannel;
import io.carrieremu.core.os.AtResponse;
import io.carrieremu.core.os.OsException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the LwM2M bootstrap file from the SIM through {@code AT+CSIM}, in the order the vendor's
 * {@code uicc_lwm2m} library uses (reference §3.4): open logical channel 1, select the PKCS#15
 * application by AID, read the ODF (5031), follow it to the DODF, find the data object with OID
 * 2.23.43.9.1 (in either encoding cards use), follow its path to the bootstrap file, read it, and
 * close the channel — always, also after an error.
 *
 * <p>Unlike the vendor reader, files longer than 256 bytes are read in several READ BINARY steps
 * (their size comes from the FCP), and a path's file id is taken from its last two bytes.
 *
 * <p>Everything the card says is bounded while it is read, not after: a {@code +CSIM} answer longer
 * than a short APDU response (256 data bytes and the status word) is refused, a directory file (ODF,
 * DODF) may have at most {@value #MAX_DIRECTORY_BYTES} bytes, and the bootstrap file at most the
 * caller's {@code maxSize} — a file whose FCP announces more is refused before the first READ BINARY,
 * and reading stops with {@code E2BIG} as soon as the card has sent more than the limit. A read needs
 * at most {@code 2 + 3 × (1 + limit / 256)} APDUs, so a card cannot keep the reader busy.
 */
public final class UiccBootstrapReader {

    private static final Logger LOG = LoggerFactory.getLogger(UiccBootstrapReader.class);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    private static final byte[] OID = {0x67, 0x2B, 0x09, 0x01};
    private static final byte[] OID_AS_TLV = {0x06, 0x04, 0x67, 0x2B, 0x09, 0x01};
    private static final int ODF = 0x5031;

    /** Largest ODF or DODF read, in bytes. */
    public static final int MAX_DIRECTORY_BYTES = 1024;
    /** Most data bytes in one short APDU response. */
    private static final int MAX_RESPONSE_DATA = 256;
    /** Largest offset READ BINARY can address (15 bits of P1 P2). */
    private static final int MAX_OFFSET = 0x7FFF;
    /** Longest {@code +CSIM} line: {@code +CSIM: 516,"} and 516 hex digits and the quote. */
    private static final int MAX_CSIM_LINE = 12 + 2 * (MAX_RESPONSE_DATA + 2) + 1;

    private final AtChannel at;

    /** A reader talking to the SIM through {@code at} ({@code AT+CSIM}). */
    public UiccBootstrapReader(AtChannel at) {
        this.at = at;
    }

    /**
     * Reads the bootstrap record.
     *
     * @param maxSize the largest record accepted (1 to 32767 bytes, what READ BINARY can address)
     * @return the record, or empty if the card has no PKCS#15 application or no LwM2M bootstrap object
     * @throws OsException {@code EIO} the modem refused an {@code AT+CSIM}, its answer was malformed or
     *     too long, or the card answered with an error status word; {@code EBADMSG} a directory file is
     *     malformed or missing (the message says which and why); {@code E2BIG} the record, or a
     *     directory file, is larger than its limit
     * @throws IllegalArgumentException if {@code maxSize} is out of range
     */
    public Optional<byte[]> read(int maxSize) throws OsException {
        if (maxSize < 1 || maxSize > MAX_OFFSET + 1) {
            throw new IllegalArgumentException("maxSize " + maxSize + " is outside 1.." + (MAX_OFFSET + 1));
        }
        byte[] open = transmit("0070000001");
        if (!statusOk(open) || open.length != 3 || open[0] != 1) {
            throw new OsException(Errno.EIO, "MANAGE CHANNEL did not open channel 1 (" + HEX.formatHex(open) + ")");
        }
        try {
            byte[] selected = transmit("01A404040CA000000063504B43532D313500");
            if (status(selected) == 0x6A82) {
                LOG.debug("the SIM has no PKCS#15 application");
                return Optional.empty();
            }
            requireOk(selected, "SELECT PKCS#15 application");
            byte[] odf = readFile(ODF, "ODF", MAX_DIRECTORY_BYTES);
            Optional<Integer> dodf = dodfFid(odf);
            if (dodf.isEmpty()) {
                return Optional.empty();
            }
            byte[] dodfContent = readFile(dodf.get(), "DODF", MAX_DIRECTORY_BYTES);
            Optional<Integer> bootstrap = bootstrapFid(dodfContent);
            if (bootstrap.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(readFile(bootstrap.get(), "LwM2M bootstrap file", maxSize));
        } finally {
            try {
                transmit("01708001");
            } catch (OsException e) {
                LOG.warn("closing logical channel 1 failed: {}", e.getMessage());
            }
        }
    }

    /** The file id of the DODF the ODF's dataObjects entry points at. */
    static Optional<Integer> dodfFid(byte[] odf) throws OsException {
        try {
            for (Asn1.Element element : Asn1.parse(odf)) {
                if (element.tag() == 0xA7) {
                    return Optional.of(fidOfPath(element.children(), "ODF"));
                }
            }
            return Optional.empty();
        } catch (Asn1.MalformedException e) {
            throw new OsException(Errno.EBADMSG, "malformed ODF: " + e.getMessage());
        }
    }

    /** The file id of the bootstrap file named by the DODF's LwM2M data object. */
    static Optional<Integer> bootstrapFid(byte[] dodf) throws OsException {
        try {
            for (Asn1.Element object : Asn1.parse(dodf)) {
                if (object.tag() != 0xA1) {
                    continue;
                }
                for (Asn1.Element attributes : object.children()) {
                    if (attributes.tag() != 0xA1) {
                        continue;
                    }
                    for (Asn1.Element oidDo : attributes.children()) {
                        if (oidDo.tag() != 0x30) {
                            continue;
                        }
                        List<Asn1.Element> parts = oidDo.children();
                        if (parts.size() < 2 || parts.get(0).tag() != 0x06) {
                            throw new Asn1.MalformedException("an OidDO without OBJECT IDENTIFIER and Path");
                        }
                        byte[] oid = parts.get(0).value();
                        if (Arrays.equals(oid, OID) || Arrays.equals(oid, OID_AS_TLV)) {
                            if (parts.get(1).tag() != 0x30) {
                                throw new Asn1.MalformedException("the LwM2M OidDO has no Path SEQUENCE");
                            }
                            return Optional.of(fidOfPath(List.of(parts.get(1)), "DODF"));
                        }
                    }
                }
            }
            return Optional.empty();
        } catch (Asn1.MalformedException e) {
            throw new OsException(Errno.EBADMSG, "malformed DODF: " + e.getMessage());
        }
    }

    /** The FID in a {@code SEQUENCE { OCTET STRING path }}. */
    private static int fidOfPath(List<Asn1.Element> elements, String file) throws Asn1.MalformedException {
        for (Asn1.Element sequence : elements) {
            if (sequence.tag() == 0x30) {
                for (Asn1.Element path : sequence.children()) {
                    if (path.tag() == 0x04) {
                        byte[] bytes = path.value();
                        if (bytes.length < 2 || bytes.length % 2 != 0) {
                            throw new Asn1.MalformedException("a path of " + bytes.length + " bytes in the " + file);
                        }
                        return ((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF);
                    }
                }
            }
        }
        throw new Asn1.MalformedException("no Path in the " + file);
    }

    /** Selects {@code fid} and reads at most {@code limit} bytes of it; more is {@code E2BIG}, found out early. */
    private byte[] readFile(int fid, String what, int limit) throws OsException {
        byte[] fcp = transmit(String.format("01A40804047FFF%04X00", fid));
        if (status(fcp) == 0x6A82) {
            throw new OsException(Errno.EBADMSG, "the " + what + " (" + String.format("%04X", fid) + ") is not on the card");
        }
        requireOk(fcp, "SELECT " + what);
        long announced = fileSize(Arrays.copyOf(fcp, fcp.length - 2)).orElse((long) Math.min(MAX_RESPONSE_DATA, limit));
        if (announced > limit) {
            throw new OsException(Errno.E2BIG, "the " + what + " has " + announced + " bytes, more than " + limit);
        }
        int size = (int) announced;
        ByteArrayOutputStream content = new ByteArrayOutputStream(Math.min(size, MAX_RESPONSE_DATA));
        while (content.size() < size) {
            int offset = content.size();
            int chunk = Math.min(MAX_RESPONSE_DATA, size - offset);
            byte[] data = transmit(String.format("01B0%04X%02X", offset, chunk == MAX_RESPONSE_DATA ? 0 : chunk));
            requireOk(data, "READ BINARY " + what);
            int received = data.length - 2;
            if (received == 0) {
                break;
            }
            if (received > chunk) {
                throw new OsException(Errno.E2BIG, "the card answered " + received + " bytes of the " + what + " to a READ BINARY of "
                        + chunk);
            }
            content.write(data, 0, received);
            if (received < chunk) {
                break;
            }
        }
        return content.toByteArray();
    }

    /** File size (tag 80 or 81, unsigned) from an FCP template, if present and readable. */
    private static Optional<Long> fileSize(byte[] fcp) {
        try {
            for (Asn1.Element template : Asn1.parse(fcp)) {
                if (template.tag() == 0x62) {
                    for (Asn1.Element item : template.children()) {
                        if ((item.tag() == 0x80 || item.tag() == 0x81) && item.value().length > 0 && item.value().length <= 4) {
                            long size = 0;
                            for (byte b : item.value()) {
                                size = (size << 8) | (b & 0xFF);
                            }
                            return Optional.of(size);
                        }
                    }
                }
            }
        } catch (Asn1.MalformedException e) {
            LOG.debug("unreadable FCP: {}", e.getMessage());
        }
        return Optional.empty();
    }

    private byte[] transmit(String apduHex) throws OsException {
        AtResponse response = at.send("AT+CSIM=" + apduHex.length() + ",\"" + apduHex + "\"");
        if (!response.isOk()) {
            throw new OsException(Errno.EIO, "AT+CSIM failed: " + response.finalLine());
        }
        for (String line : response.lines()) {
            if (line.length() > MAX_CSIM_LINE) {
                throw new OsException(Errno.EIO, "+CSIM answer of " + line.length() + " characters, longer than a short APDU response");
            }
            try {
                Optional<List<AtParameters.Param>> params = AtParameters.ofResponse(line, "+CSIM");
                if (params.isPresent() && params.get().size() == 2) {
                    String hex = params.get().get(1).asString();
                    if (params.get().get(0).asInt() != hex.length() || hex.length() < 4 || hex.length() % 2 != 0) {
                        throw new OsException(Errno.EIO, "inconsistent +CSIM response length");
                    }
                    return HexFormat.of().parseHex(hex);
                }
            } catch (AtSyntaxException | IllegalArgumentException e) {
                // The answer may carry key material: say what is wrong, never what it says.
                throw new OsException(Errno.EIO, "malformed +CSIM response");
            }
        }
        throw new OsException(Errno.EIO, "no +CSIM line in the response");
    }

    private static int status(byte[] response) {
        return ((response[response.length - 2] & 0xFF) << 8) | (response[response.length - 1] & 0xFF);
    }

    private static boolean statusOk(byte[] response) {
        return status(response) == 0x9000;
    }

    private static void requireOk(byte[] response, String step) throws OsException {
        if (!statusOk(response)) {
            throw new OsException(Errno.EIO, step + " failed with status " + String.format("%04X", status(response)));
        }
    }
}
