package dev.mp4j.lab.experiment;

/**
 * The moments of one timed run: its start, the moment its workers were all up (for a run whose
 * workers start inside it: a pool, or one thread or process per chunk), the moment the last result
 * was in, and its end (the workers stopped and joined). The lab reads the start-up
 * ({@code ready - start}), the work ({@code done - ready}) and the shutdown ({@code end - done})
 * apart, so a reader sees what starting and stopping processes costs beside what the work costs.
 *
 * <p>Not thread-safe: created, marked and read by the thread that drives the run.
 */
public final class PhaseClock {
    private final long start;
    private long ready = -1;
    private long done = -1;
    private long end = -1;

    private PhaseClock(long start) {
        this.start = start;
    }

    /** A clock started now. */
    public static PhaseClock start() {
        return new PhaseClock(System.nanoTime());
    }

    /** Marks the moment every worker of the run is up and the work can start; the first mark counts. */
    public void workersReady() {
        if (ready < 0) {
            ready = System.nanoTime();
        }
    }

    /** Marks the moment the last result is in (before the workers are stopped and joined); the first mark counts. */
    public void workDone() {
        if (ready >= 0 && done < 0) {
            done = System.nanoTime();
        }
    }

    /** Marks the end of the run. */
    public void stop() {
        end = System.nanoTime();
    }

    /** Wall time of the run, start to stop. */
    public double seconds() {
        if (end < 0) {
            throw new IllegalStateException("the clock was not stopped");
        }
        return (end - start) / 1e9;
    }

    /** The start-up part of the run, or NaN when the run starts no workers (serial, virtual threads, a running cluster). */
    public double startupSeconds() {
        return ready < 0 ? Double.NaN : (ready - start) / 1e9;
    }

    /** The shutdown part of the run (stopping and joining its workers), or NaN when it was not marked. */
    public double shutdownSeconds() {
        return done < 0 || end < 0 ? Double.NaN : (end - done) / 1e9;
    }
}
