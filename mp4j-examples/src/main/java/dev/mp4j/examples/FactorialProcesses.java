package dev.mp4j.examples;

import dev.mp4j.Process;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004 (blog), "Multiprocessing": {@link FactorialThreads} with {@code multiprocessing.Process}:
 * five processes (child JVMs) each print the factorial of their argument, 0 to 4.
 */
public final class FactorialProcesses {
    private FactorialProcesses() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            Process process = Process.of(() -> FactorialThreads.printFactorialOutput(n));
            processes.add(process);
            process.start();
        }
        for (Process process : processes) {
            process.join();
        }
    }
}
