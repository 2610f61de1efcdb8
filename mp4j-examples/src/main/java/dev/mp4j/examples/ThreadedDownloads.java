package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004 (blog), "Detailed example walkthrough" (threads): one thread per file downloads three
 * files, printing when each starts and finishes, and the whole is timed. The github.com URLs are
 * served by a local {@link DownloadServer} (same paths and file names), so no internet is needed;
 * the files go to the directory given as argument or to a temporary one.
 */
public final class ThreadedDownloads {
    static final List<String> URLS = List.of(
            "https://github.com/tensorflow/tensorflow/blob/master/README.md",
            "https://github.com/tensorflow/tensorflow/blob/master/RELEASE.md",
            "https://github.com/tensorflow/tensorflow/blob/master/SECURITY.md");

    private ThreadedDownloads() {
    }

    static void downloadFile(String url, Path directory) {
        System.out.println("Starting download: " + url);
        DownloadServer.download(url, directory, 8192);
        System.out.println("Finished download: " + url);
    }

    public static void main(String[] args) throws Exception {
        Path directory = DownloadServer.targetDirectory(args);
        try (DownloadServer server = DownloadServer.start()) {
            List<String> urls = server.urls(URLS);
            long start = System.nanoTime();
            List<Process> threads = new ArrayList<>();
            for (String url : urls) {
                Process thread = Process.of(Engine.THREADS, () -> downloadFile(url, directory));
                thread.start();
                threads.add(thread);
            }
            for (Process thread : threads) {
                thread.join();
            }
            long end = System.nanoTime();
            System.out.println("Downloaded " + urls.size() + " files in " + (end - start) / 1e9 + " seconds");
        }
    }
}
