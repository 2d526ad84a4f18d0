package io.carrieremu.core.os;

import java.util.List;
import java.util.Objects;

/**
 * How to connect for a download ({@code struct lwm2m_os_download_cfg}).
 *
 * @param secTags security tags for TLS/DTLS (CA certificates); empty for plain HTTP/CoAP
 * @param pdnId the PDN to use, or {@link Network#DEFAULT_PDN}
 * @param family {@code IPV4} or {@code IPV6} to force a family, anything else for either
 */
public record DownloadConfig(List<Integer> secTags, int pdnId, PdnFamily family) {
    /** Checks the components and copies mutable ones. */
    public DownloadConfig {
        secTags = List.copyOf(secTags);
        Objects.requireNonNull(family, "family");
    }
}
