package dev.mp4j.cluster.internal;

import org.redisson.api.RedissonClient;

import java.util.ArrayList;
import java.util.List;

/** The worker JVMs whose heartbeat keys are alive in Redis. */
public final class ClusterMembers {
    private ClusterMembers() {
    }

    /**
     * One live worker JVM.
     *
     * @param id      {@code host/pid}
     * @param pid     its process id on its host
     * @param workers its number of worker threads
     */
    public record Member(String id, long pid, int workers) {
    }

    public static List<Member> list(RedissonClient client) {
        List<Member> members = new ArrayList<>();
        for (String key : client.getKeys().getKeysByPattern(ClusterNames.WORKER_PREFIX + "*")) {
            Object value = client.getBucket(key).get();
            if (value instanceof String text) {
                String[] parts = text.split(" ");
                try {
                    members.add(new Member(key.substring(ClusterNames.WORKER_PREFIX.length()), Long.parseLong(parts[1]),
                            Integer.parseInt(parts[0])));
                } catch (RuntimeException malformed) {
                    // not written by an mp4j worker: ignore
                }
            }
        }
        return members;
    }
}
