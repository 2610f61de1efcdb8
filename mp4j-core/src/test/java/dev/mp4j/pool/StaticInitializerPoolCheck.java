package dev.mp4j.pool;

import java.util.List;

/**
 * Run by {@link StaticInitializerPoolTest}: a class whose static initializer makes a process pool
 * and maps a lambda of its own (a beginner's program: Python's module-level pool without the
 * {@code __main__} guard). Prints how its initialization ended.
 */
public final class StaticInitializerPoolCheck {
    private StaticInitializerPoolCheck() {
    }

    /** The class a user wrote: its lambda lives here, so a worker must initialize it to run the lambda. */
    static final class Doubler {
        static final List<Integer> RESULTS;

        static {
            try (Pool pool = Pool.create(2)) {
                RESULTS = pool.map(x -> x * 2, List.of(1, 2, 3), 1);
            }
        }
    }

    public static void main(String[] args) {
        try {
            System.out.println("results " + Doubler.RESULTS);
        } catch (ExceptionInInitializerError e) {
            System.out.println("initialization failed:");
            e.printStackTrace(System.out);
        }
    }
}
