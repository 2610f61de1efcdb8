package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.manager.Manager;
import dev.mp4j.manager.SharedMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Seed 003 (notebook, section 9 "Multi-processing managers"): ten processes each write one entry
 * of a dict held by a manager process.
 */
public final class ManagerDict {
    private ManagerDict() {
    }

    static void worker(Map<Integer, Integer> d, int key, int value) {
        d.put(key, value);
    }

    public static void main(String[] args) throws InterruptedException {
        try (Manager mgr = Manager.start()) {
            // a Manager is another process which is used for process-safe operations
            System.out.println("Manager process pid: " + mgr.serverPid());
            SharedMap<Integer, Integer> d = mgr.dict();

            List<Process> jobs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int key = i;
                jobs.add(Process.of(() -> worker(d, key, key * 2)));
            }
            for (Process j : jobs) {
                j.start();
            }
            for (Process j : jobs) {
                j.join();
            }

            System.out.println(d);
        }
    }
}
