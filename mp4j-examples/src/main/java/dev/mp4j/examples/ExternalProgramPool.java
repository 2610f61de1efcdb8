package dev.mp4j.examples;

import dev.mp4j.Multiprocessing;
import dev.mp4j.subprocess.CommandPool;
import dev.mp4j.subprocess.CommandResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Port of the PyLadies seed's process pool that runs the external program {@code phstat} once per
 * input file, writes each program's stdout to {@code <name>.out} and reports errors per input
 * instead of stopping. The Fortran program is played by {@code phstat.sh}, a shell script shipped
 * as a resource of this module: it prints statistics over the numbers in a file and fails on a
 * missing file or a line that is not a number.
 *
 * <pre>{@code
 * pool = Pool(nucpu)
 * print '\n\n Opening the pool with ', nucpu, ' workers'
 * pool.map(al.call_phstat_print_for_clustering_parallel, list_args)
 * print 'Closing the pool'
 * pool.close()
 * ...
 *     p = subprocess.Popen(command_line, stdin=subprocess.PIPE, stdout=file_out, stderr=subprocess.PIPE)
 *     complete_output, errors = p.communicate()
 * except Exception:
 *     print "\n An error has occurred:\n" + str(exctype) + "\n" + str(value)
 * }</pre>
 */
public final class ExternalProgramPool {
    private ExternalProgramPool() {
    }

    /**
     * Runs phstat on every input with {@code workers} commands at a time; each input's statistics go
     * to {@code <input without extension>.out}. Prints the seed's messages and one line per input.
     */
    static List<CommandResult> run(List<Path> inputs, int workers, PrintStream out) throws IOException, InterruptedException {
        Path phstat = extractPhstat();
        try {
            CommandPool pool = CommandPool.builder()
                    .command("sh", phstat.toString(), "{}")
                    .stdoutToFile("{.}.out")
                    .jobs(workers)
                    .build();
            out.println("Opening the pool with " + workers + " workers");
            List<CommandResult> results = pool.run(inputs.stream().map(Path::toString).toList());
            for (CommandResult result : results) {
                if (result.succeeded()) {
                    Path statistics = Path.of(result.input().replaceFirst("\\.[^./]*$", "") + ".out");
                    out.println("phstat " + result.input() + ": " + Files.readString(statistics).strip());
                } else {
                    out.println("An error has occurred for " + result.input() + ": " + result.message()
                            + ": " + result.stderr().strip());
                }
            }
            out.println("Closing the pool");
            return results;
        } finally {
            Files.deleteIfExists(phstat);
        }
    }

    private static Path extractPhstat() throws IOException {
        Path script = Files.createTempFile("phstat", ".sh");
        try (InputStream resource = ExternalProgramPool.class.getResourceAsStream("phstat.sh")) {
            if (resource == null) {
                throw new IOException("phstat.sh is missing from the class path (resource dev/mp4j/examples/phstat.sh)");
            }
            Files.copy(resource, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    /**
     * Runs phstat on the files given as arguments; without arguments, on three demonstration files
     * in a temporary directory, one of them broken to show the error handling.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int workers = Math.max(1, Multiprocessing.cpuCount() - 1);
        if (args.length > 0) {
            run(java.util.Arrays.stream(args).map(Path::of).toList(), workers, System.out);
            return;
        }
        Path directory = Files.createTempDirectory("phstat-demo");
        Path first = Files.writeString(directory.resolve("station1.dat"), "1.5\n2.5\n3.5\n");
        Path second = Files.writeString(directory.resolve("station2.dat"), "10\n20\n");
        Path broken = Files.writeString(directory.resolve("station3.dat"), "4\nnot-a-number\n");
        run(List.of(first, second, broken), workers, System.out);
    }
}
