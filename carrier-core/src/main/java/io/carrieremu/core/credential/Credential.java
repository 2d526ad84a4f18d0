package io.carrieremu.core.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * One credential of a security tag: its type and content. For {@link CredentialType#PSK} the content
 * is the raw key; for an identity, UTF-8 text; for certificates and keys, PEM text. Secret contents
 * ({@link CredentialType#isSecret()}) never appear in {@link #toString()}.
 *
 * @param type what the content is
 * @param content the bytes (copied in and out)
 */
public record Credential(CredentialType type, byte[] content) {

    /** Validates and copies. */
    public Credential {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(content, "content");
        if (content.length == 0) {
            throw new IllegalArgumentException("a credential has content");
        }
        content = content.clone();
    }

    /** A PSK credential. */
    public static Credential psk(Psk psk) {
        return new Credential(CredentialType.PSK, psk.bytes());
    }

    /** A PSK identity credential. */
    public static Credential pskIdentity(String identity) {
        return new Credential(CredentialType.PSK_IDENTITY, identity.getBytes(StandardCharsets.UTF_8));
    }

    /** A root CA certificate in PEM. */
    public static Credential rootCa(String pem) {
        return new Credential(CredentialType.ROOT_CA_CERT, pem.getBytes(StandardCharsets.US_ASCII));
    }
    /** A copy of the content bytes. */

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content as text (identity, PEM). Do not use it for secret types you intend to print. */
    public String contentText() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential other && type == other.type && MessageDigest.isEqual(content, other.content);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + content.length;
    }

    /** Secret contents are redacted; others are shown (an identity is not a secret). */
    @Override
    public String toString() {
        if (type.isSecret()) {
            return "Credential[" + type + ", " + content.length + " bytes, redacted]";
        }
        return "Credential[" + type + ", " + contentText() + "]";
    }
}
