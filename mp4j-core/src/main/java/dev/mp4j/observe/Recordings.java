package dev.mp4j.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Joins the flight recordings of a program and of its worker JVMs into one file that JDK Mission
 * Control and {@code jfr print}/{@code jfr summary} open as one recording.
 *
 * <p>While a program records (or runs with {@code -Dmp4j.jfr=DIR}), each pool worker JVM records
 * its own events into a file of its own: {@code DIR/<worker>-<pid>.jfr}, in the directory of the
 * program's recording file, or {@code java.io.tmpdir/mp4j-jfr-<program pid>} when that recording has
 * no file yet. A recording file is a sequence of self-contained chunks, so joining is what the
 * {@code jfr assemble} tool does: the files' chunks one after the other (here in the order of their
 * start times). Every mp4j event names its pool and worker pid.
 *
 * <p>Mission Control reads each chunk with its own JVM's clock, so every event lands at its true
 * time (tested with Mission Control's parser). The JDK's own {@code jfr print} (JDK 25) converts the
 * timestamps of every chunk with the first chunk's clock, which is right only for chunks of one
 * JVM: in a merged file it shows a worker's events shifted by the gap between the two JVMs' starts.
 * Print a worker's own file to see its times with {@code jfr}; counts ({@code jfr summary}) are right.
 */
public final class Recordings {
    private static final byte[] MAGIC = {'F', 'L', 'R', 0};
    /** The chunk header's start time (nanoseconds since the epoch) follows magic, version, size and two offsets. */
    private static final int START_NANOS_OFFSET = 32;

    private Recordings() {
    }

    /**
     * Writes every recording found in {@code inputs} (files, and the {@code .jfr} files directly in
     * directories) into {@code output}, oldest first; {@code output} itself is skipped if listed.
     *
     * @param output the merged recording to write (replaced if it exists)
     * @param inputs recording files, and directories whose {@code .jfr} files to take
     * @return the files joined, in the order written
     * @throws IllegalArgumentException when an input does not exist or a file is not a JFR recording
     * @throws IOException when reading or writing fails
     */
    public static List<Path> merge(Path output, Collection<Path> inputs) throws IOException {
        Set<Path> files = new LinkedHashSet<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (DirectoryStream<Path> listed = Files.newDirectoryStream(input, "*.jfr")) {
                    for (Path file : listed) {
                        if (Files.isRegularFile(file)) {
                            files.add(file.toAbsolutePath().normalize());
                        }
                    }
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input.toAbsolutePath().normalize());
            } else {
                throw new IllegalArgumentException("no recording at " + input + ": name .jfr files or directories holding them");
            }
        }
        files.remove(output.toAbsolutePath().normalize());
        List<Path> ordered = new ArrayList<>(files);
        List<Long> starts = new ArrayList<>();
        for (Path file : ordered) {
            starts.add(startNanos(file));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(starts::get));
        List<Path> written = new ArrayList<>();
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path partial = output.resolveSibling(output.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(partial)) {
            for (int index : order) {
                Path file = ordered.get(index);
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(out);
                }
                written.add(file);
            }
        }
        Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
        return written;
    }

    /** The start time of the first chunk of {@code file}. */
    private static long startNanos(Path file) throws IOException {
        byte[] header;
        try (InputStream in = Files.newInputStream(file)) {
            header = in.readNBytes(START_NANOS_OFFSET + 8);
        }
        if (header.length < START_NANOS_OFFSET + 8 || header[0] != MAGIC[0] || header[1] != MAGIC[1] || header[2] != MAGIC[2]
                || header[3] != MAGIC[3]) {
            throw new IllegalArgumentException(file + " is not a JFR recording (no FLR header): is the JVM that writes it"
                    + " still recording? A worker's file is written when the recording stops or the worker exits");
        }
        return ByteBuffer.wrap(header, START_NANOS_OFFSET, 8).getLong();
    }
}
