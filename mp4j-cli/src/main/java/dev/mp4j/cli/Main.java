package dev.mp4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mp4j} command. */
@Command(name = "mp4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Python's threading + multiprocessing model for Java: the lab, tools and servers.",
        footerHeading = "%nCommands of the ./mp4j script (not of this jar):%n",
        footer = {
            "  test     Build and run the whole test suite (what CI runs); --soak for the long soak.",
            "  jmh      Run the JMH microbenchmarks, e.g. ./mp4j jmh CodecBenchmark -f 1.",
            "%nRun 'mp4j COMMAND --help' for a command's options."},
        subcommands = {
            LabCommand.class,
            DemoCommand.class,
            ExampleCommand.class,
            BenchCommand.class,
            MapCommand.class,
            ManagerCommand.class,
            WorkerCommand.class,
            TopCommand.class,
            ClusterStatusCommand.class,
            JfrCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with mp4j's conventions: a usage error prints one line and a hint, not the
     * whole usage text, and exits with status 2.
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setParameterExceptionHandler((error, args) -> {
            CommandLine failed = error.getCommandLine();
            java.io.PrintWriter err = failed.getErr();
            err.println(failed.getCommandSpec().qualifiedName() + ": " + error.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return 2;
        });
        return commandLine;
    }

    /** {@code --version}: mp4j's version (from the jar's manifest) and the JVM's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mp4j " + (version != null ? version : "(development build)"),
                    "JVM " + System.getProperty("java.vm.name") + " " + Runtime.version() + " (" + System.getProperty("java.home") + ")"};
        }
    }
}
