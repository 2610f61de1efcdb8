package dev.mp4j.pool;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link UnresolvableHostTest} in a JVM whose name look-ups never return: first shows that
 * they do not (a look-up on a thread of its own is still waiting after the pool's work), then uses
 * a process pool the way a short program does: a map with a failing task, an apply, close. Prints
 * one line per step.
 */
public final class UnresolvableHostCheck {
    private UnresolvableHostCheck() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch resolved = new CountDownLatch(1);
        Thread lookup = Thread.ofPlatform().daemon().start(() -> {
            try {
                java.net.InetAddress.getLocalHost();
                resolved.countDown();
            } catch (java.io.IOException | RuntimeException e) {
                resolved.countDown();
            }
        });
        try (Pool pool = Pool.create(1)) {
            try {
                pool.map(x -> {
                    if (x == 2) {
                        throw new IllegalStateException("task " + x + " fails");
                    }
                    return x;
                }, List.of(1, 2, 3), 1);
            } catch (RuntimeException expected) {
                System.out.println("the failing task failed the map");
            }
            System.out.println("apply returned " + pool.apply(() -> 42));
        }
        System.out.println("pool closed");
        System.out.println(resolved.await(0, TimeUnit.MILLISECONDS) ? "the host name was resolved" : "name look-ups hang");
        lookup.interrupt();
    }
}
