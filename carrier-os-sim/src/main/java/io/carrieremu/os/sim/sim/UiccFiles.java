package io.carrieremu.os.sim.sim;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a UICC file system the simulation needs: EF_ICCID under the MF, and optionally a PKCS#15
 * application (ADF selected by AID) holding elementary files by 2-byte file id.
 */
public final class UiccFiles {

    /** The default PKCS#15 AID: {@code A000000063} followed by ASCII "PKCS-15". */
    public static final byte[] PKCS15_AID = HexFormat.of().parseHex("A000000063504B43532D3135");

    /** File id of EF_ICCID under the MF. */
    public static final int EF_ICCID = 0x2FE2;

    private final byte[] iccidFile;
    private final byte[] applicationAid;
    private final Map<Integer, byte[]> applicationFiles;

    private UiccFiles(byte[] iccidFile, byte[] applicationAid, Map<Integer, byte[]> applicationFiles) {
        this.iccidFile = iccidFile;
        this.applicationAid = applicationAid;
        this.applicationFiles = applicationFiles;
    }

    /** A card with only EF_ICCID. */
    public static UiccFiles withoutApplication(String iccid) {
        return new UiccFiles(iccidBcd(iccid), null, Map.of());
    }

    /** A card with EF_ICCID and a PKCS#15 application holding {@code files} (FID to content). */
    public static UiccFiles withPkcs15(String iccid, Map<Integer, byte[]> files) {
        Map<Integer, byte[]> copy = new LinkedHashMap<>();
        files.forEach((fid, content) -> copy.put(fid, content.clone()));
        return new UiccFiles(iccidBcd(iccid), PKCS15_AID.clone(), copy);
    }

    /** EF_ICCID content: the ICCID as BCD with swapped nibbles, padded with F to 10 bytes. */
    public byte[] iccidFile() {
        return iccidFile.clone();
    }

    /** The PKCS#15 AID, if the card has the application. */
    public Optional<byte[]> applicationAid() {
        return Optional.ofNullable(applicationAid).map(byte[]::clone);
    }

    /** An elementary file of the PKCS#15 application. */
    public Optional<byte[]> applicationFile(int fid) {
        return Optional.ofNullable(applicationFiles.get(fid)).map(byte[]::clone);
    }

    static byte[] iccidBcd(String iccid) {
        if (!iccid.matches("[0-9]{18,20}")) {
            throw new IllegalArgumentException("an ICCID has 18 to 20 digits");
        }
        String padded = (iccid + "FFFF").substring(0, 20);
        byte[] bcd = new byte[10];
        for (int i = 0; i < 10; i++) {
            int low = Character.digit(padded.charAt(2 * i), 16);
            int high = Character.digit(padded.charAt(2 * i + 1), 16);
            bcd[i] = (byte) ((high << 4) | low);
        }
        return bcd;
    }
}
