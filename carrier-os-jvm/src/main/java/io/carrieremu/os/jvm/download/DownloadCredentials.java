package io.carrieremu.os.jvm.download;

import io.carrieremu.core.credential.Psk;
import io.carrieremu.os.jvm.credential.CredentialStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the download client finds what a download's sec tags stand for: the CA certificates it trusts
 * for HTTPS and certificate-based CoAPS, and a PSK for PSK-based CoAPS.
 */
public interface DownloadCredentials {

    /**
     * The CA certificates held by {@code secTags} ({@code ROOT_CA_CERT}, PEM), in tag order; empty if
     * none holds one (then nothing is trusted and TLS is refused).
     *
     * @throws IOException if the store cannot be read or a certificate cannot be parsed
     */
    List<X509Certificate> trustedCertificates(List<Integer> secTags) throws IOException;

    /** The first PSK and identity held by one of {@code secTags}, for CoAPS; empty if none. */
    Optional<PskCredential> psk(List<Integer> secTags) throws IOException;

    /**
     * A PSK and its identity.
     *
     * @param identity the PSK identity
     * @param key the key (its {@code toString()} is redacted)
     */
    record PskCredential(String identity, Psk key) {
        /** Validates. */
        public PskCredential {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Credentials from the host's {@link CredentialStore}, by sec tag. */
    static DownloadCredentials from(CredentialStore store) {
        Objects.requireNonNull(store, "store");
        return new DownloadCredentials() {
            @Override
            public List<X509Certificate> trustedCertificates(List<Integer> secTags) throws IOException {
                List<X509Certificate> certificates = new ArrayList<>();
                for (int tag : secTags) {
                    Optional<String> pem = store.rootCaPem(tag);
                    if (pem.isPresent()) {
                        certificates.addAll(parsePem(pem.get()));
                    }
                }
                return certificates;
            }

            @Override
            public Optional<PskCredential> psk(List<Integer> secTags) throws IOException {
                for (int tag : secTags) {
                    Optional<Psk> key = store.psk(tag);
                    Optional<String> identity = store.pskIdentity(tag);
                    if (key.isPresent() && identity.isPresent()) {
                        return Optional.of(new PskCredential(identity.get(), key.get()));
                    }
                }
                return Optional.empty();
            }
        };
    }

    /** Trusts {@code certificates} whatever the sec tags; no PSK. */
    static DownloadCredentials trusting(List<X509Certificate> certificates) {
        List<X509Certificate> copy = List.copyOf(certificates);
        return new DownloadCredentials() {
            @Override
            public List<X509Certificate> trustedCertificates(List<Integer> secTags) {
                return copy;
            }

            @Override
            public Optional<PskCredential> psk(List<Integer> secTags) {
                return Optional.empty();
            }
        };
    }

    /**
     * Parses one or more PEM certificates.
     *
     * @throws IOException if the text holds no valid certificate
     */
    static List<X509Certificate> parsePem(String pem) throws IOException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IOException("no certificate in the PEM text");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IOException("malformed PEM certificate: " + e.getMessage(), e);
        }
    }
}
