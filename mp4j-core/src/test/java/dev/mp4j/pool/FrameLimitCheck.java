package dev.mp4j.pool;

/**
 * Run by {@link FrameLimitTest} with {@code -Dmp4j.maxFrameBytes} at 1 MiB: a result and an
 * argument of 2 MiB, each followed by a small call on the same worker. One line per step.
 */
public final class FrameLimitCheck {
    private FrameLimitCheck() {
    }

    public static void main(String[] args) {
        try (Pool pool = Pool.create(1)) {
            long pid = pool.apply(() -> ProcessHandle.current().pid());
            try {
                pool.apply(() -> new byte[2 << 20]);
                System.out.println("a 2 MiB result came back");
            } catch (RuntimeException e) {
                System.out.println("result refused: " + e.getMessage());
            }
            System.out.println("same worker after the result: " + (pool.apply(() -> ProcessHandle.current().pid()) == pid));
            byte[] argument = new byte[2 << 20];
            try {
                pool.apply(() -> argument.length);
                System.out.println("a 2 MiB argument went out");
            } catch (RuntimeException e) {
                System.out.println("argument refused: " + e.getMessage());
            }
            System.out.println("same worker after the argument: " + (pool.apply(() -> ProcessHandle.current().pid()) == pid));
        }
    }
}
