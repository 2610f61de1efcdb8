package dev.mp4j.examples;

import dev.mp4j.pool.AsyncResult;
import dev.mp4j.pool.Pool;
import dev.mp4j.pool.ResultIterator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

/**
 * Seed 002 (course week 7), "Pooling example": a Pool of 4 worker processes; {@code apply_async}
 * with {@code get(timeout=1)}, {@code map}, {@code imap} with {@code next()} and
 * {@code next(timeout=1)}, and finally an {@code apply_async} of a 10 s sleep whose
 * {@code get(timeout=1)} times out. Python ends there with a {@code TimeoutError} traceback; this
 * port prints the error, terminates the pool (killing the sleeping worker, as Python's exit does)
 * and ends normally. The 10 s sleep is not scaled: it must outlast the 1 s timeout.
 *
 * <p>Python's {@code Pool(processes=4)} returns with its workers forked; mp4j's returns at once and
 * its worker JVMs take a second or more to start on a busy machine. So that the seed's first
 * {@code get(timeout=1)} times the task and not the JVM start, the port first waits for the pool to
 * run one task ({@code pool.apply}), which is where Python's constructor would have waited.
 */
public final class PoolingExample {
    private PoolingExample() {
    }

    static int f(int x) {
        return x * x;
    }

    static Object sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
        return null;
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        Pool pool = Pool.create(4);
        try {
            pool.apply(() -> 0); // the workers are up, as after Python's Pool()
            AsyncResult<Integer> result = pool.applyAsync(() -> f(10));
            System.out.println(result.get(Duration.ofSeconds(1)));

            System.out.println(pool.map(PoolingExample::f, IntStream.range(0, 10).boxed().toList()));

            ResultIterator<Integer> it = pool.imap(PoolingExample::f, IntStream.range(0, 10).boxed().toList());
            System.out.println(it.next());
            System.out.println(it.next());
            System.out.println(it.next(Duration.ofSeconds(1)));

            AsyncResult<Object> sleeping = pool.applyAsync(() -> sleep(10));
            System.out.println(sleeping.get(Duration.ofSeconds(1)));
        } catch (TimeoutException e) {
            System.out.println("TimeoutError: no result within 1 s");
        } finally {
            pool.terminate();
        }
    }
}
