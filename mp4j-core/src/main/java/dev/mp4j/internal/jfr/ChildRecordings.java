package dev.mp4j.internal.jfr;

import jdk.jfr.Configuration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.slf4j.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;


import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Worker JVMs record their own events while their parent records: the parent works out what its
 * children should record ({@link #current()}: a directory and the settings of its own running
 * recording), sends it in a worker's first frame, and again to running workers whenever one of
 * its recordings starts or stops ({@link #follow}). A child records into
 * {@code DIR/<worker>-<pid>.jfr}, written when the parent's recording stops or the child exits;
 * {@code Recordings.merge} joins the files into one.
 *
 * <p>{@code -Dmp4j.jfr=DIR} makes children record into DIR whether or not the parent records
 * (with the parent's settings when it records, JFR's "default" configuration otherwise);
 * {@code -Dmp4j.jfr=off} stops them from following. Without it they follow into the directory of
 * the parent's recording file, or {@code java.io.tmpdir/mp4j-jfr-<parent pid>} when the recording has
 * no file yet. A child killed with SIGKILL loses its own events; the parent's show its death.
 *
 * <p>Nothing here starts the parent's Flight Recorder: {@link #current()} reads recordings only
 * once it is initialized. Thread-safe.
 */
public final class ChildRecordings {
    private static final Logger log = dev.mp4j.internal.runtime.LazyLogger.of(ChildRecordings.class);
    private static final AtomicBoolean following = new AtomicBoolean();
    private static final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private static volatile RecordingSpec announced;

    private ChildRecordings() {
    }

    /** What children should record now, or null for nothing. */
    public static RecordingSpec current() {
        String configured = System.getProperty("mp4j.jfr", "").strip();
        if (configured.equalsIgnoreCase("off") || configured.equalsIgnoreCase("false")) {
            return null;
        }
        Recording running = runningRecording();
        if (running == null && configured.isEmpty()) {
            return null;
        }
        Map<String, String> settings = running != null ? running.getSettings() : defaultSettings();
        String directory;
        if (!configured.isEmpty()) {
            directory = Path.of(configured).toAbsolutePath().toString();
        } else if (running.getDestination() != null && running.getDestination().toAbsolutePath().getParent() != null) {
            directory = running.getDestination().toAbsolutePath().getParent().toString();
        } else {
            directory = defaultDirectory().toString();
        }
        return new RecordingSpec(directory, settings);
    }

    /** Where children record when the parent's recording has no file: {@code java.io.tmpdir/mp4j-jfr-<pid>}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "mp4j-jfr-" + dev.mp4j.internal.runtime.Pids.self());
    }

    private static Recording runningRecording() {
        if (!FlightRecorder.isInitialized()) {
            return null;
        }
        for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (recording.getState() == RecordingState.RUNNING && !recording.getName().startsWith("mp4j-")) {
                return recording;
            }
        }
        return null;
    }

    private static Map<String, String> defaultSettings() {
        try {
            return Configuration.getConfiguration("default").getSettings();
        } catch (IOException | ParseException e) {
            return Map.of();
        }
    }

    /**
     * Calls {@code onChange} whenever {@link #current()} may have changed (a recording of this JVM
     * started or stopped), and once after the first call. Registers one JFR listener the first time,
     * from a thread of its own; it does not start JFR.
     */
    public static void follow(Runnable onChange) {
        listeners.add(onChange);
        if (following.compareAndSet(false, true)) {
            // registering loads a few recorder classes (milliseconds on a busy machine): not on the pool's thread
            TELLER.execute(ChildRecordings::listen);
        }
    }

    /**
     * Runs the listeners, one change after the other, off the threads JFR calls back on (which may
     * hold the recorder's locks while a pool's threads hold theirs and ask for the recordings).
     */
    private static final java.util.concurrent.ExecutorService TELLER = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("mp4j-recording-follow").factory());
    private static final java.util.concurrent.atomic.AtomicLong told = new java.util.concurrent.atomic.AtomicLong();

    private static void listen() {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recordingStateChanged(Recording recording) {
                if (!recording.getName().startsWith("mp4j-")) {
                    TELLER.execute(ChildRecordings::tellIfChanged);
                }
            }
        });
        announced = current();
        tellListeners(); // a recording that started before the listener was registered
    }

    private static void tellIfChanged() {
        RecordingSpec now = current();
        if (!java.util.Objects.equals(now, announced)) {
            announced = now;
            tellListeners();
        }
    }

    /** Each listener compares what its workers were told with {@link #current()}: calling it again is harmless. */
    private static void tellListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("telling worker JVMs about a recording change failed", e);
            }
        }
        told.incrementAndGet();
    }

    /** How many times the listeners were told (for tests that wait for the workers to follow). */
    public static long timesTold() {
        return told.get();
    }

    /** Stops calling {@code onChange}. */
    public static void unfollow(Runnable onChange) {
        listeners.remove(onChange);
    }
}
