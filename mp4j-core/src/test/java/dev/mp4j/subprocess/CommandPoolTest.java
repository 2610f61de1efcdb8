package dev.mp4j.subprocess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.mp4j.subprocess.ProcessTreeAssertions.awaitAllGone;
import static dev.mp4j.subprocess.ProcessTreeAssertions.awaitPids;
import static dev.mp4j.subprocess.ProcessTreeAssertions.killAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class CommandPoolTest {
    @TempDir
    Path dir;

    @Test
    void returnsOneResultPerInputInInputOrderWithPlaceholdersExpanded() throws Exception {
        CommandPool pool = CommandPool.builder().command("echo", "{#}", "{}", "{.}", "{/}", "{//}").jobs(3).build();
        List<String> inputs = List.of("a/b.txt", "c.tar.gz", "d", "e/f/g.h", "i");

        List<CommandResult> results = pool.run(inputs);

        assertThat(results).extracting(CommandResult::input).containsExactlyElementsOf(inputs);
        assertThat(results).extracting(CommandResult::index).containsExactly(0, 1, 2, 3, 4);
        assertThat(results).allMatch(CommandResult::succeeded);
        assertThat(results.get(0).stdout()).isEqualTo("1 a/b.txt a/b b.txt a\n");
        assertThat(results.get(1).stdout()).isEqualTo("2 c.tar.gz c.tar c.tar.gz .\n");
        assertThat(results.get(3).command()).containsExactly("echo", "4", "e/f/g.h", "e/f/g", "g.h", "e/f");
        assertThat(results.get(3).exitCode()).hasValue(0);
        assertThat(results.get(3).message()).isEmpty();
    }

    @Test
    void appendsTheInputWhenNoArgumentHasAPlaceholder() throws Exception {
        List<CommandResult> results = CommandPool.builder().command("echo", "value:").build().run(List.of("x y"));

        assertThat(results.getFirst().command()).containsExactly("echo", "value:", "x y");
        assertThat(results.getFirst().stdout()).isEqualTo("value: x y\n");
    }

    @Test
    void neverRunsMoreThanJobsCommandsAtOnce() throws Exception {
        String script = "touch \"$0/$1.running\"; ls \"$0\" | grep -c running; sleep 0.2; rm \"$0/$1.running\"";
        CommandPool pool = CommandPool.builder().command("sh", "-c", script, dir.toString(), "{#}").jobs(2).build();

        List<CommandResult> results = pool.run(List.of("a", "b", "c", "d", "e", "f"));

        assertThat(results).allMatch(CommandResult::succeeded);
        assertThat(results).extracting(result -> Integer.parseInt(result.stdout().strip()))
                .allMatch(concurrent -> concurrent >= 1 && concurrent <= 2);
    }

    @Test
    void setsWorkingDirectoryAndEnvironment() throws Exception {
        CommandPool pool = CommandPool.builder()
                .command("sh", "-c", "pwd; echo \"$MP4J_TEST_VAR ${HOME:-no-home}\"")
                .workingDirectory(dir)
                .environment("MP4J_TEST_VAR", "{}-is-not-expanded-here")
                .removeEnvironment("HOME")
                .build();

        CommandResult result = pool.run(List.of("ignored")).getFirst();

        assertThat(result.stdout().lines().toList())
                .containsExactly(dir.toRealPath().toString(), "{}-is-not-expanded-here no-home");
    }

    @Test
    void feedsStdinFromBytesOrFromAPerInputFile() throws Exception {
        CommandResult fromBytes = CommandPool.builder().command("sh", "-c", "cat; echo \"for $0\"", "{}").stdinBytes("hello\nworld\n".getBytes(StandardCharsets.UTF_8))
                .build().run(List.of("first")).getFirst();
        Files.writeString(dir.resolve("one.txt"), "12345");
        Files.writeString(dir.resolve("two.txt"), "ab");

        List<CommandResult> fromFiles = CommandPool.builder().command("wc", "-c").stdinFile("{}.txt")
                .workingDirectory(dir).build().run(List.of("one", "two"));

        assertThat(fromBytes.stdout()).isEqualTo("hello\nworld\nfor first\n");
        assertThat(fromFiles).extracting(result -> result.stdout().strip()).containsExactly("5", "2");
    }

    @Test
    void givesEndOfFileOnStdinByDefault() throws Exception {
        CommandResult result = CommandPool.builder().command("cat").timeout(Duration.ofSeconds(20)).build()
                .run(List.of("/dev/stdin")).getFirst();

        assertThat(result.failure()).isEqualTo(FailureKind.NONE);
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void anUnreadableStdinFileIsAPerInputFailure() throws Exception {
        Files.writeString(dir.resolve("present.txt"), "abc");
        Files.createDirectory(dir.resolve("folder.txt"));
        CommandPool pool = CommandPool.builder().command("wc", "-c").stdinFile("{}").workingDirectory(dir).build();

        List<CommandResult> results = pool.run(List.of("missing.txt", "present.txt", "folder.txt"));

        assertThat(results.get(0).failure()).isEqualTo(FailureKind.INPUT_UNREADABLE);
        assertThat(results.get(0).exitCode()).isEmpty();
        assertThat(results.get(0).message()).contains("missing.txt").contains("no such file");
        assertThat(results.get(1).succeeded()).isTrue();
        assertThat(results.get(1).stdout().strip()).isEqualTo("3");
        assertThat(results.get(2).failure()).isEqualTo(FailureKind.INPUT_UNREADABLE);
        assertThat(results.get(2).message()).contains("folder.txt").contains("is a directory");
    }

    @Test
    void streamsOutputToPerInputFiles() throws Exception {
        CommandPool pool = CommandPool.builder().command("sh", "-c", "echo out-$0; echo err-$0 >&2", "{}")
                .workingDirectory(dir).stdoutToFile("{.}.out").stderrToFile("{.}.err").build();

        List<CommandResult> results = pool.run(List.of("a.in", "b.in"));

        assertThat(results).allMatch(result -> result.succeeded() && result.stdout().isEmpty() && result.stderr().isEmpty());
        assertThat(Files.readString(dir.resolve("a.out"))).isEqualTo("out-a.in\n");
        assertThat(Files.readString(dir.resolve("b.err"))).isEqualTo("err-b.in\n");
    }

    @Test
    void capsCapturedOutputWithoutBlockingTheCommand() throws Exception {
        CommandResult result = CommandPool.builder().command("head", "-c", "{}", "/dev/zero")
                .captureLimit(1000).timeout(Duration.ofSeconds(30)).build().run(List.of("5000000")).getFirst();

        assertThat(result.succeeded()).isTrue();
        assertThat(result.stdout()).hasSize(1000);
        assertThat(result.outputTruncated()).isTrue();
    }

    @Test
    void reportsNonZeroExitUnlessExitCodesAreNotChecked() throws Exception {
        List<String> command = List.of("sh", "-c", "echo problem >&2; exit $0", "{}");

        List<CommandResult> checked = CommandPool.builder().command(command).build().run(List.of("0", "3"));
        List<CommandResult> unchecked = CommandPool.builder().command(command).checkExitCode(false).build().run(List.of("3"));

        assertThat(checked.get(0).succeeded()).isTrue();
        assertThat(checked.get(1).failure()).isEqualTo(FailureKind.NONZERO_EXIT);
        assertThat(checked.get(1).exitCode()).hasValue(3);
        assertThat(checked.get(1).message()).isEqualTo("sh exited with status 3");
        assertThat(checked.get(1).stderr()).isEqualTo("problem\n");
        assertThat(unchecked.getFirst().failure()).isEqualTo(FailureKind.NONE);
        assertThat(unchecked.getFirst().exitCode()).hasValue(3);
    }

    @Test
    void aMissingProgramIsAPerInputResultNamingTheProgramAndPath() throws Exception {
        CommandPool pool = CommandPool.builder().command("{}").jobs(2).build();

        List<CommandResult> results = pool.run(List.of("true", "mp4j-no-such-program", "./no-such-script", "false"));

        assertThat(results.get(0).failure()).isEqualTo(FailureKind.NONE);
        assertThat(results.get(1).failure()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(results.get(1).exitCode()).isEmpty();
        assertThat(results.get(1).message()).contains("'mp4j-no-such-program'").contains("PATH").contains(System.getenv("PATH"));
        assertThat(results.get(2).failure()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(results.get(2).message()).contains("./no-such-script").contains("does not exist");
        assertThat(results.get(3).failure()).isEqualTo(FailureKind.NONZERO_EXIT);
    }

    @Test
    void aProgramThatCannotBeExecutedIsStartFailed() throws Exception {
        Path notExecutable = Files.writeString(dir.resolve("script.sh"), "echo hi\n");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));

        CommandResult result = CommandPool.builder().command(notExecutable.toString()).build().run(List.of("x")).getFirst();

        assertThat(result.failure()).isEqualTo(FailureKind.START_FAILED);
        assertThat(result.message()).contains("cannot start").contains(notExecutable.toString()).contains("Permission denied");
    }

    @Test
    void shellModeQuotesSubstitutedValuesAndReportsMissingPrograms() throws Exception {
        CommandPool pool = CommandPool.builder().command("echo {} | tr a-z A-Z").shell(true).build();
        CommandPool missing = CommandPool.builder().command("mp4j-no-such-program {}").shell(true).build();

        CommandResult result = pool.run(List.of("it's $HOME; ls")).getFirst();
        CommandResult notFound = missing.run(List.of("x")).getFirst();

        assertThat(result.command()).first().isEqualTo("sh");
        assertThat(result.stdout()).isEqualTo("IT'S $HOME; LS\n");
        assertThat(notFound.failure()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(notFound.message()).contains("mp4j-no-such-program");
    }

    @Test
    void aTimeoutKillsTheWholeProcessTreeAndOtherInputsStillRun() throws Exception {
        Path pids = dir.resolve("pids");
        String script = "echo $$ >> \"$0\"; sleep 300 & echo $! >> \"$0\"; sleep 300 & echo $! >> \"$0\"; wait";
        CommandPool pool = CommandPool.builder().command("sh", "-c", "if [ \"$1\" = slow ]; then " + script + "; else echo fast; fi",
                        pids.toString(), "{}")
                .timeout(Duration.ofSeconds(3)).killGracePeriod(Duration.ofMillis(500)).jobs(2).build();
        try {
            List<CommandResult> results = pool.run(List.of("slow", "quick"));

            List<Long> tree = awaitPids(pids, 3);
            assertThat(results.get(0).failure()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(results.get(0).message()).contains("timed out after 3s");
            assertThat(results.get(0).duration()).isLessThan(Duration.ofSeconds(20));
            assertThat(results.get(1).stdout()).isEqualTo("fast\n");
            awaitAllGone(tree);
        } finally {
            killAll(pids);
        }
    }

    @Test
    void aTreeThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
        Path pids = dir.resolve("pids");
        String script = "trap '' TERM; echo $$ >> \"$0\"; sh -c 'trap \"\" TERM; sleep 300' & echo $! >> \"$0\"; wait";
        CommandPool pool = CommandPool.builder().command("sh", "-c", script, pids.toString())
                .timeout(Duration.ofSeconds(2)).killGracePeriod(Duration.ofMillis(300)).build();
        try {
            CommandResult result = pool.run(List.of("x")).getFirst();

            List<Long> tree = awaitPids(pids, 2);
            assertThat(result.failure()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(result.exitCode()).hasValue(128 + 9);
            awaitAllGone(tree);
        } finally {
            killAll(pids);
        }
    }

    @Test
    void outputHeldOpenByABackgroundProcessStopsBeingWaitedForAtTheTimeout() throws Exception {
        Path pids = dir.resolve("pids");
        CommandPool pool = CommandPool.builder().command("sh", "-c", "sleep 300 & echo $! >> \"$0\"; echo started", pids.toString())
                .timeout(Duration.ofSeconds(2)).build();
        try {
            CommandResult result = pool.run(List.of("x")).getFirst();

            // Which of the two outcomes happens depends on whether the JDK closed the pipe before the
            // pool's read began (see the CommandPool class comment); neither may hang or lose "started".
            assertThat(result.exitCode()).hasValue(0);
            assertThat(result.stdout()).isEqualTo("started\n");
            assertThat(result.duration()).isLessThan(Duration.ofSeconds(20));
            if (result.failure() == FailureKind.TIMEOUT) {
                assertThat(result.message()).contains("output stayed open").contains("background");
            } else {
                assertThat(result.failure()).isEqualTo(FailureKind.NONE);
            }
        } finally {
            killAll(pids);
        }
    }

    @Test
    void failFastStopsRunningCommandsAndSkipsTheRest() throws Exception {
        Path pids = dir.resolve("pids");
        CommandPool pool = CommandPool.builder().command("sh", "-c", "echo $$ >> \"$0\"; $1", pids.toString(), "{}")
                .jobs(2).failFast(true).build();
        try {
            List<CommandResult> results = pool.run(List.of("sleep 300", "exit 4", "true", "true"));

            assertThat(results.get(1).failure()).isEqualTo(FailureKind.NONZERO_EXIT);
            assertThat(results.get(0).failure()).isEqualTo(FailureKind.CANCELLED);
            assertThat(results.get(0).message()).contains("fail-fast").contains("exit 4");
            assertThat(results.subList(2, 4)).allMatch(result -> result.failure() == FailureKind.CANCELLED
                    && result.exitCode().isEmpty());
            awaitAllGone(ProcessTreeAssertions.readPids(pids));
        } finally {
            killAll(pids);
        }
    }

    @Test
    void withoutFailFastOneFailureDoesNotStopTheOthers() throws Exception {
        List<CommandResult> results = CommandPool.builder().command("sh", "-c", "$0", "{}").jobs(1).build()
                .run(List.of("exit 1", "true", "exit 2", "true"));

        assertThat(results).extracting(CommandResult::failure).containsExactly(
                FailureKind.NONZERO_EXIT, FailureKind.NONE, FailureKind.NONZERO_EXIT, FailureKind.NONE);
    }

    @Test
    void deliversResultsAsTheyCompleteThroughACallbackAndAStream() throws Exception {
        CommandPool pool = CommandPool.builder().command("sleep", "{}").jobs(2).build();
        List<String> completionOrder = Collections.synchronizedList(new ArrayList<>());

        List<CommandResult> ordered = pool.run(List.of("2", "0"), result -> completionOrder.add(result.input()));
        List<String> streamed;
        try (Stream<CommandResult> stream = pool.stream(List.of("2", "0", "0.1"))) {
            streamed = stream.map(CommandResult::input).collect(Collectors.toList());
        }

        assertThat(ordered).extracting(CommandResult::input).containsExactly("2", "0");
        assertThat(completionOrder).containsExactly("0", "2");
        assertThat(streamed).containsExactlyInAnyOrder("2", "0", "0.1");
        assertThat(streamed.getLast()).isEqualTo("2");
    }

    @Test
    void closingAStreamEarlyEndsRunningCommands() throws Exception {
        Path pids = dir.resolve("pids");
        CommandPool pool = CommandPool.builder().command("sh", "-c", "echo $$ >> \"$0\"; exec sleep $1", pids.toString(), "{}")
                .jobs(2).build();
        try {
            try (Stream<CommandResult> stream = pool.stream(List.of("0", "300", "300"))) {
                assertThat(stream.findFirst()).hasValueSatisfying(result -> assertThat(result.input()).isEqualTo("0"));
            }
            List<Long> started = awaitPids(pids, 2);
            awaitAllGone(started);
        } finally {
            killAll(pids);
        }
    }

    @Test
    void interruptingTheCallerEndsRunningCommands() throws Exception {
        Path pids = dir.resolve("pids");
        CommandPool pool = CommandPool.builder().command("sh", "-c", "echo $$ >> \"$0\"; exec sleep 300", pids.toString()).build();
        List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                pool.run(List.of("x"));
            } catch (InterruptedException e) {
                thrown.add(e);
            }
        });
        try {
            List<Long> started = awaitPids(pids, 1);
            caller.interrupt();
            caller.join(Duration.ofSeconds(20));

            assertThat(thrown).singleElement().isInstanceOf(InterruptedException.class);
            awaitAllGone(started);
        } finally {
            killAll(pids);
        }
    }

    @Test
    void rejectsInvalidOptionsWithClearMessages() {
        assertThatThrownBy(() -> CommandPool.builder().jobs(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("jobs must be at least 1, got 0");
        assertThatThrownBy(() -> CommandPool.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> CommandPool.builder().command(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command is empty");
        assertThatThrownBy(() -> CommandPool.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no command");
        assertThatThrownBy(() -> CommandPool.builder().environment("A=B", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid environment variable name");
        assertThatThrownBy(() -> CommandPool.builder().workingDirectory(dir.resolve("absent")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a directory");
    }

    @Test
    void anEmptyInputListGivesAnEmptyResult() throws Exception {
        assertThat(CommandPool.builder().command("true").build().run(List.of())).isEmpty();
    }

}
