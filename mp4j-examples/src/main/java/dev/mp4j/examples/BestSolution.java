package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Multiprocessing;
import dev.mp4j.Process;
import dev.mp4j.sync.Lock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Seed 001 (PyLadies), "Python Threads: Lock (mutex lock)": one thread per SHELXE {@code .lst}
 * file reads the file's CC and, under the lock, keeps the best one in a shared {@code BestSolution}.
 * The seed scans the current directory; this port scans the directory given as argument or, without
 * one, a temporary directory where it first writes three sample listings (CC 31.42, 45.07, 12.8),
 * so that it runs anywhere. The seed's "shelxe job" is its 10 s sleep ({@link SeedSleep}).
 * The main thread joins every thread it started, found with {@link Multiprocessing#activeChildren()}
 * (Python's {@code threading.enumerate()}).
 */
public final class BestSolution {
    private static final Pattern CC = Pattern.compile("with CC\\s+([0-9.]+)%");
    private static Lock lock;

    private volatile double cc = 0;

    void setCCvalue(double ccValue) {
        this.cc = ccValue;
    }

    private BestSolution() {
    }

    static void debug(String message) {
        System.out.println(String.format("%-9s %s", Thread.currentThread().getName(), message));
    }

    static double extractBestCcShelxe(String content) {
        Matcher m = CC.matcher(content);
        double best = 0;
        while (m.find()) {
            best = Math.max(best, Double.parseDouble(m.group(1)));
        }
        return best;
    }

    static void worker(BestSolution best, Path solution) {
        debug("Launching shelxe job ..... ");
        SeedSleep.seconds(10);
        String solutionContent;
        try {
            solutionContent = Files.readString(solution);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double ccFromSolution = extractBestCcShelxe(solutionContent);
        debug("CC read from solution " + ccFromSolution);
        lock.lock();
        debug("Acquire the lock");
        if (ccFromSolution > best.cc) {
            debug("New best CC found, saving it to BestSolution " + ccFromSolution);
            best.setCCvalue(ccFromSolution);
        }
        lock.unlock();
        debug("Release the lock");
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path directory = args.length > 0 ? Path.of(args[0]) : sampleListings();
        BestSolution best = new BestSolution();
        lock = Lock.create();
        List<Path> listFiles;
        try (Stream<Path> files = Files.list(directory)) {
            listFiles = files.sorted().toList();
        }
        int started = 0;
        for (Path fich : listFiles) {
            if (fich.getFileName().toString().endsWith(".lst")) {
                Path solution = fich;
                started++;
                Process t = Process.builder().engine(Engine.THREADS).name("Thread-" + started)
                        .target(() -> worker(best, solution)).build();
                t.start();
            }
        }
        debug("Waiting for worker threads....");
        for (Process t : Multiprocessing.activeChildren()) {
            t.join();
        }
        debug("Maximum final CC value found is " + best.cc);
    }

    private static Path sampleListings() throws IOException {
        Path directory = Files.createTempDirectory("mp4j-shelxe-");
        directory.toFile().deleteOnExit();
        double[] ccs = {31.42, 45.07, 12.8};
        for (int i = 0; i < ccs.length; i++) {
            Path file = directory.resolve("solution_" + (i + 1) + ".lst");
            Files.writeString(file, "SHELXE listing (sample)\n Best trace (cycle   3 with CC " + ccs[i] + "%) was saved as solution_"
                    + (i + 1) + ".pdb\n");
            file.toFile().deleteOnExit();
        }
        return directory;
    }
}
