package dev.mp4j.cluster;

import dev.mp4j.cluster.internal.ClusterMembers;
import dev.mp4j.cluster.internal.RedisConnections;
import org.redisson.api.RedissonClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Worker JVMs started on this machine as children of this JVM, each running {@link ClusterWorker}
 * against one Redis: what the lab, the benchmarks and the tests use to get a cluster on one host.
 *
 * <pre>{@code
 * try (LocalWorkers workers = LocalWorkers.start("redis://127.0.0.1:6379", 2);
 *      Pool pool = Pool.builder().engine(Engine.CLUSTER).redis("redis://127.0.0.1:6379").processes(2).build()) {
 *     pool.map(x -> x * x, List.of(1, 2, 3));
 * }
 * }</pre>
 *
 * <p>{@link #start} returns once every JVM has registered with Redis (or fails, with the child's
 * output, and kills what it started). {@link #close()} kills them all (SIGKILL) and waits for
 * them. Children inherit this JVM's class path, so they have the same application classes.
 * The password travels in the child's environment, never on its command line. Thread-safe.
 */
public final class LocalWorkers implements AutoCloseable {
    private final RedisAddress address;
    private final List<Process> processes;
    private final List<Path> logs;

    private LocalWorkers(RedisAddress address, List<Process> processes, List<Path> logs) {
        this.address = address;
        this.processes = processes;
        this.logs = logs;
    }

    /**
     * Starts {@code jvms} worker JVMs with one worker thread each, on this JVM's class path.
     *
     * @param redisAddress the cluster's Redis, {@code redis://...}
     * @param jvms         the number of worker JVMs, at least 1
     * @return the running workers, which the caller closes
     * @throws IllegalArgumentException when the address cannot be parsed or {@code jvms} is below 1
     * @throws IllegalStateException when a worker exits or does not register in time (the message
     *         quotes its output)
     */
    public static LocalWorkers start(String redisAddress, int jvms) {
        return builder(redisAddress).jvms(jvms).start();
    }

    /**
     * Options for local workers: number of JVMs, threads per JVM, class path, JVM options.
     *
     * @param redisAddress the cluster's Redis, {@code redis://...}
     * @return a new builder
     * @throws IllegalArgumentException when the address cannot be parsed
     */
    public static Builder builder(String redisAddress) {
        return new Builder(RedisAddress.parse(redisAddress));
    }

    /**
     * Options for local workers serving {@code address}.
     *
     * @param address the cluster's Redis
     * @return a new builder
     * @throws NullPointerException when {@code address} is null
     */
    public static Builder builder(RedisAddress address) {
        return new Builder(Objects.requireNonNull(address, "address"));
    }

    /**
     * The pids of the worker JVMs.
     *
     * @return the pids, in start order
     */
    public List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /**
     * Kills worker JVM {@code index} with SIGKILL, as a crash would (for fault tests and demos),
     * and waits up to 10 s for it to end.
     *
     * @param index the JVM's position in {@link #pids()}
     * @throws IndexOutOfBoundsException when there is no such JVM
     */
    public void kill(int index) {
        Process process = processes.get(index);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The Redis address the workers serve.
     *
     * @return the address given to the builder
     */
    public RedisAddress address() {
        return address;
    }

    /** Kills every worker JVM and its descendants (SIGKILL), waits for them, and removes their logs. */
    @Override
    public void close() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Path log : logs) {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temporary file; the OS cleans its temp directory
            }
        }
    }

    /** Validated options of {@link LocalWorkers}: each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private final RedisAddress address;
        private int jvms = 1;
        private int workersPerJvm = 1;
        /** The class path this JVM's own child JVMs get (its class loaders' real path, not only java.class.path). */
        private String classPath = dev.mp4j.internal.process.ProcessEngine.get().childClassPath();
        private final List<String> jvmOptions = new ArrayList<>();
        private final List<String> launcher = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder(RedisAddress address) {
            this.address = address;
        }

        /**
         * The number of worker JVMs; default 1.
         *
         * @param jvms at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder jvms(int jvms) {
            if (jvms < 1) {
                throw new IllegalArgumentException("need at least 1 worker JVM, got " + jvms);
            }
            this.jvms = jvms;
            return this;
        }

        /**
         * Worker threads in each JVM; default 1.
         *
         * @param workers at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder workersPerJvm(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("need at least 1 worker thread per JVM, got " + workers);
            }
            this.workersPerJvm = workers;
            return this;
        }

        /**
         * The workers' class path; default this JVM's {@code java.class.path}.
         *
         * @param classPath entries separated by {@code File.pathSeparator}
         * @return this builder
         * @throws IllegalArgumentException when null or blank
         */
        public Builder classPath(String classPath) {
            if (classPath == null || classPath.isBlank()) {
                throw new IllegalArgumentException("class path must not be blank");
            }
            this.classPath = classPath;
            return this;
        }

        /**
         * Extra options for the worker JVMs; each call adds to those given before.
         *
         * @param options the options, each starting with {@code -}
         * @return this builder
         * @throws IllegalArgumentException when an option is null or does not start with {@code -}
         */
        public Builder jvmOptions(String... options) {
            for (String option : options) {
                if (option == null || !option.startsWith("-")) {
                    throw new IllegalArgumentException("JVM option '" + option + "' must start with '-'");
                }
                jvmOptions.add(option);
            }
            return this;
        }

        /**
         * A command that runs each worker JVM's command line in its place on this host, such as
         * {@code ip netns exec NAME} (workers in another network namespace, reaching Redis over
         * a non-loopback address) or {@code nice -n 10}. It must exec the JVM, so that the
         * started process is the worker JVM itself; default none.
         *
         * @param command the launcher command and its arguments, none blank
         * @return this builder
         * @throws IllegalArgumentException when a part is blank
         */
        public Builder launcher(String... command) {
            for (String part : command) {
                if (part == null || part.isBlank()) {
                    throw new IllegalArgumentException("launcher command parts must not be blank");
                }
            }
            launcher.clear();
            launcher.addAll(List.of(command));
            return this;
        }

        /**
         * How long {@link #start()} waits for every JVM to register; default 60 s.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException when null, zero or negative
         */
        public Builder startTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("start timeout must be positive, got " + timeout);
            }
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts the JVMs and waits until each has registered with Redis; on failure kills what it
         * started.
         *
         * @return the running workers, which the caller closes
         * @throws IllegalStateException when a worker exits or does not register in time (the
         *         message quotes its output), or a JVM cannot be started
         */
        public LocalWorkers start() {
            String java = ProcessHandle.current().info().command().orElse(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString());
            List<Process> started = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            LocalWorkers workers = new LocalWorkers(address, started, logs);
            try {
                for (int i = 0; i < jvms; i++) {
                    List<String> command = new ArrayList<>(launcher);
                    command.add(java);
                    command.add("--enable-native-access=ALL-UNNAMED");
                    command.add("-Xshare:auto");
                    String retry = System.getProperty("mp4j.clusterRetrySeconds");
                    if (retry != null) {
                        command.add("-Dmp4j.clusterRetrySeconds=" + retry);
                    }
                    String allow = System.getProperty("mp4j.serialAllow");
                    if (allow != null) {
                        command.add("-Dmp4j.serialAllow=" + allow);
                    }
                    command.addAll(jvmOptions);
                    command.addAll(dev.mp4j.internal.process.ClassPathArgument.of(classPath));
                    command.addAll(List.of(ClusterWorker.class.getName(),
                            "--redis", address.uri(), "--workers", Integer.toString(workersPerJvm),
                            "--parent-pid", Long.toString(ProcessHandle.current().pid())));
                    Path log = Files.createTempFile("mp4j-worker-", ".log");
                    logs.add(log);
                    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                            .redirectOutput(log.toFile());
                    dev.mp4j.internal.process.InheritedJvmOptions.applyTo(builder); // a debug agent's port: not the parent's
                    builder.environment().remove("MP4J_REDIS_PASSWORD");
                    if (address.password() != null) {
                        builder.environment().put("MP4J_REDIS_PASSWORD", address.password());
                    }
                    started.add(builder.start());
                }
                awaitRegistered(started, logs);
                return workers;
            } catch (IOException | RuntimeException e) {
                workers.close();
                throw e instanceof RuntimeException re ? re : new IllegalStateException("cannot start worker JVMs: " + e, e);
            }
        }

        private void awaitRegistered(List<Process> started, List<Path> logs) {
            RedissonClient client = RedisConnections.acquire(address);
            try {
                long deadline = System.nanoTime() + startTimeout.toNanos();
                Set<Long> expected = new HashSet<>();
                started.forEach(p -> expected.add(p.pid()));
                while (true) {
                    Set<Long> registered = new HashSet<>();
                    ClusterMembers.list(client).forEach(m -> registered.add(m.pid()));
                    if (registered.containsAll(expected)) {
                        return;
                    }
                    for (int i = 0; i < started.size(); i++) {
                        if (!started.get(i).isAlive()) {
                            throw new IllegalStateException("worker JVM " + started.get(i).pid() + " exited with code "
                                    + started.get(i).exitValue() + " before registering:\n" + tail(logs.get(i)));
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("worker JVMs did not register with Redis at " + address.uri() + " within "
                                + startTimeout + "; output of the first:\n" + tail(logs.getFirst()));
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for worker JVMs", e);
                    }
                }
            } finally {
                RedisConnections.release(address);
            }
        }

        private static String tail(Path log) {
            try {
                List<String> lines = Files.readAllLines(log);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }
    }
}
