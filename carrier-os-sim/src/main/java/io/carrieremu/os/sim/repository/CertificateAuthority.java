package io.carrieremu.os.sim.repository;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at run time (Bouncy Castle), for the simulated carrier's firmware
 * repository: its CA certificate is what a device holds in a sec tag ({@code %CMNG} type 0, {@link #pem()});
 * {@link #serverIdentity(String...)} issues the repository's server certificate for HTTPS and CoAPS.
 * Nothing is shipped, nothing is downloaded; keys live in memory only.
 *
 * <p>Validity is fixed (2020-01-01 to 2099-12-31), not taken from a clock, so every run issues
 * certificates alike apart from the keys. EC P-256 keys, SHA-256 with ECDSA signatures. Thread-safe.
 */
public final class CertificateAuthority {

    private static final Date NOT_BEFORE = Date.from(Instant.parse("2020-01-01T00:00:00Z"));
    private static final Date NOT_AFTER = Date.from(Instant.parse("2099-12-31T23:59:59Z"));
    private static final char[] KEY_STORE_PASSWORD = "repository".toCharArray();

    /**
     * A private key and the certificate chain that goes with it (leaf first, then the CA).
     *
     * @param key the private key (never logged; {@link #toString()} omits it)
     * @param chain the leaf certificate, then the issuing CA's
     */
    public record Identity(PrivateKey key, List<X509Certificate> chain) {
        /** Validates. */
        public Identity {
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("a chain holds at least the leaf certificate");
            }
        }

        /** A TLS server context presenting this identity (the JDK's HttpsServer takes it). */
        public SSLContext sslContext() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("server", key, KEY_STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, KEY_STORE_PASSWORD);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(factory.getKeyManagers(), null, null);
                return context;
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot make a TLS context: " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return "Identity[" + chain.get(0).getSubjectX500Principal().getName() + ", key redacted]";
        }
    }

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final AtomicLong serials = new AtomicLong(1);

    private CertificateAuthority(String name) {
        this.name = name;
        this.keys = ecKeys();
        X500Name subject = new X500Name("CN=" + name);
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(serials.getAndIncrement()),
                    NOT_BEFORE, NOT_AFTER, subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            this.certificate = sign(builder);
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new CA named {@code CN=<name>}. */
    public static CertificateAuthority create(String name) {
        return new CertificateAuthority(Objects.requireNonNull(name, "name"));
    }

    /** The CA's name. */
    public String name() {
        return name;
    }

    /** The CA certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate as PEM with 64-character lines, as a {@code ROOT_CA_CERT} sec tag holds it. */
    public String pem() {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Issues a server certificate for {@code names} (host names, or literal IP addresses), each a
     * subject alternative name; the first is also the subject's CN.
     */
    public Identity serverIdentity(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("at least one name");
        }
        KeyPair server = ecKeys();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name),
                    BigInteger.valueOf(serials.getAndIncrement()), NOT_BEFORE, NOT_AFTER, new X500Name("CN=" + names[0]),
                    server.getPublic());
            List<GeneralName> alternatives = new ArrayList<>();
            for (String host : names) {
                alternatives.add(isAddress(host) ? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host));
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives.toArray(new GeneralName[0])));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return new Identity(server.getPrivate(), List.of(sign(builder), certificate));
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isAddress(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private synchronized X509Certificate sign(JcaX509v3CertificateBuilder builder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new IllegalStateException("cannot sign a certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no EC key generator: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[CN=" + name + "]";
    }
}
