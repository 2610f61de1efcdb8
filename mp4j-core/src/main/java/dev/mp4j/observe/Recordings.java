package dev.mp4j.observe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
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
 * start times), except that a file whose first chunk repeats the previous file's metadata id gets
 * another id (JFR parsers would otherwise read it with the other JVM's event types). Every mp4j
 * event names its pool and worker pid.
 *
 * <p>Mission Control reads each chunk with its own JVM's clock, so every event lands at its true
 * time (tested with Mission Control's parser). The JDK's own {@code jfr print} (JDK 25) converts the
 * timestamps of every chunk with the first chunk's clock, which is right only for chunks of one
 * JVM: in a merged file it shows a worker's events shifted by the gap between the two JVMs' starts.
 * Print a worker's own file to see its times with {@code jfr}; counts ({@code jfr summary}) are right.
 */
public final class Recordings {
    private static final byte[] MAGIC = {'F', 'L', 'R', 0};
    private static final int MAGIC_INT = 0x464C5200;
    /** magic, version, size, constant pool and metadata offsets, start, duration, start ticks, tick rate, flags. */
    private static final int HEADER_SIZE = 68;
    private static final int CHUNK_SIZE_OFFSET = 8;
    private static final int METADATA_POSITION_OFFSET = 24;
    private static final int MAX_VARINT = 9;
    private static final long NO_METADATA = Long.MIN_VALUE;
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
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long previousMetadataId = NO_METADATA;
            for (int index : order) {
                Path file = ordered.get(index);
                try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
                    previousMetadataId = copyChunks(in, out, previousMetadataId);
                }
                written.add(file);
            }
        }
        Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
        return written;
    }

    /**
     * Copies the chunks of one recording file, and returns the metadata id of the last one written.
     *
     * <p>A JFR parser (the JDK's {@code RecordingFile}, {@code jfr print}) keeps the previous chunk's
     * event types when the next chunk's metadata event carries the same metadata id. Ids count a
     * JVM's metadata changes, so two JVMs often carry the same one with different types: the second
     * JVM's events would be read with the first's types (and mp4j's worker-only events dropped). The
     * first chunk of a file whose id repeats the previous file's is written with another id of the
     * same encoded length, one that no chunk of the file uses, so the parser reads its own types.
     */
    private static long copyChunks(FileChannel in, FileChannel out, long previousMetadataId) throws IOException {
        long size = in.size();
        long chunkStart = 0;
        boolean first = true;
        long lastId = NO_METADATA;
        List<long[]> chunks = new ArrayList<>(); // {start, end, id position, id length, id}
        while (chunkStart + HEADER_SIZE <= size) {
            ByteBuffer header = readAt(in, chunkStart, HEADER_SIZE);
            long chunkSize = header.getLong(CHUNK_SIZE_OFFSET);
            long metadataPosition = header.getLong(METADATA_POSITION_OFFSET);
            if (header.getInt(0) != MAGIC_INT || chunkSize <= HEADER_SIZE || chunkStart + chunkSize > size
                    || metadataPosition <= 0 || metadataPosition >= chunkSize) {
                break; // a chunk still being written: copied as it is
            }
            ByteBuffer metadata = readAt(in, chunkStart + metadataPosition,
                    (int) Math.min(MAX_VARINT * 5, chunkSize - metadataPosition));
            long[] field = metadataIdField(metadata);
            chunks.add(new long[] {chunkStart, chunkStart + chunkSize, field == null ? -1 : chunkStart + metadataPosition + field[0],
                    field == null ? 0 : field[1], field == null ? NO_METADATA : field[2]});
            chunkStart += chunkSize;
        }
        long copied = 0;
        for (long[] chunk : chunks) {
            long idPosition = chunk[2];
            if (first && idPosition >= 0 && chunk[4] == previousMetadataId) {
                long replacement = unusedId(chunks, (int) chunk[3], previousMetadataId);
                transfer(in, copied, idPosition - copied, out);
                ByteBuffer encoded = encode(replacement, (int) chunk[3]);
                while (encoded.hasRemaining()) {
                    out.write(encoded);
                }
                copied = idPosition + chunk[3];
                lastId = replacement;
            } else {
                lastId = chunk[4];
            }
            first = false;
        }
        transfer(in, copied, size - copied, out);
        return chunks.isEmpty() ? NO_METADATA : lastId;
    }

    /** {offset, length, value} of the metadata id in a metadata event (size, type id 0, start, duration, id), or null. */
    private static long[] metadataIdField(ByteBuffer event) {
        int position = 0;
        for (int field = 0; field < 5; field++) {
            long value = 0;
            int length = 0;
            while (true) {
                if (position >= event.limit() || length == MAX_VARINT) {
                    return null;
                }
                int b = event.get(position++) & 0xFF;
                if (length == MAX_VARINT - 1) { // the ninth byte holds eight bits
                    value |= (long) b << 56;
                    length++;
                    break;
                }
                value |= (long) (b & 0x7F) << (7 * length);
                length++;
                if (b < 0x80) {
                    break;
                }
            }
            if (field == 1 && value != 0) {
                return null; // not a metadata event
            }
            if (field == 4) {
                return new long[] {position - length, length, value};
            }
        }
        return null;
    }

    /** An id encodable in {@code length} bytes that differs from {@code avoid} and from every chunk's own id. */
    private static long unusedId(List<long[]> chunks, int length, long avoid) {
        long limit = length >= MAX_VARINT ? Long.MAX_VALUE : (1L << (7 * length)) - 1;
        for (long candidate = limit; candidate >= 0; candidate--) {
            long c = candidate;
            if (c != avoid && chunks.stream().noneMatch(chunk -> chunk[4] == c)) {
                return c;
            }
        }
        throw new IllegalStateException("no free metadata id"); // a file has fewer chunks than 127 ids
    }

    /** {@code value} as a JFR varint of exactly {@code length} bytes (continuation bits on all but the last). */
    private static ByteBuffer encode(long value, int length) {
        ByteBuffer bytes = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            boolean last = i == length - 1;
            if (i == MAX_VARINT - 1) {
                bytes.put((byte) (value >>> 56));
            } else {
                bytes.put((byte) (((value >>> (7 * i)) & 0x7F) | (last ? 0 : 0x80)));
            }
        }
        return bytes.flip();
    }

    private static ByteBuffer readAt(FileChannel in, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (in.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }

    private static void transfer(FileChannel in, long position, long count, FileChannel out) throws IOException {
        long done = 0;
        while (done < count) {
            long moved = in.transferTo(position + done, count - done, out);
            if (moved <= 0) {
                throw new IOException("recording ended while it was copied");
            }
            done += moved;
        }
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
