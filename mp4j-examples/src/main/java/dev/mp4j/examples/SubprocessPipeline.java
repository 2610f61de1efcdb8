package dev.mp4j.examples;

import dev.mp4j.subprocess.Pipeline;
import dev.mp4j.subprocess.PipelineResult;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Port of the PyLadies seed's "subprocess pipes" example: {@code ls -1 | grep example | wc -l}
 * connected by OS pipes, then "Found N code examples".
 *
 * <pre>{@code
 * p1 = subprocess.Popen(["ls", "-1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
 * p2 = subprocess.Popen(["grep", "example"], stdin=p1.stdout, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
 * p3 = subprocess.Popen(["wc", "-l"], stdin=p2.stdout, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
 * out, err = p3.communicate()
 * print "Found ", int(out), " code examples"
 * }</pre>
 */
public final class SubprocessPipeline {
    private SubprocessPipeline() {
    }

    /** Counts the entries of {@code directory} whose name contains "example", through the pipeline. */
    public static int countExamples(Path directory) throws IOException, InterruptedException {
        PipelineResult result = Pipeline.builder()
                .stage("ls -1")
                .stage("grep example")
                .stage("wc -l")
                .workingDirectory(directory)
                .build()
                .run();
        if (result.exitCodes().getFirst() != 0 || result.exitCode() != 0) {
            throw new IOException("pipeline failed with statuses " + result.exitCodes() + ": " + result.stderr());
        }
        return Integer.parseInt(result.stdout().strip());
    }

    static void run(Path directory, PrintStream out) throws IOException, InterruptedException {
        out.println("Found " + countExamples(directory) + " code examples");
    }

    /** Counts in the directory given as the first argument, or in the current directory. */
    public static void main(String[] args) throws IOException, InterruptedException {
        run(Path.of(args.length > 0 ? args[0] : "."), System.out);
    }
}
