package dev.mp4j.subprocess;

import dev.mp4j.internal.subprocess.BoundedCapture;
import dev.mp4j.internal.subprocess.CommandLineSplitter;
import dev.mp4j.internal.subprocess.ProcessTrees;
import dev.mp4j.internal.subprocess.ProgramLocator;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Commands connected by OS pipes, as a shell's {@code ls -1 | grep example | wc -l}: each stage's
 * stdout is the next stage's stdin, with no copying through Java (built on
 * {@link ProcessBuilder#startPipeline}). Python writes this with {@code subprocess.Popen}s chained
 * by {@code stdout=PIPE}/{@code stdin=p.stdout}, or {@code subprocess.run(..., shell=True)}. Java reads only the last stage's stdout and, unless
 * inherited, every stage's stderr.
 *
 * <pre>{@code
 * PipelineResult result = Pipeline.of("ls -1", "grep example", "wc -l").run();
 * int count = Integer.parseInt(result.stdout().strip());
 * List<Integer> pipestatus = result.exitCodes();
 * }</pre>
 *
 * <p>A stage given as a string is split into arguments at whitespace, with {@code "..."} and
 * {@code '...'} quoting; there is no shell: no globs, variables or redirections. Every stage's
 * program is looked up before anything starts; a missing one throws
 * {@link CommandNotFoundException} naming the stage and the program, and no process is started.
 * A timeout ends the process tree of every stage.
 *
 * <p>Immutable and thread-safe; {@link #run()} may be called many times, from any thread.
 */
public final class Pipeline {
    private static final long DEFAULT_CAPTURE_LIMIT = 1 << 20;

    private final List<List<String>> stages;
    private final Path workingDirectory;
    private final Map<String, String> environmentAdditions;
    private final Set<String> environmentRemovals;
    private final Path stdinFile;
    private final boolean inheritStderr;
    private final long captureLimit;
    private final Charset charset;
    private final Duration timeout;
    private final Duration killGracePeriod;

    private Pipeline(Builder builder) {
        this.stages = List.copyOf(builder.stages);
        this.workingDirectory = builder.workingDirectory;
        this.environmentAdditions = Map.copyOf(builder.environmentAdditions);
        this.environmentRemovals = Set.copyOf(builder.environmentRemovals);
        this.stdinFile = builder.stdinFile;
        this.inheritStderr = builder.inheritStderr;
        this.captureLimit = builder.captureLimit;
        this.charset = builder.charset;
        this.timeout = builder.timeout;
        this.killGracePeriod = builder.killGracePeriod;
    }

    /**
     * A pipeline of command lines, each split at whitespace with quotes honoured, and the default
     * options.
     *
     * @param commandLines the stages, first stage first
     * @return the pipeline, not started
     * @throws IllegalArgumentException on an empty line or an unterminated quote
     * @throws IllegalStateException when no command line is given
     */
    public static Pipeline of(String... commandLines) {
        Builder builder = builder();
        for (String line : commandLines) {
            builder.stage(line);
        }
        return builder.build();
    }

    /**
     * A pipeline of commands given as argument lists, and the default options.
     *
     * @param commands the stages, each the program and its arguments
     * @return the pipeline, not started
     * @throws IllegalArgumentException on an empty stage
     * @throws IllegalStateException when no command is given
     */
    public static Pipeline of(List<List<String>> commands) {
        Builder builder = builder();
        commands.forEach(builder::stage);
        return builder.build();
    }

    /**
     * Options for a pipeline: stages, working directory, environment, stdin file, stderr
     * handling, capture limit, charset, timeout.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The stages' argument lists, first stage first.
     *
     * @return an immutable list of immutable lists
     */
    public List<List<String>> stages() {
        return stages;
    }

    /**
     * Starts every stage, waits for all of them and returns their exit statuses and output. A
     * timeout is not an exception: it is reported in {@link PipelineResult#timedOut()}.
     *
     * @return the exit statuses and captured output
     * @throws CommandNotFoundException if a stage's program does not exist (nothing was started)
     * @throws IOException              if a stage cannot be started (every started stage is killed),
     *                                  or the stdin file cannot be read (nothing was started)
     * @throws InterruptedException     if interrupted while waiting: every stage's tree is ended first
     */
    public PipelineResult run() throws IOException, InterruptedException {
        for (int i = 0; i < stages.size(); i++) {
            String program = stages.get(i).getFirst();
            if (ProgramLocator.locate(program, workingDirectory).isEmpty()) {
                throw new CommandNotFoundException(i + 1, program, "pipeline stage " + (i + 1) + " of " + stages.size()
                        + " (" + String.join(" ", stages.get(i)) + "): "
                        + ProgramLocator.notFoundMessage(program, workingDirectory) + "; no stage was started");
            }
        }
        if (stdinFile != null && !Files.isReadable(stdinFile)) {
            throw new IOException("cannot read the pipeline's stdin file " + stdinFile
                    + ": it does not exist or is not readable; no stage was started");
        }
        List<ProcessBuilder> builders = new ArrayList<>(stages.size());
        for (List<String> stage : stages) {
            ProcessBuilder builder = new ProcessBuilder(stage);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            Map<String, String> environment = builder.environment();
            environmentRemovals.forEach(environment::remove);
            environment.putAll(environmentAdditions);
            builder.redirectError(inheritStderr ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
            builders.add(builder);
        }
        if (stdinFile != null) {
            builders.getFirst().redirectInput(stdinFile.toFile());
        }
        long startNanos = System.nanoTime();
        List<Process> processes;
        try {
            processes = ProcessBuilder.startPipeline(builders);
        } catch (IOException e) {
            throw new IOException("cannot start pipeline " + describe() + ": " + e.getMessage()
                    + " (every stage already started was killed)", e);
        }
        try {
            return await(processes, startNanos);
        } catch (InterruptedException e) {
            ProcessTrees.destroyAll(processes.stream().map(Process::toHandle).toList(), Duration.ZERO);
            throw e;
        }
    }

    private PipelineResult await(List<Process> processes, long startNanos) throws InterruptedException {
        if (stdinFile == null) {
            try {
                processes.getFirst().getOutputStream().close();
            } catch (IOException ignored) {
                // the first stage already exited
            }
        }
        BoundedCapture stdout = BoundedCapture.start(processes.getLast().getInputStream(), captureLimit,
                "mp4j-pipeline-stdout");
        List<BoundedCapture> stderr = new ArrayList<>();
        if (!inheritStderr) {
            for (int i = 0; i < processes.size(); i++) {
                stderr.add(BoundedCapture.start(processes.get(i).getErrorStream(), captureLimit,
                        "mp4j-pipeline-stderr-" + (i + 1)));
            }
        }
        long deadline = timeout == null ? Long.MAX_VALUE : startNanos + timeout.toNanos();
        boolean timedOut = false;
        for (Process process : processes) {
            if (timeout == null) {
                process.waitFor();
            } else if (!process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                break;
            }
        }
        if (timedOut) {
            ProcessTrees.destroyAll(processes.stream().filter(Process::isAlive).map(Process::toHandle).toList(),
                    killGracePeriod);
            for (Process process : processes) {
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        List<BoundedCapture> captures = new ArrayList<>(stderr);
        captures.add(stdout);
        long captureDeadline = timedOut ? System.nanoTime() + killGracePeriod.toNanos() : deadline;
        for (BoundedCapture capture : captures) {
            if (!capture.await(timeout == null ? Long.MAX_VALUE : captureDeadline - System.nanoTime())) {
                capture.abandon();
                timedOut = true;
            }
        }
        List<Integer> exitCodes = new ArrayList<>();
        for (Process process : processes) {
            exitCodes.add(process.isAlive() ? -1 : process.exitValue());
        }
        List<String> stderrTexts = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            stderrTexts.add(inheritStderr ? "" : stderr.get(i).text(charset));
        }
        boolean truncated = stdout.truncated() || stderr.stream().anyMatch(BoundedCapture::truncated);
        return new PipelineResult(exitCodes, stdout.text(charset), stderrTexts, truncated, timedOut,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private String describe() {
        return String.join(" | ", stages.stream().map(stage -> String.join(" ", stage)).toList());
    }

    @Override
    public String toString() {
        return "Pipeline[" + describe() + "]";
    }

    /** Options of a {@link Pipeline}, validated as they are set. Not thread-safe. */
    public static final class Builder {
        private final List<List<String>> stages = new ArrayList<>();
        private Path workingDirectory;
        private final Map<String, String> environmentAdditions = new LinkedHashMap<>();
        private final Set<String> environmentRemovals = new LinkedHashSet<>();
        private Path stdinFile;
        private boolean inheritStderr;
        private long captureLimit = DEFAULT_CAPTURE_LIMIT;
        private Charset charset = StandardCharsets.UTF_8;
        private Duration timeout;
        private Duration killGracePeriod = Duration.ofSeconds(2);

        private Builder() {
        }

        /**
         * Appends a stage given as a command line, split at whitespace with quotes honoured.
         *
         * @param commandLine the program and its arguments, as a shell without expansions reads them
         * @return this builder
         * @throws IllegalArgumentException on an empty line or an unterminated quote
         * @throws NullPointerException when {@code commandLine} is null
         */
        public Builder stage(String commandLine) {
            return stage(CommandLineSplitter.split(Objects.requireNonNull(commandLine, "commandLine")));
        }

        /**
         * Appends a stage given as the program and its arguments.
         *
         * @param command the program, then its arguments; copied
         * @return this builder
         * @throws IllegalArgumentException when empty or the program is blank
         * @throws NullPointerException when an argument is null
         */
        public Builder stage(List<String> command) {
            if (command.isEmpty() || command.getFirst().isBlank()) {
                throw new IllegalArgumentException("pipeline stage " + (stages.size() + 1)
                        + " is empty: give at least the program name");
            }
            command.forEach(argument -> Objects.requireNonNull(argument, "a stage argument is null"));
            stages.add(List.copyOf(command));
            return this;
        }

        /**
         * The working directory of every stage (Python's {@code cwd=}); default this JVM's.
         *
         * @param directory an existing directory
         * @return this builder
         * @throws IllegalArgumentException when it is not a directory
         */
        public Builder workingDirectory(Path directory) {
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException("working directory " + directory + " is not a directory");
            }
            this.workingDirectory = directory;
            return this;
        }

        /**
         * Sets an environment variable for every stage, on top of this JVM's environment.
         *
         * @param name  the variable's name, without {@code =}
         * @param value its value
         * @return this builder
         * @throws IllegalArgumentException for an empty name or one holding {@code =}
         * @throws NullPointerException when {@code value} is null
         */
        public Builder environment(String name, String value) {
            if (name == null || name.isEmpty() || name.indexOf('=') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name: \"" + name + "\"");
            }
            environmentRemovals.remove(name);
            environmentAdditions.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Removes an inherited environment variable from every stage.
         *
         * @param name the variable's name
         * @return this builder
         * @throws IllegalArgumentException for an empty name or one holding {@code =}
         */
        public Builder removeEnvironment(String name) {
            if (name == null || name.isEmpty() || name.indexOf('=') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name: \"" + name + "\"");
            }
            environmentAdditions.remove(name);
            environmentRemovals.add(name);
            return this;
        }

        /**
         * The first stage reads this file; by default it reads end-of-file at once. Checked for
         * readability by {@link Pipeline#run()}.
         *
         * @param file the input file
         * @return this builder
         * @throws NullPointerException when {@code file} is null
         */
        public Builder stdinFile(Path file) {
            this.stdinFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Whether every stage writes its stderr to this JVM's stderr instead of having it captured.
         *
         * @param inherit true to inherit; default false
         * @return this builder
         */
        public Builder inheritStderr(boolean inherit) {
            this.inheritStderr = inherit;
            return this;
        }

        /**
         * The most bytes kept of the final stdout and of each stderr; default 1 MiB. Output
         * beyond it is read and dropped, so no stage blocks on a full pipe.
         *
         * @param bytes 0 or more
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder captureLimit(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("capture limit must be >= 0 bytes, got " + bytes);
            }
            this.captureLimit = bytes;
            return this;
        }

        /**
         * The charset output is decoded with; default UTF-8.
         *
         * @param charset the charset
         * @return this builder
         * @throws NullPointerException when {@code charset} is null
         */
        public Builder charset(Charset charset) {
            this.charset = Objects.requireNonNull(charset, "charset");
            return this;
        }

        /**
         * The longest the whole pipeline may run (Python's {@code timeout=}); default: no limit.
         *
         * @param timeout positive
         * @return this builder
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How long timed-out stages get between SIGTERM and SIGKILL; default 2 s.
         *
         * @param grace zero or more
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder killGracePeriod(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("kill grace period must be >= 0, got " + grace);
            }
            this.killGracePeriod = grace;
            return this;
        }

        /**
         * Creates the pipeline; nothing starts until {@link Pipeline#run()}.
         *
         * @return the pipeline, immutable
         * @throws IllegalStateException when no stage was given
         */
        public Pipeline build() {
            if (stages.isEmpty()) {
                throw new IllegalStateException("a pipeline needs at least one stage");
            }
            return new Pipeline(this);
        }
    }
}
