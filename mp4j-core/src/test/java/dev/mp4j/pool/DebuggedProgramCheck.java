package dev.mp4j.pool;

import dev.mp4j.Process;

import java.util.List;

/**
 * Run by {@link DebuggedProgramTest} with a debug agent in {@code JAVA_TOOL_OPTIONS}: a pool's map
 * and a process, one line each.
 */
public final class DebuggedProgramCheck {
    private DebuggedProgramCheck() {
    }

    public static void main(String[] args) throws Exception {
        try (Pool pool = Pool.create(2)) {
            System.out.println("map returned " + pool.map(x -> x * 2, List.of(1, 2, 3), 1));
        }
        Process child = Process.of(() -> { });
        child.start();
        child.join();
        System.out.println("process exited " + child.exitCode().orElse(-1));
    }
}
