package dev.mp4j.internal.process;

import dev.mp4j.pool.DebuggedProgramCheck;
import dev.mp4j.testing.JavaProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A program whose class path is longer than Linux takes in one argument (128 KiB): an IDE starts a
 * large project's program with it in an argument file or a manifest. Its pools and processes start
 * children, who get the class path through an argument file; every child start failed with
 * "error=7, Argument list too long".
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LongClassPathTest {
    @Test
    void poolsAndProcessesStartChildrenWhenTheClassPathIsLongerThanOneArgumentMayBe() throws Exception {
        // entries of a build's dependency cache, which the JVM skips when they do not exist
        String padding = IntStream.range(0, 1_500)
                .mapToObj(i -> "/nonexistent/caches/modules-2/files-2.1/org.example/artifact-" + i
                        + "/1.0.0/0123456789abcdef0123456789abcdef01234567/artifact-" + i + ".jar")
                .collect(Collectors.joining(File.pathSeparator));
        String classPath = JavaProgram.classPath() + File.pathSeparator + padding;
        assertThat(classPath.length()).isGreaterThan(128 * 1024);
        String output = JavaProgram.run(DebuggedProgramCheck.class, classPath, List.of(), Map.of());
        assertThat(output).contains("map returned [2, 4, 6]", "process exited 0").doesNotContain("Argument list too long");
    }

    @Test
    void aClassPathInAnArgumentFileIsQuotedAsTheLauncherReadsIt() {
        assertThat(ClassPathArgument.quoted("/a b/x.jar:/c\\d/\"e\".jar")).isEqualTo("\"/a b/x.jar:/c\\\\d/\\\"e\\\".jar\"");
        assertThat(ClassPathArgument.of("/x.jar")).containsExactly("-cp", "/x.jar");
        String longPath = "/y.jar" + (File.pathSeparator + "/z.jar").repeat(20_000);
        List<String> arguments = ClassPathArgument.of(longPath);
        assertThat(arguments).singleElement().asString().startsWith("@");
        assertThat(ClassPathArgument.of(longPath)).as("one file per class path").isEqualTo(arguments);
    }
}
