/**
 * {@code Engine.CLUSTER}: mp4j's pools, processes and shared objects on worker JVMs reached
 * through Redis (or Valkey), by way of Redisson.
 *
 * <ul>
 * <li>{@link dev.mp4j.cluster.Cluster}: named shared objects (dict, list, queues, locks,
 *     semaphore, event, barrier, value) with the {@code dev.mp4j.manager} interfaces, so code
 *     written for a manager runs unchanged.</li>
 * <li>{@link dev.mp4j.cluster.ClusterWorker}: the service a worker JVM runs ({@code mp4j worker});
 *     {@link dev.mp4j.cluster.LocalWorkers} and {@link dev.mp4j.cluster.LocalRedis} give a
 *     one-machine cluster for tests, the lab and demos.</li>
 * <li>{@link dev.mp4j.cluster.RedisAddress}: where Redis is and its password, the cluster's
 *     authkey.</li>
 * </ul>
 *
 * <p>Pools and processes on the cluster are made through mp4j-core's API
 * ({@code Pool.builder().engine(Engine.CLUSTER).redis(...)}, {@code Process.of(Engine.CLUSTER, ...)});
 * this module plugs into it through {@code dev.mp4j.spi}. Failures particular to the cluster:
 * {@link dev.mp4j.cluster.MissingClassException} (a worker lacks an application class) and
 * {@link dev.mp4j.cluster.ClusterConnectionException} (Redis lost pending work). Packages named
 * {@code internal} are not API.
 */
package dev.mp4j.cluster;
