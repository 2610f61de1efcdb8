package dev.mp4j.cluster.internal;

import dev.mp4j.AuthenticationException;
import dev.mp4j.cluster.RedisAddress;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One Redisson client per Redis address in this JVM, shared by every pool, process and shared
 * object that uses it and shut down when the last of them releases it.
 *
 * <p>Thread-safe: acquire and release are serialized on this class.
 */
public final class RedisConnections {
    private static final Map<RedisAddress, Shared> CLIENTS = new HashMap<>();
    private static volatile RedissonClient mostRecent;

    private RedisConnections() {
    }

    private static final class Shared {
        final RedissonClient client;
        int users;

        Shared(RedissonClient client) {
            this.client = client;
        }
    }

    /** A client for {@code address}; call {@link #release} once per acquire. */
    public static synchronized RedissonClient acquire(RedisAddress address) {
        Shared shared = CLIENTS.get(address);
        if (shared == null || shared.client.isShutdown()) {
            shared = new Shared(connect(address));
            CLIENTS.put(address, shared);
        }
        shared.users++;
        mostRecent = shared.client;
        return shared.client;
    }

    public static synchronized void release(RedisAddress address) {
        Shared shared = CLIENTS.get(address);
        if (shared != null && --shared.users == 0) {
            CLIENTS.remove(address);
            shared.client.shutdown();
        }
    }

    /**
     * The client that cluster objects arriving in this JVM (inside a task or a result) attach to:
     * the most recently acquired one, which on a worker JVM is the worker's own.
     */
    public static RedissonClient current() {
        RedissonClient client = mostRecent;
        if (client == null || client.isShutdown()) {
            throw new IllegalStateException("a cluster object arrived in a JVM with no connection to Redis:"
                    + " open a Cluster or a CLUSTER pool first");
        }
        return client;
    }

    /** A new client, with a clear error for a wrong password or an unreachable server. */
    public static RedissonClient connect(RedisAddress address) {
        Config config = new Config();
        config.setCodec(Mp4jRedissonCodec.INSTANCE);
        config.setThreads(Math.max(4, Runtime.getRuntime().availableProcessors()));
        config.setNettyThreads(Math.max(4, Runtime.getRuntime().availableProcessors() * 2));
        SingleServerConfig server = config.useSingleServer()
                .setAddress(address.uri())
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(32)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setConnectTimeout(5_000)
                .setTimeout(5_000)
                .setRetryAttempts(4)
                .setClientName("mp4j-" + ProcessHandle.current().pid());
        if (address.password() != null) {
            server.setPassword(address.password());
        }
        if (address.username() != null) {
            server.setUsername(address.username());
        }
        try {
            return Redisson.create(config);
        } catch (RuntimeException e) {
            String detail = causes(e);
            String lower = detail.toLowerCase(Locale.ROOT);
            if (lower.contains("wrongpass") || lower.contains("invalid password") || lower.contains("invalid username-password")) {
                throw new AuthenticationException("Redis at " + address.uri() + " refused the password (WRONGPASS):"
                        + " the cluster's password is the server's requirepass; check --password / MP4J_REDIS_PASSWORD");
            }
            if (lower.contains("noauth")) {
                throw new AuthenticationException("Redis at " + address.uri() + " requires a password (NOAUTH):"
                        + " give it with --password, MP4J_REDIS_PASSWORD or redis://:PASSWORD@host:port");
            }
            throw new IllegalStateException("cannot connect to Redis at " + address.uri() + ": " + detail
                    + " (is redis-server running and reachable from this machine?)", e);
        }
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(" <- ");
            }
            sb.append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }
}
