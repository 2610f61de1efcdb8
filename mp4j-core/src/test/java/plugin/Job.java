package plugin;

import dev.mp4j.function.SerializableCallable;
import dev.mp4j.function.SerializableRunnable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A task class that tests load again through a class loader of their own (as a plugin system or
 * a code generator would), to see what mp4j does with classes that are not on its class path.
 */
public class Job implements SerializableRunnable, SerializableCallable<String> {
    private final String marker;

    public Job(String marker) {
        this.marker = marker;
    }

    @Override
    public void run() {
        try {
            Files.writeString(Path.of(marker), "ran");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String call() {
        return "job";
    }
}
