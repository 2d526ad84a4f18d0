package io.carrieremu.core.config;

/**
 * Answers whether a security tag holds a PSK, so configuration validation can report a configured
 * {@code server_sec_tag} that does not exist ({@code -ENOENT}). The carrier core backs it with
 * {@link io.carrieremu.core.os.Credentials#exists}.
 */
@FunctionalInterface
public interface SecTagLookup {

    /** True if {@code secTag} holds a PSK. */
    boolean hasPsk(int secTag);
}
