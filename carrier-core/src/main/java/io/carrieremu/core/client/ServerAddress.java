package io.carrieremu.core.client;

import io.carrieremu.core.base.Errno;
import io.carrieremu.core.os.Network;
import io.carrieremu.core.os.OsException;
import io.carrieremu.core.os.PdnFamily;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a server is: a {@code coap://} or {@code coaps://} URI checked where it enters (a bootstrap
 * server's write, a SIM record, a setting), and its resolution through the OS layer.
 *
 * @param scheme {@code coap} or {@code coaps}
 * @param host the host name or address literal
 * @param port the port (the scheme's default when the URI names none)
 */
public record ServerAddress(String scheme, String host, int port) {

    /** Longest server URI the library accepts (the vendor's limit for the server URI setting). */
    public static final int MAX_URI_LENGTH = 255;

    /**
     * Parses a server URI.
     *
     * @return the address, or empty if {@code uri} is not a usable {@code coap(s)://host[:port]} URI
     */
    public static Optional<ServerAddress> parse(String uri) {
        if (uri == null || uri.isEmpty() || uri.length() > MAX_URI_LENGTH) {
            return Optional.empty();
        }
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("coap") && !scheme.equals("coaps")) {
            return Optional.empty();
        }
        String host = parsed.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        int port = parsed.getPort() > 0 ? parsed.getPort() : (scheme.equals("coaps") ? 5684 : 5683);
        if (port > 0xFFFF) {
            return Optional.empty();
        }
        return Optional.of(new ServerAddress(scheme, host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port));
    }

    /** True for {@code coaps}. */
    public boolean secure() {
        return scheme.equals("coaps");
    }

    /**
     * Resolves the host through the OS layer's network.
     *
     * @throws OsException {@code EHOSTUNREACH} the name does not resolve, {@code ENETDOWN} no link to ask on
     */
    public InetSocketAddress resolve(Network network) throws OsException {
        InetSocketAddress address = network.resolve(host, port, PdnFamily.IPV4V6);
        if (address == null || address.getAddress() == null) {
            throw new OsException(Errno.EHOSTUNREACH, host + " resolved to nothing");
        }
        return address;
    }

    /** The URI with {@code address} in place of the host name, as Leshan's endpoints want it. */
    public URI literalUri(InetSocketAddress address) {
        String literal = address.getAddress().getHostAddress();
        String host = literal.contains(":") ? "[" + literal + "]" : literal;
        return URI.create(scheme + "://" + host + ":" + address.getPort());
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}
