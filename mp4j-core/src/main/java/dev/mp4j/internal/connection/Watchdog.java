package dev.mp4j.internal.connection;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action (closing a channel) if a deadline passes first: bounds authentication so a silent
 * peer cannot hold an accepting thread. One daemon timer thread for the whole JVM.
 */
public final class Watchdog {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("mp4j-connection-watchdog").factory());

    private Watchdog() {
    }

    /** Schedules {@code action} after {@code timeout}; cancel the returned future to disarm it. */
    public static ScheduledFuture<?> arm(Duration timeout, Runnable action) {
        return TIMER.schedule(action, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
