package dev.mp4j.cli;

import dev.mp4j.observe.Recordings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mp4j jfr merge}: one recording from a program's and its worker JVMs' flight recordings. */
@Command(name = "jfr", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Flight recordings of mp4j programs.", subcommands = JfrCommand.Merge.class)
public final class JfrCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "merge", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"Join a program's recording and its worker JVMs' into one file for Mission Control or 'jfr print'.",
                    "Workers record into the directory of the program's recording file (or java.io.tmpdir/mp4j-jfr-PID),",
                    "or into -Dmp4j.jfr=DIR; name that directory and the program's file."})
    static final class Merge implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The merged recording to write.")
        private Path output;

        @Parameters(arity = "1..*", paramLabel = "INPUT", description = ".jfr files, and directories whose .jfr files to take.")
        private List<Path> inputs;

        @Override
        public Integer call() {
            try {
                List<Path> joined = Recordings.merge(output, inputs);
                spec.commandLine().getOut().println("mp4j jfr merge: " + joined.size() + " recordings joined into " + output
                        + " (open it in JDK Mission Control, or: jfr summary " + output + ")");
                for (Path file : joined) {
                    spec.commandLine().getOut().println("  " + file);
                }
                return 0;
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("mp4j jfr merge: " + e.getMessage());
                return 2;
            } catch (IOException e) {
                spec.commandLine().getErr().println("mp4j jfr merge: " + e);
                return 1;
            }
        }
    }
}
