package dev.mp4j.subprocess;

import dev.mp4j.internal.subprocess.BoundedCapture;
import dev.mp4j.internal.subprocess.Placeholders;
import dev.mp4j.internal.subprocess.ProcessTrees;
import dev.mp4j.internal.subprocess.ProgramLocator;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Runs one external command per input, at most {@code jobs} at a time: Python's
 * {@code Pool.map(lambda x: subprocess.run(...), inputs)}, or GNU parallel.
 *
 * <pre>{@code
 * CommandPool pool = CommandPool.builder()
 *         .command("gzip", "-k", "{}")
 *         .jobs(4)
 *         .timeout(Duration.ofSeconds(30))
 *         .build();
 * for (CommandResult result : pool.run(List.of("a.txt", "b.txt"))) {
 *     if (!result.succeeded()) System.err.println(result.input() + ": " + result.message());
 * }
 * }</pre>
 *
 * <p>Arguments are templates: {@code {}} is the input, {@code {.}} the input without extension,
 * {@code {/}} its basename, {@code {//}} its dirname, {@code {/.}} the basename without extension,
 * {@code {#}} the 1-based sequence number. When neither an argument nor a file template contains a
 * placeholder, the input is appended as the last argument (as GNU parallel does). The program is started directly, without a
 * shell, unless {@link Builder#shell(boolean) shell(true)}: then the arguments are joined with spaces
 * and run by {@code sh -c}, every substituted value single-quoted.
 *
 * <p>Failures are results, not exceptions: a missing program, an unreadable stdin file, a non-zero
 * exit and a timeout each give a {@link CommandResult} with a {@link FailureKind} and a message, and
 * the other inputs still run, unless {@link Builder#failFast(boolean) failFast(true)}: then the first
 * failure stops every running command and the inputs not yet started are reported
 * {@link FailureKind#CANCELLED}. A timeout ends the command's whole process tree: SIGTERM to the
 * process and its descendants, SIGKILL after the grace period to whatever is left. One case is out
 * of reach: a command that exits on its own but leaves a background process holding its output
 * open. That process is no longer a descendant of anything the pool started, so it is not killed.
 * The JDK closes an exited process's output streams, keeping what was already written, unless a read
 * is in progress at that moment; so the result is either a success with the output written so far,
 * or, if the read was in progress, {@link FailureKind#TIMEOUT} at the timeout saying so (without a
 * timeout the pool then waits for the background process, as a shell's {@code $(...)} does).
 *
 * <p>Immutable and thread-safe: {@code run} may be called concurrently; each call uses its own
 * {@code jobs} virtual threads and holds no resources once it returns.
 */
public final class CommandPool {
    private static final Logger LOG = dev.mp4j.internal.runtime.LazyLogger.of(CommandPool.class);
    private static final long DEFAULT_CAPTURE_LIMIT = 1 << 20;
    private static final int KILLED_BY_SIGKILL = 128 + 9;
    private static final int SHELL_COMMAND_NOT_FOUND = 127;

    private enum StdinMode { NONE, FILE, BYTES }

    private final List<String> command;
    private final boolean shell;
    private final boolean placeholdersPresent;
    private final int jobs;
    private final Path workingDirectory;
    private final Map<String, String> environmentAdditions;
    private final Set<String> environmentRemovals;
    private final StdinMode stdinMode;
    private final String stdinFileTemplate;
    private final byte[] stdinBytes;
    private final String stdoutFileTemplate;
    private final String stderrFileTemplate;
    private final long captureLimit;
    private final Charset charset;
    private final Duration timeout;
    private final Duration killGracePeriod;
    private final boolean checkExitCode;
    private final boolean failFast;

    private CommandPool(Builder builder) {
        this.command = List.copyOf(builder.command);
        this.shell = builder.shell;
        this.placeholdersPresent = Stream.concat(command.stream(),
                        Stream.of(builder.stdinFileTemplate, builder.stdoutFileTemplate, builder.stderrFileTemplate))
                .anyMatch(template -> template != null && Placeholders.containsAny(template));
        this.jobs = builder.jobs;
        this.workingDirectory = builder.workingDirectory;
        this.environmentAdditions = Map.copyOf(builder.environmentAdditions);
        this.environmentRemovals = Set.copyOf(builder.environmentRemovals);
        this.stdinMode = builder.stdinMode;
        this.stdinFileTemplate = builder.stdinFileTemplate;
        this.stdinBytes = builder.stdinBytes;
        this.stdoutFileTemplate = builder.stdoutFileTemplate;
        this.stderrFileTemplate = builder.stderrFileTemplate;
        this.captureLimit = builder.captureLimit;
        this.charset = builder.charset;
        this.timeout = builder.timeout;
        this.killGracePeriod = builder.killGracePeriod;
        this.checkExitCode = builder.checkExitCode;
        this.failFast = builder.failFast;
    }

    /**
     * Options for a command pool: the command, parallelism, stdin/stdout/stderr handling,
     * environment, timeout and failure policy.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The number of commands that run at the same time, at most (GNU parallel's {@code -j}).
     *
     * @return the number given to the builder
     */
    public int jobs() {
        return jobs;
    }

    /**
     * Runs the command for every input and returns one result per input, in input order.
     *
     * @param inputs the inputs, copied; each is one command's {@code {}}
     * @return the results, in input order
     * @throws NullPointerException when {@code inputs} or one of them is null
     * @throws InterruptedException if this thread is interrupted: every running command's process
     *                              tree is ended before this is thrown
     */
    public List<CommandResult> run(List<String> inputs) throws InterruptedException {
        return run(inputs, result -> { });
    }

    /**
     * Runs the command for every input, calling {@code onResult} as each one completes (one call at
     * a time, from the pool's threads, in completion order), and returns every result in input order.
     * An exception thrown by {@code onResult} is logged and does not stop the run.
     *
     * @param inputs   the inputs, copied
     * @param onResult told each result as it completes
     * @return the results, in input order
     * @throws NullPointerException when an argument or an input is null
     * @throws InterruptedException if this thread is interrupted: every running command's process
     *                              tree is ended before this is thrown
     */
    public List<CommandResult> run(List<String> inputs, Consumer<? super CommandResult> onResult)
            throws InterruptedException {
        List<String> copy = List.copyOf(inputs);
        Objects.requireNonNull(onResult, "onResult");
        Batch batch = new Batch(copy, onResult);
        batch.execute();
        List<CommandResult> ordered = new ArrayList<>(copy.size());
        for (int i = 0; i < copy.size(); i++) {
            ordered.add(batch.results.get(i));
        }
        return ordered;
    }

    /**
     * Starts the command for every input and returns the results as they complete. The commands run
     * in the background while the stream is consumed; closing the stream before its end ends every
     * running command's process tree and skips the inputs not yet started.
     *
     * @param inputs the inputs, copied
     * @return the results in completion order; close it (try-with-resources) when leaving early
     * @throws NullPointerException when {@code inputs} or one of them is null
     */
    public Stream<CommandResult> stream(List<String> inputs) {
        List<String> copy = List.copyOf(inputs);
        BlockingQueue<Object> completed = new LinkedBlockingQueue<>();
        Thread runner = Thread.ofVirtual().name("mp4j-command-pool-stream").start(() -> {
            try {
                run(copy, completed::add);
            } catch (InterruptedException e) {
                completed.add(new CancellationException("the result stream was closed"));
            } catch (RuntimeException | Error e) {
                completed.add(e);
            }
        });
        Iterator<CommandResult> iterator = new Iterator<>() {
            private int taken;

            @Override
            public boolean hasNext() {
                return taken < copy.size();
            }

            @Override
            public CommandResult next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object next;
                try {
                    next = completed.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while waiting for the next command result");
                }
                switch (next) {
                    case CommandResult result -> {
                        taken++;
                        return result;
                    }
                    case RuntimeException e -> throw e;
                    case Error e -> throw e;
                    default -> throw new IllegalStateException("unexpected " + next);
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliterator(iterator, copy.size(),
                        Spliterator.SIZED | Spliterator.NONNULL), false)
                .onClose(runner::interrupt);
    }

    /** One call of {@code run}: its inputs, its workers and its results. */
    private final class Batch {
        private final List<String> inputs;
        private final Consumer<? super CommandResult> onResult;
        private final AtomicReferenceArray<CommandResult> results;
        private final AtomicInteger next = new AtomicInteger();
        private final ReentrantLock callbackLock = new ReentrantLock();
        private final Map<Integer, Process> running = new ConcurrentHashMap<>();
        private final AtomicReference<CommandResult> firstFailure = new AtomicReference<>();
        private final Set<String> foundPrograms = ConcurrentHashMap.newKeySet();

        Batch(List<String> inputs, Consumer<? super CommandResult> onResult) {
            this.inputs = inputs;
            this.onResult = onResult;
            this.results = new AtomicReferenceArray<>(inputs.size());
        }

        void execute() throws InterruptedException {
            int workerCount = Math.min(jobs, inputs.size());
            List<Thread> workers = new ArrayList<>(workerCount);
            for (int w = 0; w < workerCount; w++) {
                workers.add(Thread.ofVirtual().name("mp4j-command-" + w).start(this::work));
            }
            try {
                for (Thread worker : workers) {
                    worker.join();
                }
            } catch (InterruptedException e) {
                workers.forEach(Thread::interrupt);
                for (Thread worker : workers) {
                    joinUninterruptibly(worker);
                }
                throw e;
            }
        }

        private void work() {
            int index;
            while ((index = next.getAndIncrement()) < inputs.size()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                String input = inputs.get(index);
                CommandResult result;
                CommandResult failed = firstFailure.get();
                if (failed != null) {
                    result = cancelled(input, index, commandLine(input, index + 1), Duration.ZERO, OptionalInt.empty(), failed);
                } else {
                    try {
                        result = runOne(input, index);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                results.set(index, result);
                if (failFast && !result.succeeded() && result.failure() != FailureKind.CANCELLED
                        && firstFailure.compareAndSet(null, result)) {
                    stopRunning(index);
                }
                deliver(result);
            }
        }

        private void stopRunning(int failedIndex) {
            running.forEach((index, process) -> {
                if (index != failedIndex) {
                    try {
                        ProcessTrees.destroy(process.toHandle(), Duration.ZERO);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }

        private void deliver(CommandResult result) {
            callbackLock.lock();
            try {
                onResult.accept(result);
            } catch (RuntimeException e) {
                LOG.warn("result callback failed for input {}", result.input(), e);
            } finally {
                callbackLock.unlock();
            }
        }

        private CommandResult runOne(String input, int index) throws InterruptedException {
            int sequence = index + 1;
            List<String> line = commandLine(input, sequence);
            long startNanos = System.nanoTime();
            String program = line.getFirst();
            if (!foundPrograms.contains(program) && ProgramLocator.locate(program, workingDirectory).isEmpty()) {
                return failure(input, index, line, startNanos, FailureKind.NOT_FOUND,
                        ProgramLocator.notFoundMessage(program, workingDirectory));
            }
            ProcessBuilder builder = new ProcessBuilder(line);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            foundPrograms.add(program);
            if (!environmentRemovals.isEmpty() || !environmentAdditions.isEmpty()) {
                Map<String, String> environment = builder.environment();
                environmentRemovals.forEach(environment::remove);
                environment.putAll(environmentAdditions);
            }
            if (stdinMode == StdinMode.FILE) {
                Path stdinFile = resolve(Placeholders.expand(stdinFileTemplate, input, sequence, v -> v));
                String unreadable = unreadableReason(stdinFile);
                if (unreadable != null) {
                    return failure(input, index, line, startNanos, FailureKind.INPUT_UNREADABLE,
                            "cannot read stdin file " + stdinFile + " for input " + input + ": " + unreadable);
                }
                builder.redirectInput(stdinFile.toFile());
            }
            if (stdoutFileTemplate != null) {
                builder.redirectOutput(resolve(Placeholders.expand(stdoutFileTemplate, input, sequence, v -> v)).toFile());
            }
            if (stderrFileTemplate != null) {
                builder.redirectError(resolve(Placeholders.expand(stderrFileTemplate, input, sequence, v -> v)).toFile());
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                boolean missing = String.valueOf(e.getMessage()).contains("error=2,");
                return failure(input, index, line, startNanos,
                        missing ? FailureKind.NOT_FOUND : FailureKind.START_FAILED,
                        missing ? ProgramLocator.notFoundMessage(program, workingDirectory)
                                : "cannot start " + program + ": " + e.getMessage());
            }
            running.put(index, process);
            CommandResult failed = firstFailure.get();
            if (failed != null && failed.index() != index) {
                // another command failed while this one was starting, after stopRunning looked at the
                // running ones: either it saw this entry or this sees its failure (both are volatile)
                ProcessTrees.destroy(process.toHandle(), Duration.ZERO);
            }
            try {
                return await(process, input, index, line, startNanos);
            } catch (InterruptedException e) {
                ProcessTrees.destroy(process.toHandle(), Duration.ZERO);
                throw e;
            } finally {
                running.remove(index);
            }
        }

        private CommandResult await(Process process, String input, int index, List<String> line, long startNanos)
                throws InterruptedException {
            feedStdin(process);
            String name = "mp4j-command-" + index;
            BoundedCapture out = stdoutFileTemplate == null
                    ? BoundedCapture.start(process.getInputStream(), captureLimit, name + "-stdout") : null;
            BoundedCapture err = stderrFileTemplate == null
                    ? BoundedCapture.start(process.getErrorStream(), captureLimit, name + "-stderr") : null;
            long deadline = timeout == null ? Long.MAX_VALUE : startNanos + timeout.toNanos();
            boolean timedOut = false;
            boolean outputLeftOpen = false;
            if (timeout == null) {
                process.waitFor();
            } else if (!process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                ProcessTrees.destroy(process.toHandle(), killGracePeriod);
                process.waitFor(5, TimeUnit.SECONDS);
            }
            long captureDeadline = timedOut ? System.nanoTime() + killGracePeriod.toNanos() : deadline;
            for (BoundedCapture capture : new BoundedCapture[] {out, err}) {
                if (capture != null && !capture.await(timeout == null ? Long.MAX_VALUE : captureDeadline - System.nanoTime())) {
                    capture.abandon();
                    outputLeftOpen = true;
                }
            }
            Duration duration = Duration.ofNanos(System.nanoTime() - startNanos);
            String stdout = out == null ? "" : out.text(charset);
            String stderr = err == null ? "" : err.text(charset);
            boolean truncated = (out != null && out.truncated()) || (err != null && err.truncated());
            OptionalInt exitCode = process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
            CommandResult failed = firstFailure.get();
            FailureKind kind;
            String message;
            if (failed != null && failed.index() != index && !timedOut
                    && exitCode.isPresent() && exitCode.getAsInt() == KILLED_BY_SIGKILL) {
                return cancelled(input, index, line, duration, exitCode, failed);
            } else if (timedOut) {
                kind = FailureKind.TIMEOUT;
                message = line.getFirst() + " timed out after " + format(timeout)
                        + ": it was ended with every process it started";
            } else if (outputLeftOpen) {
                kind = FailureKind.TIMEOUT;
                message = line.getFirst() + " exited, but its output stayed open past the timeout of "
                        + format(timeout) + ": a process it started in the background still holds it";
            } else if (shell && exitCode.getAsInt() == SHELL_COMMAND_NOT_FOUND) {
                kind = FailureKind.NOT_FOUND;
                message = "a program of the shell command was not found (sh exited with status 127): "
                        + stderr.strip().lines().reduce((first, second) -> second).orElse("no message");
            } else if (checkExitCode && exitCode.getAsInt() != 0) {
                kind = FailureKind.NONZERO_EXIT;
                message = line.getFirst() + " exited with status " + exitCode.getAsInt() + signalNote(exitCode.getAsInt());
            } else {
                kind = FailureKind.NONE;
                message = "";
            }
            return new CommandResult(input, index, line, exitCode, stdout, stderr, truncated, duration, kind, message);
        }

        private void feedStdin(Process process) {
            OutputStream stdin = process.getOutputStream();
            if (stdinMode != StdinMode.BYTES) {
                closeQuietly(stdin);
                return;
            }
            Thread.ofVirtual().name("mp4j-command-stdin").start(() -> {
                try (stdin) {
                    stdin.write(stdinBytes);
                } catch (IOException closedEarly) {
                    // the command exited without reading all of its input, as `head` does
                }
            });
        }

        private CommandResult failure(String input, int index, List<String> line, long startNanos,
                                      FailureKind kind, String message) {
            return new CommandResult(input, index, line, OptionalInt.empty(), "", "", false,
                    Duration.ofNanos(System.nanoTime() - startNanos), kind, message);
        }

        private CommandResult cancelled(String input, int index, List<String> line, Duration duration,
                                        OptionalInt exitCode, CommandResult cause) {
            return new CommandResult(input, index, line, exitCode, "", "", false, duration, FailureKind.CANCELLED,
                    "not run to completion: fail-fast stopped the batch after input " + cause.input()
                            + " failed (" + cause.message() + ")");
        }
    }

    /** The command line for {@code input}, placeholders expanded. */
    List<String> commandLine(String input, int sequence) {
        if (shell) {
            String script = String.join(" ", command);
            String expanded = placeholdersPresent
                    ? Placeholders.expand(script, input, sequence, Placeholders::shellQuote)
                    : script + " " + Placeholders.shellQuote(input);
            return List.of("sh", "-c", expanded);
        }
        if (!placeholdersPresent) {
            List<String> line = new ArrayList<>(command);
            line.add(input);
            return line;
        }
        return Placeholders.expandAll(command, input, sequence);
    }

    private Path resolve(String file) {
        Path path = Path.of(file);
        return workingDirectory != null && !path.isAbsolute() ? workingDirectory.resolve(path) : path;
    }

    private static String unreadableReason(Path file) {
        if (Files.isDirectory(file)) {
            return "it is a directory";
        }
        try (SeekableByteChannel ignored = Files.newByteChannel(file)) {
            return null;
        } catch (NoSuchFileException e) {
            return "no such file";
        } catch (AccessDeniedException e) {
            return "permission denied";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static String signalNote(int exitCode) {
        return exitCode > 128 && exitCode < 160 ? " (killed by signal " + (exitCode - 128) + ")" : "";
    }

    private static String format(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the process already exited; nothing was to be written anyway
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Options of a {@link CommandPool}, validated as they are set. Not thread-safe; {@link #build()}
     * copies everything, so a builder may be reused.
     */
    public static final class Builder {
        private List<String> command;
        private boolean shell;
        private int jobs = Runtime.getRuntime().availableProcessors();
        private Path workingDirectory;
        private final Map<String, String> environmentAdditions = new LinkedHashMap<>();
        private final Set<String> environmentRemovals = new LinkedHashSet<>();
        private StdinMode stdinMode = StdinMode.NONE;
        private String stdinFileTemplate;
        private byte[] stdinBytes;
        private String stdoutFileTemplate;
        private String stderrFileTemplate;
        private long captureLimit = DEFAULT_CAPTURE_LIMIT;
        private Charset charset = StandardCharsets.UTF_8;
        private Duration timeout;
        private Duration killGracePeriod = Duration.ofSeconds(2);
        private boolean checkExitCode = true;
        private boolean failFast;

        private Builder() {
        }

        /**
         * The program and its argument templates (see {@link CommandPool} for the placeholders).
         *
         * @param program   the program's name (looked up on {@code PATH}) or path
         * @param arguments the argument templates
         * @return this builder
         * @throws IllegalArgumentException when the program name is blank
         * @throws NullPointerException when the program or an argument is null
         */
        public Builder command(String program, String... arguments) {
            List<String> line = new ArrayList<>();
            line.add(Objects.requireNonNull(program, "program"));
            line.addAll(Arrays.asList(arguments));
            return command(line);
        }

        /**
         * The program and its argument templates, as one list.
         *
         * @param commandLine the program, then the argument templates
         * @return this builder
         * @throws IllegalArgumentException when empty or the program name is blank
         * @throws NullPointerException when an element is null
         */
        public Builder command(List<String> commandLine) {
            if (commandLine.isEmpty()) {
                throw new IllegalArgumentException("the command is empty: give at least the program name");
            }
            for (String argument : commandLine) {
                Objects.requireNonNull(argument, "a command argument is null");
            }
            if (commandLine.getFirst().isBlank()) {
                throw new IllegalArgumentException("the program name is blank");
            }
            this.command = List.copyOf(commandLine);
            return this;
        }

        /**
         * Runs the command through {@code sh -c} (pipes, redirections, variables), Python's
         * {@code shell=True}; off by default. Substituted values are single-quoted.
         *
         * @param shell true to use a shell
         * @return this builder
         */
        public Builder shell(boolean shell) {
            this.shell = shell;
            return this;
        }

        /**
         * The number of commands that run at once; default: the number of processors.
         *
         * @param jobs at least 1
         * @return this builder
         * @throws IllegalArgumentException when below 1
         */
        public Builder jobs(int jobs) {
            if (jobs < 1) {
                throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
            }
            this.jobs = jobs;
            return this;
        }

        /**
         * The working directory of every command (Python's {@code cwd=}); relative file templates
         * resolve against it.
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
         * Sets an environment variable for every command (on top of this JVM's environment).
         *
         * @param name  the variable's name
         * @param value its value
         * @return this builder
         * @throws IllegalArgumentException for an empty name, or one holding {@code =} or NUL
         * @throws NullPointerException when {@code value} is null
         */
        public Builder environment(String name, String value) {
            checkVariableName(name);
            environmentRemovals.remove(name);
            environmentAdditions.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Removes an inherited environment variable from every command's environment.
         *
         * @param name the variable's name
         * @return this builder
         * @throws IllegalArgumentException for an empty name, or one holding {@code =} or NUL
         */
        public Builder removeEnvironment(String name) {
            checkVariableName(name);
            environmentAdditions.remove(name);
            environmentRemovals.add(name);
            return this;
        }

        /**
         * Commands read end-of-file on stdin at once (the default; Python's
         * {@code stdin=DEVNULL}); undoes {@link #stdinFile} and {@link #stdinBytes}.
         *
         * @return this builder
         */
        public Builder noStdin() {
            stdinMode = StdinMode.NONE;
            stdinFileTemplate = null;
            stdinBytes = null;
            return this;
        }

        /**
         * Each command reads its stdin from a file, named by a template ({@code "{}"}: the input
         * itself). An unreadable file gives that input an {@link FailureKind#INPUT_UNREADABLE} result.
         *
         * @param fileTemplate the file's name, with placeholders
         * @return this builder
         * @throws IllegalArgumentException when the template is null or blank
         */
        public Builder stdinFile(String fileTemplate) {
            checkTemplate(fileTemplate, "stdin file template");
            stdinMode = StdinMode.FILE;
            stdinFileTemplate = fileTemplate;
            stdinBytes = null;
            return this;
        }

        /**
         * Each command reads these bytes on its stdin (Python's {@code input=}).
         *
         * @param bytes the input, copied
         * @return this builder
         * @throws NullPointerException when {@code bytes} is null
         */
        public Builder stdinBytes(byte[] bytes) {
            stdinMode = StdinMode.BYTES;
            stdinBytes = bytes.clone();
            stdinFileTemplate = null;
            return this;
        }

        /**
         * Each command's stdout goes to a file named by a template (e.g. {@code "{.}.out"}), not
         * captured.
         *
         * @param fileTemplate the file's name, with placeholders
         * @return this builder
         * @throws IllegalArgumentException when the template is null or blank
         */
        public Builder stdoutToFile(String fileTemplate) {
            checkTemplate(fileTemplate, "stdout file template");
            stdoutFileTemplate = fileTemplate;
            return this;
        }

        /**
         * Each command's stderr goes to a file named by a template (e.g. {@code "{.}.err"}), not
         * captured.
         *
         * @param fileTemplate the file's name, with placeholders
         * @return this builder
         * @throws IllegalArgumentException when the template is null or blank
         */
        public Builder stderrToFile(String fileTemplate) {
            checkTemplate(fileTemplate, "stderr file template");
            stderrFileTemplate = fileTemplate;
            return this;
        }

        /**
         * The most bytes kept of each captured stream; the rest is read and dropped, and the result
         * says {@code outputTruncated}. Default 1 MiB.
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
         * The charset captured output is decoded with; default UTF-8.
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
         * The longest a command may run before its process tree is ended (Python's
         * {@code timeout=}, which kills only the direct child); default: no limit.
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
         * How long a timed-out tree gets between SIGTERM and SIGKILL; default 2 s, zero: SIGKILL at
         * once.
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
         * Whether a non-zero exit status is a failure ({@link FailureKind#NONZERO_EXIT}), as
         * Python's {@code check=True}; default true.
         *
         * @param check false to accept any exit status
         * @return this builder
         */
        public Builder checkExitCode(boolean check) {
            this.checkExitCode = check;
            return this;
        }

        /**
         * Whether the first failure stops the batch (GNU parallel's {@code --halt now,fail=1});
         * default false (every input runs).
         *
         * @param failFast true to stop at the first failure
         * @return this builder
         */
        public Builder failFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        /**
         * Creates the pool; nothing runs until {@link CommandPool#run(List)}.
         *
         * @return the pool, immutable
         * @throws IllegalStateException when no command was given
         */
        public CommandPool build() {
            if (command == null) {
                throw new IllegalStateException("no command: call command(program, arguments...) before build()");
            }
            return new CommandPool(this);
        }

        private static void checkVariableName(String name) {
            if (name == null || name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("invalid environment variable name: \"" + name + "\"");
            }
        }

        private static void checkTemplate(String template, String what) {
            if (template == null || template.isBlank()) {
                throw new IllegalArgumentException(what + " is blank");
            }
        }
    }
}
