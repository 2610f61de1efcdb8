package dev.mp4j.cluster.internal.objects;

import dev.mp4j.cluster.internal.ClusterNames;
import org.redisson.api.RedissonClient;

/** Creates the cluster's shared objects by kind; every Redis key is {@code mp4j:obj:<name>...}. */
public final class ClusterObjects {
    private ClusterObjects() {
    }

    public static Object create(RedissonClient client, String kind, String name, int argument) {
        String key = ClusterNames.OBJECT_PREFIX + name;
        return switch (kind) {
            case "dict" -> new ClusterMap<>(client, key, name);
            case "list" -> new ClusterList<>(client, key, name);
            case "queue" -> new ClusterQueue<>(client, key, name, argument, false);
            case "joinableQueue" -> new ClusterQueue<>(client, key, name, argument, true);
            case "lock" -> new ClusterLock(client, key, name, false);
            case "rlock" -> new ClusterLock(client, key, name, true);
            case "semaphore" -> new ClusterSemaphore(client, key, name, argument);
            case "event" -> new ClusterEvent(client, key, name);
            case "barrier" -> new ClusterBarrier(client, key, name, argument);
            case "value" -> new ClusterValue<>(client, key, name);
            default -> throw new IllegalArgumentException("unknown cluster object kind '" + kind + "'");
        };
    }
}
