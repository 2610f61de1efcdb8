package dev.mp4j.connection;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link Listener} listens and a {@link Client} connects: a Unix domain socket path or a
 * TCP host and port (Python's {@code address} argument: a path string or a {@code (host, port)}
 * tuple).
 *
 * <p>Exactly one form is set: either {@code unixPath} (then {@code host} is null and {@code port}
 * is -1) or {@code host} and {@code port} (then {@code unixPath} is null). Immutable.
 *
 * @param unixPath the socket file of a Unix address, else null
 * @param host the host name or IP of a TCP address, else null
 * @param port the TCP port (0 asks the OS for a free one when listening), or -1 for a Unix address
 */
public record Address(String unixPath, String host, int port) implements Serializable {

    /**
     * Checks that exactly one form is set; prefer {@link #unix}, {@link #tcp} and {@link #parse}.
     *
     * @throws IllegalArgumentException when both or neither form is set, the path or host is
     *         blank, or the port is outside 0..65535
     */
    public Address {
        if (unixPath != null) {
            if (host != null || port != -1) {
                throw new IllegalArgumentException("an address is either a Unix socket path or a TCP host:port, not both");
            }
            if (unixPath.isBlank()) {
                throw new IllegalArgumentException("Unix socket path must not be blank");
            }
        } else {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("a TCP address needs a host (e.g. 127.0.0.1 or 0.0.0.0)");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("TCP port must be in 0..65535, got " + port);
            }
        }
    }

    /**
     * A Unix domain socket at {@code path} (Python's address given as a path string).
     *
     * @param path the socket file, made absolute
     * @return the address
     * @throws NullPointerException when {@code path} is null
     */
    public static Address unix(Path path) {
        return new Address(Objects.requireNonNull(path, "path").toAbsolutePath().toString(), null, -1);
    }

    /**
     * A TCP address (Python's {@code (host, port)} tuple).
     *
     * @param host the host name or IP ({@code 0.0.0.0} listens on every interface)
     * @param port the port; 0 means "any free port" when listening
     * @return the address
     * @throws IllegalArgumentException when {@code host} is blank or {@code port} is outside 0..65535
     */
    public static Address tcp(String host, int port) {
        return new Address(null, host, port);
    }

    /**
     * Parses {@code "unix:/path/to/socket"}, {@code "/path/to/socket"}, {@code "host:port"} or
     * {@code "[ipv6]:port"}: the forms {@link #toString()} writes and mp4j's command-line options
     * take.
     *
     * @param text the address, surrounding white space ignored
     * @return the address
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     * @throws NullPointerException when {@code text} is null
     */
    public static Address parse(String text) {
        Objects.requireNonNull(text, "address");
        String s = text.strip();
        if (s.startsWith("unix:")) {
            return unix(Path.of(s.substring("unix:".length())));
        }
        if (s.startsWith("/")) {
            return unix(Path.of(s));
        }
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("cannot parse address '" + text
                    + "': use 'unix:/path/to/socket' or 'host:port' (e.g. 127.0.0.1:50000)");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot parse address '" + text + "': port '"
                    + s.substring(colon + 1) + "' is not a number");
        }
        return tcp(host, port);
    }

    /**
     * Whether this is a Unix domain socket address.
     *
     * @return true when {@link #unixPath()} is set
     */
    public boolean isUnix() {
        return unixPath != null;
    }

    /**
     * The protocol family to open a socket channel with.
     *
     * @return UNIX, INET6 for a host containing a colon, else INET
     */
    public StandardProtocolFamily protocolFamily() {
        if (isUnix()) {
            return StandardProtocolFamily.UNIX;
        }
        return host.contains(":") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /**
     * The socket address to bind or connect to. Resolves the host name of a TCP address, which
     * may block on DNS.
     *
     * @return a {@link UnixDomainSocketAddress} or an {@link InetSocketAddress} (unresolved when
     *         the name does not resolve)
     */
    public SocketAddress toSocketAddress() {
        return isUnix() ? UnixDomainSocketAddress.of(unixPath) : new InetSocketAddress(host, port);
    }

    /**
     * The form {@link #parse} reads back.
     *
     * @return {@code unix:/path}, {@code host:port} or {@code [ipv6]:port}
     */
    @Override
    public String toString() {
        if (isUnix()) {
            return "unix:" + unixPath;
        }
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
