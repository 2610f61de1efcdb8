package dev.mp4j.cli;

import dev.mp4j.examples.Examples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mp4j example NAME}: runs a ported seed program. */
@Command(name = "example", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Run a ported seed program by name (run without NAME to list them).")
final class ExampleCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", description = "the example, e.g. HelloWorld")
    private String name;

    @Parameters(index = "1..*", description = "arguments passed to the example")
    private String[] arguments = new String[0];

    @Override
    public Integer call() throws Exception {
        Map<String, Class<?>> examples = Examples.all();
        if (name == null) {
            examples.keySet().forEach(System.out::println);
            return 0;
        }
        Class<?> main = examples.get(name);
        if (main == null) {
            System.err.println("mp4j example: unknown example '" + name + "'; known: " + String.join(", ", examples.keySet()));
            return 2;
        }
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        try {
            main.getMethod("main", String[].class).invoke(null, (Object) arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        awaitNonDaemonThreads(before);
        return 0;
    }

    /**
     * Waits, as the JVM does when {@code main} returns (and Python at exit), for the non-daemon
     * threads the example started: the CLI exits with {@code System.exit}, which would cut them off.
     */
    private static void awaitNonDaemonThreads(java.util.Set<Thread> before) throws InterruptedException {
        while (true) {
            java.util.Optional<Thread> running = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && !t.isDaemon() && t.isAlive() && t != Thread.currentThread())
                    .findFirst();
            if (running.isEmpty()) {
                return;
            }
            running.get().join();
        }
    }
}
