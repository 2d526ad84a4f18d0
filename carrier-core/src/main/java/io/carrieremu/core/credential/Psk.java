package io.carrieremu.core.credential;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A pre-shared key. Its bytes never appear in {@link #toString()}, exceptions or logs; code that needs
 * them (the DTLS stack, a credential store) asks for {@link #secretKey()} or {@link #bytes()}.
 */
public final class Psk {

    /** The longest key the nRF91 modem accepts, in bytes. */
    public static final int MAX_BYTES = 64;

    private final byte[] key;

    private Psk(byte[] key) {
        if (key.length == 0 || key.length > MAX_BYTES) {
            throw new IllegalArgumentException("a PSK has 1 to " + MAX_BYTES + " bytes, got " + key.length);
        }
        this.key = key.clone();
    }

    /** A key from its raw bytes (copied). */
    public static Psk ofBytes(byte[] key) {
        return new Psk(Objects.requireNonNull(key, "key"));
    }

    /**
     * A key from the hex string the modem and the vendor's Kconfig use (e.g. {@code "000102abcdef"}).
     *
     * @throws IllegalArgumentException if the text is not an even number of hex digits; the message
     *     never contains the text
     */
    public static Psk ofHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.isEmpty() || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("a PSK is an even, non-zero number of hex digits, got "
                    + hex.length() + " characters");
        }
        try {
            return new Psk(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a PSK is written in hex digits 0-9a-f only", null);
        }
    }

    /** A copy of the key bytes. Do not log them. */
    public byte[] bytes() {
        return key.clone();
    }

    /** The key as lower-case hex, the form {@code AT%CMNG} takes. Do not log it. */
    public String hex() {
        return HexFormat.of().formatHex(key);
    }

    /** The key as a JCA secret key, as the DTLS stack takes it. */
    public SecretKey secretKey() {
        return new SecretKeySpec(key, "PSK");
    }

    /** The key length in bytes. */
    public int length() {
        return key.length;
    }

    /** Constant-time comparison. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Psk other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return key.length;
    }

    /** Never the key: {@code Psk[16 bytes, redacted]}. */
    @Override
    public String toString() {
        return "Psk[" + key.length + " bytes, redacted]";
    }
}
