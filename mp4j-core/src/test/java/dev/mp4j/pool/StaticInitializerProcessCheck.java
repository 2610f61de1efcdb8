package dev.mp4j.pool;

import dev.mp4j.Process;

/**
 * Run by {@link StaticInitializerPoolTest}: a class whose static initializer starts a process with a
 * lambda of its own and joins it. Prints the child's exit code.
 */
public final class StaticInitializerProcessCheck {
    private StaticInitializerProcessCheck() {
    }

    static final class Starter {
        static final int EXIT_CODE;

        static {
            Process child = Process.of(() -> System.out.println("the child ran its target"));
            child.start();
            try {
                child.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            EXIT_CODE = child.exitCode().orElse(-1);
        }
    }

    public static void main(String[] args) {
        System.out.println("the child exited with " + Starter.EXIT_CODE);
    }
}
