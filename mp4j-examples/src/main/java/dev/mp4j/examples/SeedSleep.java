package dev.mp4j.examples;

import java.time.Duration;

/**
 * The seeds' {@code time.sleep}, scaled by the system property {@code mp4j.examples.sleepScale}
 * (default 1.0) so that tests can run the programs quickly with the same output.
 */
public final class SeedSleep {
    private SeedSleep() {
    }

    public static void seconds(double seconds) {
        try {
            Thread.sleep(scaled(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sleeping", e);
        }
    }

    public static Duration scaled(double seconds) {
        double scale = Double.parseDouble(System.getProperty("mp4j.examples.sleepScale", "1.0"));
        return Duration.ofNanos((long) (seconds * scale * 1e9));
    }
}
