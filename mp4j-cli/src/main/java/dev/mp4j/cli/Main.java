package dev.mp4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mp4j} command. */
@Command(name = "mp4j", mixinStandardHelpOptions = true,
        description = "Python's threading + multiprocessing model for Java: the lab, tools and servers.",
        subcommands = {
            LabCommand.class,
            DemoCommand.class,
            ExampleCommand.class,
            BenchCommand.class,
            MapCommand.class,
            ManagerCommand.class,
            WorkerCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
