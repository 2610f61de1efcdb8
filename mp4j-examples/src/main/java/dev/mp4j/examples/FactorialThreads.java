package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004 (blog), "Threads": five threads each print the (recursive) factorial of their
 * argument, 0 to 4; the main thread joins them all. The order of the lines is up to the scheduler.
 */
public final class FactorialThreads {
    private FactorialThreads() {
    }

    static long factorial(int n) {
        if (n == 0) {
            return 1;
        }
        return n * factorial(n - 1);
    }

    static void printFactorialOutput(int n) {
        System.out.println(factorial(n));
    }

    public static void main(String[] args) throws InterruptedException {
        List<Process> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            Process thread = Process.of(Engine.THREADS, () -> printFactorialOutput(n));
            threads.add(thread);
            thread.start();
        }
        for (Process thread : threads) {
            thread.join();
        }
    }
}
