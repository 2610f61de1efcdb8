package dev.mp4j.cli;

import dev.mp4j.cluster.RedisAddress;
import dev.mp4j.spi.ClusterPoolFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mp4j cluster-status}: the worker JVMs of a cluster (heartbeats and the activity each
 * publishes in Redis), in the terminal or as the live web view. The web view asks for the Redis
 * password before it shows anything: whoever holds it may run tasks on the cluster anyway.
 */
@Command(name = "cluster-status", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Show a cluster's worker JVMs, their running tasks, counts and recent failures (Flower's job).")
public final class ClusterStatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--redis", required = true,
            description = "Redis address: redis://HOST:PORT (rediss:// for TLS; redis://:PASSWORD@HOST:PORT works too).")
    private String redis;

    @Option(names = "--password", description = "Redis password (requirepass); default: from the address or MP4J_REDIS_PASSWORD.")
    private String password;

    @Option(names = "--web", paramLabel = "PORT", defaultValue = "-1",
            description = "Serve the live web view on PORT (0: any free port); it asks for the Redis password.")
    private int web;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address the web view listens on (default 127.0.0.1, loopback only).")
    private String bind;

    @Option(names = "--once", description = "Print one snapshot and exit (for scripts).")
    private boolean once;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "Seconds between two snapshots in the terminal (default 2: workers report every 2 s).")
    private double interval;

    @Override
    public Integer call() throws InterruptedException {
        if (web > 65535 || web < -1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--web needs a port 0..65535, got " + web);
        }
        if (!(interval >= 0.1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval must be at least 0.1 seconds, got " + interval);
        }
        RedisAddress address;
        try {
            address = RedisAddress.parse(redis, password);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (web >= 0 && (address.password() == null || address.password().isEmpty())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the cluster's web view is guarded by the Redis password,"
                    + " and " + address.uri() + " was given none: pass --password (or MP4J_REDIS_PASSWORD); a Redis without"
                    + " a password must not be reachable by others");
        }
        ClusterPoolFactory factory = java.util.ServiceLoader.load(ClusterPoolFactory.class).findFirst().orElseThrow();
        try (ClusterPoolFactory.ClusterMonitor monitor = factory.monitor(address.uriWithCredentials())) {
            monitor.stats(); // fails now on a wrong password or an unreachable server
            String title = "mp4j cluster " + address.uri();
            if (web >= 0 && !isLoopback(bind)) {
                spec.commandLine().getErr().println("mp4j cluster-status: the web view listens on " + bind
                        + " over plain HTTP: the password crosses the network readable; prefer an SSH tunnel to 127.0.0.1");
            }
            return TopCommand.Views.run(spec.commandLine(), title, () -> List.of(monitor.stats()), web, bind,
                    web >= 0 ? address.password() : null, once, interval);
        } catch (dev.mp4j.AuthenticationException | IllegalStateException e) {
            spec.commandLine().getErr().println("mp4j cluster-status: " + e.getMessage());
            return 1;
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
