package dev.mp4j.examples;

import dev.mp4j.Multiprocessing;
import dev.mp4j.pool.Pool;

import java.util.List;
import java.util.stream.IntStream;

/** Seed 000, PoolExample.py: Pool.map and Pool.map_async of cube over range(1, 7) on 4 workers. */
public final class PoolExample {
    private PoolExample() {
    }

    static int cube(int x) {
        System.out.println(ProcessHandle.current().pid() + " " + Multiprocessing.parentProcess().orElseThrow().pid());
        return x * x * x;
    }

    public static void main(String[] args) {
        List<Integer> range = IntStream.range(1, 7).boxed().toList();
        try (Pool pool = Pool.create(4)) {
            List<Integer> results = pool.map(PoolExample::cube, range);
            System.out.println(results);
            System.out.println(pool.mapAsync(PoolExample::cube, range).join());
        }
    }
}
