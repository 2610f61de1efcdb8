package dev.mp4j.lab;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Starts cluster sessions for the lab; implemented where the {@code mp4j-cluster} module is
 * present and found with {@link ServiceLoader}. Without one, asking the lab for the cluster engine
 * is a usage error that says what is missing.
 */
public interface ClusterProvider {
    /** Starts {@code workerJvms} local worker JVMs on the Redis server at {@code address} and connects to them. */
    ClusterSession start(String address, int workerJvms) throws Exception;

    static Optional<ClusterProvider> find() {
        return ServiceLoader.load(ClusterProvider.class).findFirst();
    }
}
