package dev.mp4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** HelloWorld, FatherAndSons, Thread1 and Communication1, each run in its own JVM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FirstSeedsTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Test
    void helloWorldPrintsFromTheChild() throws Exception {
        assertThat(SeedProgramRunner.run(HelloWorld.class, LIMIT)).contains("Hello World");
    }

    @Test
    void fatherAndSonsShowsTheChildsParentIsTheMainProcess() throws Exception {
        List<String> lines = SeedProgramRunner.run(FatherAndSons.class, LIMIT);
        String mainPid = lines.getFirst().replace("I am the main process with ID: ", "");
        assertThat(lines).contains("-----> function zero", "-----> function one", "-----> function two", "This is the end!");
        String child = lines.stream().filter(l -> l.startsWith("I am the first sub-process with ID ")).findFirst().orElseThrow();
        assertThat(child).endsWith("my father is ID:" + mainPid);
        assertThat(child).doesNotContain("with ID " + mainPid + " ");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("I am still the first sub-process").endsWith("ID:" + mainPid));
    }

    @Test
    void thread1RunsEveryThreadInOneProcess() throws Exception {
        List<String> lines = SeedProgramRunner.run(Thread1.class, LIMIT);
        String pid = lines.getFirst().replace("ID of process running main program: ", "");
        assertThat(pid).matches("\\d+");
        assertThat(lines).hasSize(6).contains("Main thread name: main",
                "Task 1 assigned to thread: t1", "ID of process running task 1: " + pid,
                "Task 2 assigned to thread: t2", "ID of process running task 2: " + pid);
        assertThat(lines).containsSubsequence("Task 1 assigned to thread: t1", "ID of process running task 1: " + pid);
        assertThat(lines).containsSubsequence("Task 2 assigned to thread: t2", "ID of process running task 2: " + pid);
    }

    @Test
    void communication1ShowsSeparateMemory() throws Exception {
        assertThat(SeedProgramRunner.run(Communication1.class, LIMIT))
                .containsExactly("Result(in process p1):[1, 4, 9, 16]", "Result(in main program): []");
    }
}
