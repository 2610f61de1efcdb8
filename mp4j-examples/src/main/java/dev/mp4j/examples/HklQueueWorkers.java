package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;
import dev.mp4j.queue.JoinableQueue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Seed 001 (PyLadies), "Python Queues: Queue module": three daemon worker threads take
 * {@code (name, reflections)} items from a queue, sort and "process" them, and call
 * {@code task_done()}; the main thread reads every {@code .hkl} file into the queue and
 * {@code q.join()}s it, after which the program ends and the daemons with it. Python's
 * {@code Queue.Queue} with {@code task_done}/{@code join} is mp4j's {@link JoinableQueue}. The seed
 * scans the current directory; this port scans the directory given as argument or, without one, a
 * temporary directory where it first writes three small sample reflection files. Sleeps follow
 * {@link SeedSleep}.
 */
public final class HklQueueWorkers {
    /** One HKL reflection: Miller indices, amplitude and its sigma. */
    public record Reflection(int h, int k, int l, double f, double sigma) implements java.io.Serializable {
    }

    /** A queue item: Python's {@code (name_array, array_to_process)} tuple. */
    public record NamedArray(String name, List<Reflection> array) implements java.io.Serializable {
    }

    private HklQueueWorkers() {
    }

    static List<Reflection> sortReflectionsPhs(List<Reflection> array) {
        List<Reflection> sorted = new ArrayList<>(array);
        sorted.sort(Comparator.comparingInt(Reflection::h).thenComparingInt(Reflection::k).thenComparingInt(Reflection::l));
        return sorted;
    }

    static void processHklArray(List<Reflection> array) {
        System.out.println("Sorting the  " + array.size() + " reflections");
        List<Reflection> sortedArray = sortReflectionsPhs(array);
        System.out.println("Doing some more useful stuff with my sorted array");
        SeedSleep.seconds(5);
        if (sortedArray.size() != array.size()) {
            throw new IllegalStateException("sorting lost reflections");
        }
    }

    static void worker(JoinableQueue<NamedArray> q) {
        try {
            while (true) {
                NamedArray item = q.get();
                System.out.println("\nThread  " + Thread.currentThread().getName() + " is processing  " + item.name());
                processHklArray(item.array());
                q.taskDone();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<Reflection> readHklFile(Path file) throws IOException {
        List<Reflection> reflections = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5) {
                reflections.add(new Reflection(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4])));
            }
        }
        return reflections;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path directory = args.length > 0 ? Path.of(args[0]) : sampleHklFiles();
        JoinableQueue<NamedArray> q = JoinableQueue.create();
        for (int i = 0; i < 3; i++) {
            Process t = Process.builder().engine(Engine.THREADS).name("Thread-" + (i + 1)).daemon(true)
                    .target(() -> worker(q)).build();
            t.start();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.sorted().toList();
        }
        for (Path fich : files) {
            if (fich.getFileName().toString().endsWith(".hkl")) {
                List<Reflection> arrayHkl = readHklFile(fich); // Read the hkl files and put them into the queue
                q.put(new NamedArray(fich.getFileName().toString(), arrayHkl));
            }
        }
        q.join();
    }

    private static Path sampleHklFiles() throws IOException {
        Path directory = Files.createTempDirectory("mp4j-hkl-");
        directory.toFile().deleteOnExit();
        int[] sizes = {4, 6, 5};
        for (int n = 0; n < sizes.length; n++) {
            StringBuilder content = new StringBuilder();
            for (int i = sizes[n]; i > 0; i--) {
                content.append(String.format("%4d%4d%4d%8.2f%8.2f%n", i, n, i % 3, 100.0 / i, 1.5));
            }
            Path file = directory.resolve("crystal_" + (n + 1) + ".hkl");
            Files.writeString(file, content);
            file.toFile().deleteOnExit();
        }
        return directory;
    }
}
