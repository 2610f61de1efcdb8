package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Seed 000 (lecture), {@code threadIO.py} ("Why should I use threads?"): the downloads of
 * {@link ThreadIOSeq} on threads, which overlap while each waits on the network. As in the seed,
 * whose comment says "define 5 threads" but whose code builds {@code range(4)}, four threads
 * download the first four URLs; the listing after the {@code Time:} line shows it.
 */
public final class ThreadIO {
    private ThreadIO() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = DownloadServer.targetDirectory(args);
        try (DownloadServer server = DownloadServer.start()) {
            List<String> urls = server.urls(ThreadIOSeq.URLS);
            // define 5 threads (the seed's comment; its code defines 4)
            List<Process> threads = IntStream.range(0, 4).mapToObj(x -> Process.of(Engine.THREADS,
                    () -> DownloadServer.download(urls.get(x), directory, ThreadIOSeq.BUFFER_SIZE))).toList();
            long t = System.nanoTime();
            for (Process thread : threads) {
                thread.start();
            }
            for (Process thread : threads) {
                thread.join();
            }
            System.out.println("Time: " + (System.nanoTime() - t) / 1e9);
        }
        System.out.println("Downloaded: " + DownloadServer.listing(directory));
    }
}
