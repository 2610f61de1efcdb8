package dev.mp4j.internal.observe;

import dev.mp4j.observe.ClusterMXBean;
import dev.mp4j.observe.PoolMXBean;
import dev.mp4j.observe.PoolStats;
import dev.mp4j.observe.WorkerStats;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/**
 * Registers pools (and clusters) in the platform MBean server, under names made unique with a
 * number when a name is taken. Loaded only when asked for, so JMX costs nothing otherwise.
 */
public final class Jmx {
    private Jmx() {
    }

    /** Registers {@code pool} as {@code dev.mp4j:type=Pool,name=...}; returns the name to {@link #unregister}. */
    public static ObjectName registerPool(String name, ObservedPool pool) {
        return register("Pool", name, new PoolBean(pool));
    }

    /** Registers a cluster's view; {@code stats} gives its workers as one pool's. */
    public static ObjectName registerCluster(String name, String address, Supplier<PoolStats> stats) {
        return register("Cluster", name, new ClusterBean(address, stats));
    }

    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            // already gone
        }
    }

    private static ObjectName register(String type, String name, Object bean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int attempt = 1; ; attempt++) {
            try {
                ObjectName objectName = new ObjectName("dev.mp4j:type=" + type + ",name="
                        + ObjectName.quote(attempt == 1 ? name : name + "-" + attempt));
                server.registerMBean(bean, objectName);
                return objectName;
            } catch (InstanceAlreadyExistsException taken) {
                // try the next number
            } catch (JMException e) {
                throw new IllegalStateException("cannot register " + type + " " + name + " in JMX: " + e.getMessage(), e);
            }
        }
    }

    private static final class PoolBean implements PoolMXBean {
        private final ObservedPool pool;

        PoolBean(ObservedPool pool) {
            this.pool = pool;
        }

        @Override
        public String getName() {
            return pool.stats().name();
        }

        @Override
        public String getEngine() {
            return pool.stats().engine().name();
        }

        @Override
        public String getState() {
            return pool.stats().state().name();
        }

        @Override
        public int getSize() {
            return pool.stats().size();
        }

        @Override
        public long getSubmitted() {
            return pool.stats().submitted();
        }

        @Override
        public long getQueued() {
            return pool.stats().queued();
        }

        @Override
        public int getActive() {
            return pool.stats().active();
        }

        @Override
        public long getCompleted() {
            return pool.stats().completed();
        }

        @Override
        public long getFailed() {
            return pool.stats().failed();
        }

        @Override
        public long getTimeouts() {
            return pool.stats().timeouts();
        }

        @Override
        public long getWorkersStarted() {
            return pool.stats().workersStarted();
        }

        @Override
        public long getWorkerRestarts() {
            return pool.stats().workerRestarts();
        }

        @Override
        public long[] getWorkerPids() {
            return pool.stats().workers().stream().mapToLong(WorkerStats::pid).toArray();
        }

        @Override
        public String[] getRecentFailures() {
            return pool.stats().recentFailures().stream()
                    .map(f -> f.exception() + ": " + f.message() + " (pid " + f.workerPid() + ")").toArray(String[]::new);
        }
    }

    private static final class ClusterBean implements ClusterMXBean {
        private final String address;
        private final Supplier<PoolStats> stats;

        ClusterBean(String address, Supplier<PoolStats> stats) {
            this.address = address;
            this.stats = stats;
        }

        @Override
        public String getAddress() {
            return address;
        }

        @Override
        public int getWorkersAlive() {
            return stats.get().workers().size();
        }

        @Override
        public String[] getWorkerIds() {
            return stats.get().workers().stream().map(WorkerStats::name).toArray(String[]::new);
        }

        @Override
        public int getWorkerThreads() {
            return stats.get().size();
        }

        @Override
        public int getTasksRunning() {
            return stats.get().active();
        }
    }
}
