package dev.mp4j.cli;

import dev.mp4j.internal.observe.Dashboard;
import dev.mp4j.internal.observe.StatusServer;
import dev.mp4j.observe.PoolStats;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mp4j top}: the process pools of every mp4j JVM of this user on this machine (found by the
 * status socket each keeps in its private run directory), in the terminal or, with {@code --web}, as
 * the live web view on loopback.
 */
@Command(name = "top", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Show the pools of this user's mp4j JVMs: workers, their tasks, queues, failures.",
                "Sees JVMs that started a process pool (each answers on a socket in its private run directory)."})
public final class TopCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--web", paramLabel = "PORT", defaultValue = "-1",
            description = "Serve the live web view on 127.0.0.1:PORT (0: any free port) instead of drawing in the terminal.")
    private int web;

    @Option(names = "--once", description = "Print one snapshot and exit (for scripts).")
    private boolean once;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "Seconds between two snapshots in the terminal (default 1).")
    private double interval;

    @Override
    public Integer call() throws InterruptedException {
        if (web > 65535 || web < -1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--web needs a port 0..65535, got " + web);
        }
        if (!(interval >= 0.1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval must be at least 0.1 seconds, got " + interval);
        }
        return Views.run(spec.commandLine(), "mp4j top", () -> StatusServer.readAll(Duration.ofSeconds(2)), web, "127.0.0.1",
                null, once, interval);
    }

    /** The loop shared by top and cluster-status. */
    static final class Views {
        private Views() {
        }

        static int run(CommandLine commandLine, String title, java.util.function.Supplier<List<PoolStats>> source, int web,
                       String bind, String password, boolean once, double interval) throws InterruptedException {
            PrintWriter out = commandLine.getOut();
            if (web >= 0) {
                java.net.InetSocketAddress address = new java.net.InetSocketAddress(bind, web);
                if (address.isUnresolved()) {
                    throw new CommandLine.ParameterException(commandLine, "--bind: cannot resolve '" + bind + "'");
                }
                try (Dashboard dashboard = Dashboard.start(address, title, source, password)) {
                    out.println(title + ": serving " + dashboard.uri() + (password != null ? " (log in with the Redis password)" : "")
                            + "; Ctrl-C to stop");
                    out.flush();
                    Thread.currentThread().join(); // until the JVM is asked to exit
                } catch (java.io.UncheckedIOException e) {
                    commandLine.getErr().println(title + ": " + e.getMessage());
                    return 1;
                }
                return 0;
            }
            TopView view = new TopView();
            while (true) {
                String screen = view.render(title, source.get());
                if (once) {
                    out.print(screen);
                    out.flush();
                    return 0;
                }
                out.print("\033[H\033[2J" + screen);
                out.flush();
                Thread.sleep((long) (interval * 1000));
            }
        }
    }
}
