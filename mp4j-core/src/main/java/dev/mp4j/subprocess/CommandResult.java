package dev.mp4j.subprocess;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What happened when a {@link CommandPool} ran its command for one input.
 *
 * @param input          the input, as given
 * @param index          the input's position in the list given to the pool (0-based; {@code {#}} is index + 1)
 * @param command        the command line that was (or would have been) started, placeholders expanded
 * @param exitCode       the exit status; empty when no process ran. A process ended by signal N
 *                       reports 128 + N, as shells do
 * @param stdout         the captured standard output; empty when it went to a file
 * @param stderr         the captured standard error; empty when it went to a file
 * @param outputTruncated true if stdout or stderr exceeded the pool's capture limit and was cut
 * @param duration       from just before the start of the process to the end of its output
 * @param failure        why the input did not succeed, {@link FailureKind#NONE} if it did
 * @param message        what went wrong and for which program, "" when {@code failure} is NONE
 */
public record CommandResult(
        String input,
        int index,
        List<String> command,
        OptionalInt exitCode,
        String stdout,
        String stderr,
        boolean outputTruncated,
        Duration duration,
        FailureKind failure,
        String message) {

    /**
     * Copies the command.
     *
     * @throws NullPointerException when a component other than {@code index} and
     *         {@code outputTruncated} is null
     */
    public CommandResult {
        Objects.requireNonNull(input, "input");
        command = List.copyOf(command);
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Whether the command ran and succeeded.
     *
     * @return true when {@link #failure()} is {@link FailureKind#NONE}
     */
    public boolean succeeded() {
        return failure == FailureKind.NONE;
    }
}
