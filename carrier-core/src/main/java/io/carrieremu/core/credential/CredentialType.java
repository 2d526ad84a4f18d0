package io.carrieremu.core.credential;

import io.carrieremu.core.base.VendorCode;

/** Credential types of a modem security tag, numbered as {@code AT%CMNG} numbers them. */
public enum CredentialType implements VendorCode {
    /** Root CA certificate. */
    ROOT_CA_CERT(0, "Root CA certificate", false),
    /** Client certificate. */
    CLIENT_CERT(1, "Client certificate", false),
    /** Client private key. */
    CLIENT_PRIVATE_KEY(2, "Client private key", true),
    /** Pre-shared key. */
    PSK(3, "Pre-shared key", true),
    /** PSK identity. */
    PSK_IDENTITY(4, "PSK identity", false),
    /** Public key. */
    PUBLIC_KEY(5, "Public key", false);

    private final int code;
    private final String text;
    private final boolean secret;

    CredentialType(int code, String text, boolean secret) {
        this.code = code;
        this.text = text;
        this.secret = secret;
    }

    /** The {@code AT%CMNG} type number. */
    @Override
    public int code() {
        return code;
    }

    @Override
    public String vendorName() {
        return name();
    }

    @Override
    public String text() {
        return text;
    }

    /** True for key material that must never be printed, logged or read back. */
    public boolean isSecret() {
        return secret;
    }
}
