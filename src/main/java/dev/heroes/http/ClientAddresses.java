package dev.heroes.http;

import dev.heroes.config.ConfigException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who a request came from: its connection's peer, unless that peer is a trusted proxy, whose
 * {@code Forwarded} (RFC 7239) or, without it, {@code X-Forwarded-For} is then read from the right:
 * the first address that is not itself a trusted proxy is the client (entries to its left were
 * written by the client and prove nothing). An entry that is no IP address ({@code unknown}, an
 * obfuscated name, garbage) ends the walk at the proxy that wrote it. Without trusted proxies the
 * headers are never read: a client cannot choose the address it is limited and logged by.
 */
public final class ClientAddresses {

    private static final HeaderName FORWARDED = HeaderNames.create("Forwarded");

    private record Range(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> trusted;

    /** @throws ConfigException when an entry is no IP literal or CIDR range */
    public ClientAddresses(List<String> trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : trustedProxies) {
            int slash = entry.indexOf('/');
            Optional<byte[]> network = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (network.isEmpty()) {
                throw new ConfigException("TRUSTED_PROXIES: " + entry + " is not an IP address or CIDR range");
            }
            int bits = network.get().length * 8;
            int prefix = slash < 0 ? bits : Integer.parseInt(entry.substring(slash + 1));
            if (prefix > bits) {
                throw new ConfigException("TRUSTED_PROXIES: " + entry + " has a prefix longer than its address");
            }
            ranges.add(new Range(network.get(), prefix));
        }
        this.trusted = List.copyOf(ranges);
    }

    /** The client's address, as text. */
    public String of(ServerRequest req) {
        SocketAddress peer = req.remotePeer().address();
        if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return String.valueOf(peer);
        }
        return of(inet.getAddress(), req.headers());
    }

    /** The client of a request from {@code peer} with {@code headers}. */
    String of(InetAddress peer, Headers headers) {
        if (trusted.isEmpty() || !isTrusted(peer.getAddress())) {
            return peer.getHostAddress();
        }
        return forwardedClient(headers).orElse(peer.getHostAddress());
    }

    private boolean isTrusted(byte[] address) {
        for (Range range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The right-most address of the forwarding chain that is not a trusted proxy's, if there is one. */
    private Optional<String> forwardedClient(Headers headers) {
        List<String> hops = new ArrayList<>();
        if (headers.contains(FORWARDED)) {
            for (String value : headers.get(FORWARDED).allValues()) {
                for (String element : value.split(",")) {
                    hops.add(forParameter(element));
                }
            }
        } else if (headers.contains(HeaderNames.X_FORWARDED_FOR)) {
            for (String value : headers.get(HeaderNames.X_FORWARDED_FOR).allValues()) {
                for (String hop : value.split(",")) {
                    hops.add(hop.strip());
                }
            }
        }
        String client = null;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<byte[]> address = literal(withoutPort(hops.get(i)));
            if (address.isEmpty()) {
                break;
            }
            client = hostAddress(address.get());
            if (!isTrusted(address.get())) {
                break;
            }
        }
        return Optional.ofNullable(client);
    }

    /** The {@code for=} value of one Forwarded element, unquoted, or "" without one. */
    private static String forParameter(String element) {
        for (String pair : element.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0
                    && pair.substring(0, equals)
                            .strip()
                            .toLowerCase(Locale.ROOT)
                            .equals("for")) {
                String value = pair.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return "";
    }

    /** {@code 192.0.2.1:4711} to {@code 192.0.2.1}, {@code [2001:db8::1]:4711} to {@code 2001:db8::1}. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? "" : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        if (colon >= 0 && colon == hop.lastIndexOf(':')) {
            return hop.substring(0, colon);
        }
        return hop;
    }

    /** The bytes of an IP literal; empty for anything else (never a name lookup). */
    static Optional<byte[]> literal(String text) {
        if (text.isEmpty() || text.length() > 45 || !text.matches("[0-9a-fA-F:.]+") || !text.matches(".*[.:].*")) {
            return Optional.empty();
        }
        if (text.indexOf(':') < 0 && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String hostAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal's bytes are an address", e);
        }
    }
}
