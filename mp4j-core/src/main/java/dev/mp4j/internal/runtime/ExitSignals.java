package dev.mp4j.internal.runtime;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.List;

/**
 * Tells shutdown hooks whether this JVM is exiting because a signal asked it to (SIGTERM, SIGINT,
 * SIGHUP) rather than because its program ended or called {@code System.exit}. The JDK runs the
 * same hooks in both cases; only a signal-driven exit must not wait for anything unbounded.
 *
 * <p>{@link #install()} puts a handler in front of each signal's current one that records the
 * signal and then calls the previous handler, so the JVM (or the application's own handler)
 * still decides what the signal does. A signal whose current handler is the OS default or "ignore"
 * (the JVM runs with {@code -Xrs}, or the application ignores it) is left alone. An application
 * that installs its own handler later takes the signal over, and exits then count as normal.
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}), the JDK's supported way to
 * observe signals. Thread-safe; the flag is volatile.
 */
public final class ExitSignals {
    private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");
    private static volatile String received;
    private static boolean installed;

    private ExitSignals() {
    }

    /** Installs the handlers, once. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                Recorder recorder = new Recorder();
                recorder.previous = Signal.handle(signal, recorder);
                if (recorder.previous == SignalHandler.SIG_DFL || recorder.previous == SignalHandler.SIG_IGN) {
                    Signal.handle(signal, recorder.previous);
                }
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                dev.mp4j.internal.runtime.LazyLogger.of(ExitSignals.class).debug("cannot observe SIG{}: {}", name, e.getMessage());
            }
        }
    }

    /** Records the signal, then hands it to the handler it replaced. */
    private static final class Recorder implements SignalHandler {
        volatile SignalHandler previous;

        @Override
        public void handle(Signal signal) {
            received = "SIG" + signal.getName();
            SignalHandler next = previous;
            if (next == SignalHandler.SIG_IGN) {
                return;
            }
            if (next == null || next == SignalHandler.SIG_DFL) { // arrived while being installed
                Runtime.getRuntime().exit(128 + signal.getNumber());
                return;
            }
            next.handle(signal);
        }
    }

    /** The signal ("SIGTERM", ...) that made this JVM exit, or null when none did (so far). */
    public static String received() {
        return received;
    }
}
