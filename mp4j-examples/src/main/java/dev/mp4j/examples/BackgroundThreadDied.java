package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

/**
 * Seed 003 (notebook), "Typical problems": "not noticing that a background Thread died silently
 * (one should catch all Exceptions from such threads and log them properly)". The notebook has no
 * code for it; this program shows the three stages. A background thread throws: its stack trace
 * goes to stderr (as Python's does) and the main thread, which does not look, carries on. Looking
 * is cheap with mp4j: {@link Process#exitCode()} is 1 after an uncaught exception, as Python's
 * {@code exitcode} is for a process. Last, the remedy: the thread catches everything and reports
 * it, here on a line of its own.
 */
public final class BackgroundThreadDied {
    private BackgroundThreadDied() {
    }

    static void refreshCache() {
        throw new IllegalStateException("cache server unreachable");
    }

    public static void main(String[] args) throws InterruptedException {
        Process silent = Process.builder().engine(Engine.THREADS).name("cache-refresher").daemon(true)
                .target(BackgroundThreadDied::refreshCache).build();
        silent.start();
        silent.join();
        System.out.println("main thread: carrying on, unaware that the background thread died");

        System.out.println("main thread: " + silent.name() + " alive? " + silent.isAlive()
                + ", exit code " + silent.exitCode().orElseThrow());

        Process careful = Process.builder().engine(Engine.THREADS).name("careful-refresher").daemon(true)
                .target(() -> {
                    try {
                        refreshCache();
                    } catch (RuntimeException e) {
                        System.out.println(Thread.currentThread().getName() + ": refresh failed: " + e);
                    }
                }).build();
        careful.start();
        careful.join();
        System.out.println("main thread: " + careful.name() + " exit code " + careful.exitCode().orElseThrow());
    }
}
