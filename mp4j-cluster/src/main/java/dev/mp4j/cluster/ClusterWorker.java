package dev.mp4j.cluster;

import dev.mp4j.cluster.internal.ClusterNames;
import dev.mp4j.cluster.internal.ClusterStatus;
import dev.mp4j.cluster.internal.RedisConnections;
import dev.mp4j.cluster.internal.TaskConsumer;
import dev.mp4j.cluster.internal.WorkerIdentity;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A worker JVM's service: {@code workers} threads running mp4j tasks taken from the cluster's task
 * stream (one consumer of its consumer group, prefetching a bounded number of tasks), plus a
 * heartbeat key ({@code mp4j:worker:host/pid}, expiring after a few seconds) by
 * which callers and {@link LocalWorkers} see it. Start one per JVM with {@link #start} or from the
 * command line ({@code mp4j worker --redis redis://HOST:PORT --workers N}, or this class's
 * {@link #main}). Application classes load from this JVM's class path.
 *
 * <p>Thread-safe; {@link #close()} deregisters the workers and releases the connection.
 */
public final class ClusterWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorker.class);

    private final RedisAddress address;
    private final RedissonClient client;
    private final TaskConsumer consumer;
    private final ScheduledExecutorService heartbeat;
    private final int workers;

    private ClusterWorker(RedisAddress address, int workers) {
        this.address = address;
        this.workers = workers;
        this.client = RedisConnections.acquire(address);
        try {
            this.consumer = new TaskConsumer(client, address, workers);
            consumer.start();
        } catch (RuntimeException e) {
            RedisConnections.release(address);
            throw e;
        }
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("mp4j-cluster-heartbeat").factory());
        beat();
        long period = ClusterNames.HEARTBEAT_TTL.toMillis() / 3;
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
        LOG.info("mp4j cluster worker {} serving {} with {} workers", WorkerIdentity.id(), address, workers);
    }

    /**
     * Connects to {@code address} and serves tasks on {@code workers} threads of this JVM, in the
     * background (a Celery or Ray worker's role; Python's multiprocessing has none).
     *
     * @param address the cluster's Redis
     * @param workers the number of worker threads, at least 1
     * @return the running worker, which the caller closes
     * @throws IllegalArgumentException when {@code workers} is below 1
     * @throws dev.mp4j.AuthenticationException when Redis refuses the password
     * @throws IllegalStateException when Redis cannot be reached
     */
    public static ClusterWorker start(RedisAddress address, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("a worker JVM needs at least 1 worker thread, got " + workers);
        }
        return new ClusterWorker(address, workers);
    }

    private void beat() {
        try {
            client.getBucket(ClusterNames.WORKER_PREFIX + WorkerIdentity.id())
                    .set(workers + " " + ProcessHandle.current().pid(), ClusterNames.HEARTBEAT_TTL);
            client.getBucket(ClusterStatus.STATS_PREFIX + WorkerIdentity.id())
                    .set(dev.mp4j.internal.observe.WorkerActivity.line(), ClusterNames.HEARTBEAT_TTL);
        } catch (RuntimeException e) {
            LOG.warn("mp4j cluster worker {}: heartbeat to {} failed: {}", WorkerIdentity.id(), address, e.toString());
        }
    }

    /**
     * The number of worker threads, each running one task at a time.
     *
     * @return the number given to {@link #start}
     */
    public int workers() {
        return workers;
    }

    /**
     * Stops serving: deregisters from Redis (tasks not yet taken go to other workers), removes
     * the heartbeat and interrupts the worker threads. Failures to reach Redis are logged.
     */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        consumer.close();
        try {
            client.getBucket(ClusterNames.WORKER_PREFIX + WorkerIdentity.id()).delete();
            client.getBucket(ClusterStatus.STATS_PREFIX + WorkerIdentity.id()).delete();
        } catch (RuntimeException e) {
            LOG.debug("deregistering from {} failed", address, e);
        }
        RedisConnections.release(address);
    }

    /**
     * {@code java -cp <app and mp4j jars> dev.mp4j.cluster.ClusterWorker --redis redis://HOST:PORT [--workers N]
     * [--password P]}: serves until killed. The password may also come from MP4J_REDIS_PASSWORD,
     * the address from MP4J_REDIS. A usage error prints the problem and exits with status 2.
     *
     * @param args the options above
     * @throws InterruptedException when the main thread is interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        String redis = null;
        String password = null;
        int workers = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--redis" -> redis = require(arg, value);
                case "--password" -> password = require(arg, value);
                case "--parent-pid" -> exitWithParent(require(arg, value));
                case "--workers" -> {
                    try {
                        workers = Integer.parseInt(require(arg, value));
                    } catch (NumberFormatException e) {
                        usage("--workers needs a whole number, got '" + value + "'");
                    }
                }
                default -> usage("unknown option '" + arg + "'");
            }
            i++;
        }
        if (redis == null) {
            redis = System.getenv("MP4J_REDIS");
        }
        if (redis == null) {
            usage("--redis redis://HOST:PORT is required");
        }
        run(RedisAddress.parse(redis, password), workers);
    }

    /**
     * Serves until this JVM is asked to exit (SIGTERM, Ctrl-C), then deregisters.
     *
     * @param address the cluster's Redis
     * @param workers the number of worker threads, at least 1
     * @throws InterruptedException when the calling thread is interrupted while serving
     * @throws IllegalArgumentException when {@code workers} is below 1
     */
    public static void run(RedisAddress address, int workers) throws InterruptedException {
        ClusterWorker worker = start(address, workers);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "mp4j-cluster-worker-shutdown"));
        stopped.await();
    }

    /** A worker started by {@link LocalWorkers} exits when the JVM that started it does, however that ends. */
    private static void exitWithParent(String pid) {
        long parent;
        try {
            parent = Long.parseLong(pid);
        } catch (NumberFormatException e) {
            usage("--parent-pid needs a process id, got '" + pid + "'");
            return;
        }
        ProcessHandle.of(parent).ifPresentOrElse(
                handle -> handle.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                () -> Runtime.getRuntime().halt(0));
    }

    private static String require(String option, String value) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("mp4j cluster worker: " + problem);
        System.err.println("usage: ClusterWorker --redis redis://HOST:PORT [--workers N] [--password P]");
        System.exit(2);
    }
}
