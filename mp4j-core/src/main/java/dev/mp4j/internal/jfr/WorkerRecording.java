package dev.mp4j.internal.jfr;

import jdk.jfr.Recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A worker JVM's own recording, as its parent asks (see {@link ChildRecordings}): written to
 * {@code DIR/<worker>-<pid>.jfr} when it stops or the JVM exits. Owned by the worker's main thread.
 * Loaded only when the worker is asked to record, so a worker that is not starts no JFR code.
 */
public final class WorkerRecording {
    private final String name;
    private Recording recording;
    private int files;

    public WorkerRecording(String name) {
        this.name = name;
    }

    public boolean isRecording() {
        return recording != null;
    }

    /** Starts recording as {@code spec} says (stops first a recording under another spec); null stops. */
    public void apply(RecordingSpec spec) {
        stop();
        if (spec == null) {
            return;
        }
        try {
            Path directory = Path.of(spec.directory());
            Files.createDirectories(directory);
            String file = name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + dev.mp4j.internal.runtime.Pids.self()
                    + (files == 0 ? "" : "-" + files) + ".jfr";
            files++;
            Recording started = new Recording(spec.settings());
            started.setName("mp4j-" + name);
            started.setToDisk(true);
            started.setDumpOnExit(true);
            started.setDestination(directory.resolve(file));
            started.start();
            recording = started;
        } catch (IOException | RuntimeException e) {
            System.err.println("mp4j worker " + name + ": cannot record into " + spec.directory() + ": " + e);
        }
    }

    /** Stops the recording, which writes its file. */
    public void stop() {
        Recording running = recording;
        recording = null;
        if (running != null) {
            try {
                running.stop();
            } catch (RuntimeException e) {
                System.err.println("mp4j worker " + name + ": writing its recording failed: " + e);
            } finally {
                running.close();
            }
        }
    }
}
