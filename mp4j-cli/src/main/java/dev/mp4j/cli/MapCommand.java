package dev.mp4j.cli;

import dev.mp4j.cli.map.DurationConverter;
import dev.mp4j.cli.map.Terminals;
import dev.mp4j.subprocess.CommandPool;
import dev.mp4j.subprocess.CommandResult;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code mp4j map}: runs a command once per input, in parallel, like GNU parallel.
 *
 * <pre>
 * mp4j map --jobs 4 --timeout 30s -- gzip -k {} ::: a.txt b.txt c.txt
 * find . -name '*.log' | mp4j map -- wc -l {}
 * </pre>
 *
 * <p>Each command's output is printed as one block when it ends (completion order, or input order
 * with {@code --keep-order}); failures are listed at the end. Exit status: 0 when every input
 * succeeded, 1 when some failed, 2 on bad usage.
 */
@Command(name = "map", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Runs COMMAND once per input, in parallel (like GNU parallel).",
                "Placeholders: {} input, {.} without extension, {/} basename, {//} dirname, {/.} basename "
                        + "without extension, {#} sequence number; without any, the input is appended.",
                "Inputs follow ':::', or come from --inputs FILE, or from stdin (one per line)."},
        footer = {"", "Example: mp4j map --jobs 4 --timeout 30s -- gzip -k {} ::: a.txt b.txt"})
public final class MapCommand implements Callable<Integer> {
    static final String INPUT_SEPARATOR = ":::";
    private static final long CAPTURE_LIMIT = 16L << 20;
    private static final String CLEAR_LINE = "\r\u001b[2K";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Commands run at once (default: the number of processors).")
    private int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Ends a command (with every process it started) after this long: 500ms, 30s, 2m.")
    private Duration timeout;

    @Option(names = {"-k", "--keep-order"}, description = "Print outputs in input order, not completion order.")
    private boolean keepOrder;

    @Option(names = "--fail-fast", description = "Stop everything at the first failure.")
    private boolean failFast;

    @Option(names = "--shell", description = "Run COMMAND through sh -c (pipes, redirections); inputs are quoted.")
    private boolean shell;

    @Option(names = {"-a", "--inputs"}, paramLabel = "FILE", description = "Read inputs from FILE, one per line.")
    private Path inputsFile;

    @Option(names = "--progress", negatable = true, defaultValue = Option.NULL_VALUE,
            description = "Show a progress bar on stderr (default: when stderr is a terminal).")
    private Boolean progress;

    @Parameters(arity = "1..*", paramLabel = "COMMAND",
            description = "The command and its arguments, then optionally ::: and the inputs. "
                    + "Put -- before the command so that its options are not read as mp4j's.")
    private List<String> commandAndInputs;

    private final InputStream stdin;

    public MapCommand() {
        this(System.in);
    }

    /** A command that reads inputs from {@code stdin} when none follow {@code :::} and no file is given. */
    public MapCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (jobs < 1) {
            throw usage("--jobs must be at least 1, got " + jobs);
        }
        int separator = commandAndInputs.indexOf(INPUT_SEPARATOR);
        List<String> command = separator < 0 ? commandAndInputs : commandAndInputs.subList(0, separator);
        if (command.isEmpty()) {
            throw usage("no command before ':::': write the command first, e.g. mp4j map -- echo {} ::: a b");
        }
        List<String> inputs = readInputs(separator);
        CommandPool.Builder builder = CommandPool.builder().command(command).shell(shell).jobs(jobs)
                .failFast(failFast).captureLimit(CAPTURE_LIMIT);
        if (timeout != null) {
            builder.timeout(timeout);
        }
        CommandPool pool = builder.build();
        boolean showProgress = progress != null ? progress : Terminals.stderrIsTerminal();
        Printer printer = new Printer(out, err, keepOrder, showProgress);
        List<CommandResult> results;
        try (ProgressBar bar = showProgress ? progressBar(inputs.size()) : null) {
            results = pool.run(inputs, result -> {
                printer.accept(result);
                if (bar != null) {
                    bar.step();
                }
            });
        }
        return summarize(results, err);
    }

    private List<String> readInputs(int separator) throws IOException {
        if (separator >= 0) {
            List<String> afterSeparator = commandAndInputs.subList(separator + 1, commandAndInputs.size());
            if (afterSeparator.contains(INPUT_SEPARATOR)) {
                throw usage("only one ':::' input list is supported");
            }
            if (inputsFile != null) {
                throw usage("give inputs either after ':::' or with --inputs FILE, not both");
            }
            return afterSeparator;
        }
        if (inputsFile != null) {
            if (!Files.isReadable(inputsFile) || Files.isDirectory(inputsFile)) {
                throw usage("cannot read the inputs file " + inputsFile + ": it does not exist or is not a readable file");
            }
            return nonEmptyLines(Files.newBufferedReader(inputsFile, StandardCharsets.UTF_8));
        }
        return nonEmptyLines(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
    }

    private static List<String> nonEmptyLines(BufferedReader reader) throws IOException {
        try (reader) {
            return reader.lines().filter(line -> !line.isEmpty()).toList();
        }
    }

    private static ProgressBar progressBar(int total) {
        return new ProgressBarBuilder().setTaskName("map").setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(200).build();
    }

    private static int summarize(List<CommandResult> results, PrintWriter err) {
        List<CommandResult> failed = results.stream().filter(result -> !result.succeeded()).toList();
        if (failed.isEmpty()) {
            return 0;
        }
        err.printf("mp4j map: %d of %d inputs failed:%n", failed.size(), results.size());
        for (CommandResult result : failed) {
            err.printf("  #%d %s: %s: %s%n", result.index() + 1, result.input(), result.failure(), result.message());
        }
        err.flush();
        return 1;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Prints each result's output as one block, in completion or input order. Called one result at
     * a time (the pool serializes its callbacks), so it needs no locking of its own.
     */
    private static final class Printer {
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean keepOrder;
        private final boolean clearProgressLine;
        private final TreeMap<Integer, CommandResult> waiting = new TreeMap<>();
        private int nextIndex;

        Printer(PrintWriter out, PrintWriter err, boolean keepOrder, boolean clearProgressLine) {
            this.out = out;
            this.err = err;
            this.keepOrder = keepOrder;
            this.clearProgressLine = clearProgressLine;
        }

        void accept(CommandResult result) {
            if (!keepOrder) {
                print(result);
                return;
            }
            waiting.put(result.index(), result);
            while (!waiting.isEmpty() && waiting.firstKey() == nextIndex) {
                print(waiting.pollFirstEntry().getValue());
                nextIndex++;
            }
        }

        private void print(CommandResult result) {
            if (clearProgressLine) {
                System.err.print(CLEAR_LINE);
                System.err.flush();
            }
            out.print(result.stdout());
            out.flush();
            err.print(result.stderr());
            List<String> notes = new ArrayList<>();
            if (!result.succeeded()) {
                notes.add(result.failure() + ": " + result.message());
            }
            if (result.outputTruncated()) {
                notes.add("output was cut at " + (CAPTURE_LIMIT >> 20) + " MiB");
            }
            for (String note : notes) {
                err.printf("mp4j map: #%d %s: %s%n", result.index() + 1, result.input(), note);
            }
            err.flush();
        }
    }
}
