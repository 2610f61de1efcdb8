package dev.mp4j.lab;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lab's progress line on stderr: the current experiment's share done and the whole lab's
 * remaining time, both weighted by what each step costs rather than by step counts (a CPython run
 * can cost a hundred mp4j runs). A step's cost is its estimate until a step with the same key
 * (runtime, configuration and size) has been measured, then that measurement; estimates not yet
 * checked against a measurement are corrected by how far the finished steps' estimates were off.
 *
 * <p>Draws only when built with {@code draw} (the caller checks that stderr is a terminal); a
 * ticker redraws every second so the elapsed time moves during long steps. Thread-safe: the lab
 * thread reports steps, the ticker draws.
 */
final class Progress implements AutoCloseable {
    /** A step still to run: its key and its estimate before any measurement. */
    record Step(String key, String runtime, double estimate) {
    }

    private static final int BAR = 20;
    private final PrintStream err;
    private final boolean draw;
    private final long labStart = System.nanoTime();
    private final Thread ticker;
    private final Map<String, Double> measured = new HashMap<>();
    private final Map<String, double[]> correction = new HashMap<>(); // runtime -> {measured, estimated}
    private final List<Step> pending = new ArrayList<>();
    private String experiment = "";
    private String current = "";
    private double doneSeconds;
    private double laterEstimate;
    private boolean closed;

    Progress(PrintStream err, boolean draw) {
        this.err = err;
        this.draw = draw;
        this.ticker = draw ? Thread.ofPlatform().daemon().name("mp4j-lab-progress").start(this::tick) : null;
    }

    /** A new experiment starts; {@code laterEstimate}: the estimate of the experiments after it. */
    synchronized void experiment(String name, double laterEstimate) {
        experiment = name;
        current = "";
        pending.clear();
        doneSeconds = 0;
        this.laterEstimate = laterEstimate;
        redraw();
    }

    /** Adds steps to the current experiment. */
    synchronized void plan(List<Step> steps) {
        pending.addAll(steps);
        redraw();
    }

    /** Forgets the pending steps with this key (a phase that ended earlier than planned). */
    synchronized void drop(String key) {
        pending.removeIf(step -> step.key().equals(key));
        redraw();
    }

    /** What runs now, for the line. */
    synchronized void running(String what) {
        current = what;
        redraw();
    }

    /** The step with this key finished in {@code seconds}. */
    synchronized void done(String key, double seconds) {
        for (Iterator<Step> it = pending.iterator(); it.hasNext(); ) {
            Step step = it.next();
            if (step.key().equals(key)) {
                it.remove();
                if (!measured.containsKey(key)) {
                    double[] c = correction.computeIfAbsent(step.runtime(), r -> new double[2]);
                    c[0] += seconds;
                    c[1] += step.estimate();
                }
                break;
            }
        }
        measured.put(key, seconds);
        doneSeconds += seconds;
        redraw();
    }

    /** The estimated seconds left in the whole lab. */
    synchronized double remainingSeconds() {
        double left = 0;
        for (Step step : pending) {
            left += cost(step);
        }
        return left + laterEstimate * ratio(null);
    }

    private double cost(Step step) {
        Double known = measured.get(step.key());
        return known != null ? known : step.estimate() * ratio(step.runtime());
    }

    /** How far the estimates of a runtime (all runtimes when null) were off, bounded to [1/4, 4]. */
    private double ratio(String runtime) {
        double measuredSum = 0;
        double estimatedSum = 0;
        for (Map.Entry<String, double[]> entry : correction.entrySet()) {
            if (runtime == null || entry.getKey().equals(runtime)) {
                measuredSum += entry.getValue()[0];
                estimatedSum += entry.getValue()[1];
            }
        }
        return estimatedSum <= 0 ? 1 : Math.clamp(measuredSum / estimatedSum, 0.25, 4);
    }

    /** The line as drawn: "factorize  42% [########............] CPython threads 2 | 3:12 elapsed, about 4:40 left ...". */
    synchronized String line() {
        double left = 0;
        for (Step step : pending) {
            left += cost(step);
        }
        double share = doneSeconds + left <= 0 ? 0 : doneSeconds / (doneSeconds + left);
        int filled = (int) Math.round(share * BAR);
        double elapsed = (System.nanoTime() - labStart) / 1e9;
        return String.format(Locale.ROOT, "%-17s %3.0f%% [%s%s] %s | lab: %s elapsed, about %s left (weighted by step cost)",
                experiment, 100 * share, "#".repeat(filled), ".".repeat(BAR - filled), current, clock(elapsed),
                clock(remainingSeconds()));
    }

    static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private void redraw() {
        if (draw && !closed) {
            err.print("\r\033[K" + line());
            err.flush();
        }
    }

    private void tick() {
        try {
            while (true) {
                Thread.sleep(1000);
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    redraw();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Clears the line (before the lab prints a table). */
    synchronized void clear() {
        if (draw && !closed) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    @Override
    public synchronized void close() {
        clear();
        closed = true;
        if (ticker != null) {
            ticker.interrupt();
        }
    }
}
