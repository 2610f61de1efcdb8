package dev.mp4j.cli;

import dev.mp4j.cluster.ClusterWorker;
import dev.mp4j.cluster.RedisAddress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code mp4j worker}: a cluster worker JVM serving {@code Engine.CLUSTER} pools and processes
 * through a Redis server until it is killed. Tasks may use any class on this JVM's class path
 * (the CLI's, which includes mp4j-examples); a task needing another class fails with an error
 * naming it.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Serve Engine.CLUSTER tasks from a Redis server until killed.")
public final class WorkerCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--redis", required = true,
            description = "Redis address: redis://HOST:PORT (rediss:// for TLS; redis://:PASSWORD@HOST:PORT works too).")
    private String redis;

    @Option(names = "--workers", defaultValue = "0",
            description = "Worker threads in this JVM (default: the number of CPUs).")
    private int workers;

    @Option(names = "--password",
            description = "Redis password (requirepass); default: from the address or MP4J_REDIS_PASSWORD.")
    private String password;

    @Override
    public Integer call() throws InterruptedException {
        if (workers < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1, got " + workers);
        }
        RedisAddress address;
        try {
            address = RedisAddress.parse(redis, password);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        int threads = workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
        spec.commandLine().getErr().println("mp4j worker: serving " + address + " with " + threads + " workers (Ctrl-C to stop)");
        try {
            ClusterWorker.run(address, threads);
        } catch (dev.mp4j.AuthenticationException | IllegalStateException e) {
            spec.commandLine().getErr().println("mp4j worker: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
