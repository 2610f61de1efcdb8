package dev.mp4j.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where the cluster's Redis (or Valkey) server is and how to log in: the cluster's "authkey" is
 * the Redis password. Parsed from {@code redis://[[user]:password@]host:port} ({@code rediss://}
 * for TLS, verified against the JVM's trust store); a password given separately wins over one in
 * the URI, and {@code MP4J_REDIS_PASSWORD} / {@code -Dmp4j.redisPassword} supply one when neither does.
 *
 * @param host     the server's host name or address
 * @param port     its port
 * @param tls      true for {@code rediss://}
 * @param username the ACL user, or null for the default user
 * @param password the password, or null for a server without {@code requirepass}
 */
public record RedisAddress(String host, int port, boolean tls, String username, String password) {

    /**
     * Checks the host and port.
     *
     * @throws IllegalArgumentException when the host is blank or the port outside 1..65535
     * @throws NullPointerException when {@code host} is null
     */
    public RedisAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("Redis host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Redis port must be in 1..65535, got " + port);
        }
    }

    /**
     * Parses {@code address}; the password comes from the URI, else {@code -Dmp4j.redisPassword},
     * else {@code MP4J_REDIS_PASSWORD}.
     *
     * @param address {@code redis://[[user]:password@]host[:port]} or {@code rediss://...}; the
     *                port defaults to 6379
     * @return the address
     * @throws IllegalArgumentException when {@code address} is blank, not a URI, not redis:// or
     *         rediss://, or has no host
     */
    public static RedisAddress parse(String address) {
        return parse(address, null);
    }

    /**
     * Parses {@code address} with an explicit password.
     *
     * @param address  {@code redis://[[user]:password@]host[:port]} or {@code rediss://...}
     * @param password the password, which wins over the URI's; null: from the URI, else
     *                 {@code -Dmp4j.redisPassword}, else {@code MP4J_REDIS_PASSWORD}; empty: none
     * @return the address
     * @throws IllegalArgumentException when {@code address} cannot be parsed, as for {@link #parse(String)}
     */
    public static RedisAddress parse(String address, String password) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("a Redis address is needed, like redis://127.0.0.1:6379");
        }
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Redis address '" + address + "' is not a URI: " + e.getMessage()
                    + " (expected redis://host:port or rediss://host:port)", e);
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("Redis address '" + address
                    + "' must start with redis:// (or rediss:// for TLS), like redis://127.0.0.1:6379");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("Redis address '" + address + "' has no host: use redis://host:port");
        }
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        String user = null;
        String uriPassword = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            if (colon < 0) {
                uriPassword = decode(info);
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                uriPassword = decode(info.substring(colon + 1));
            }
        }
        String chosen = password != null ? password : uriPassword;
        if (chosen == null) {
            chosen = System.getProperty("mp4j.redisPassword");
        }
        if (chosen == null) {
            chosen = System.getenv("MP4J_REDIS_PASSWORD");
        }
        if (chosen != null && chosen.isEmpty()) {
            chosen = null;
        }
        return new RedisAddress(uri.getHost(), port, "rediss".equals(scheme), user, chosen);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /**
     * The address without credentials, as Redisson and logs take it.
     *
     * @return {@code redis://host:port} or {@code rediss://host:port}
     */
    public String uri() {
        return (tls ? "rediss://" : "redis://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The address with the password, for handing to a worker JVM through its environment (never
     * its command line).
     *
     * @return the URI with URL-encoded credentials, or {@link #uri()} when there is no password
     */
    public String uriWithCredentials() {
        if (password == null) {
            return uri();
        }
        String user = username == null ? "" : java.net.URLEncoder.encode(username, StandardCharsets.UTF_8);
        return (tls ? "rediss://" : "redis://") + user + ":" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The address for logs; never prints the password.
     *
     * @return {@link #uri()}, marked "(with password)" when there is one
     */
    @Override
    public String toString() {
        return uri() + (password != null ? " (with password)" : "");
    }
}
