package dev.mp4j.internal.queue;

import dev.mp4j.SerializationException;
import dev.mp4j.internal.connection.NativeIo;
import dev.mp4j.internal.runtime.ResourceTracker;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.transport.FrameChannel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Queue items too large for their ring, each carried out of line in a file of its own: the ring
 * holds a short reference record ({@link #MARKER} and the file's name) in the item's place, so
 * the item keeps its position, counts as one item for {@code maxsize} and is taken exactly once.
 * The only limits are memory and {@code -Dmp4j.maxFrameBytes}.
 *
 * <p>The files live in a directory of the queue's own, next to its ring segment, created with mode
 * 0700 by the process that creates the queue, before the ring's name is visible, so that no other
 * user can slip a directory or link in its place. A producer writes the file and then publishes the
 * reference; the consumer that takes the reference reads the file (its size is checked against the
 * frame limit before anything is allocated) and deletes it. Files outlive the producer (an item put
 * by a process that has since exited still arrives, as with Python's pipe); the directory and any
 * file nobody took are removed with the queue: when its creating instance becomes unreachable, and,
 * if the creator dies, by its resource tracker.
 *
 * <p>A consumer does not delete a file it has read but renames it to one of {@value #SPARE_FILES}
 * spare names (replacing the spare there, which the rename frees), and a producer claims a spare by
 * renaming it to its item's name before it overwrites it: a file's pages are reused instead of being
 * allocated, zeroed and freed for every item. Renames are atomic, so a spare goes to one producer.
 * A file is recycled only up to {@value #RECYCLE_LIMIT} bytes; the spares are removed with the
 * directory. A reader that did not take the item ({@code peek}) checks that the item was still
 * untaken after it read it, since a taken file may be reused.
 *
 * <p>Thread-safe and process-safe: every file is written by one producer and read by one consumer.
 */
public final class OutOfLineItems {
    /** First byte of a reference record: a value the codec never writes first. */
    static final byte MARKER = 0x7E;
    /** Second byte: the file holds an encoded item. */
    static final byte ENCODED = 'E';
    /** Second byte: the file holds the bytes of a {@code byte[]} item as they are (no encoding, no copy). */
    static final byte RAW_BYTES = 'B';
    private static final int NAME_BYTES = 16;
    static final int SPARE_FILES = 2;
    static final long RECYCLE_LIMIT = 16L << 20;
    private static final String SPARE = "spare-";
    /** Length of a reference record's payload: the marker, the kind and the name in hex. */
    static final int REFERENCE_LENGTH = 2 + 2 * NAME_BYTES;

    /** What a reference stood for: the file's bytes, and whether they are an encoded item or a raw {@code byte[]}. */
    record Loaded(byte[] bytes, boolean raw) {
    }
    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("mp4j-queue-cleaner").factory());

    private final Path directory;

    private OutOfLineItems(Path directory) {
        this.directory = directory;
    }

    static Path directoryOf(String ringName) {
        return SharedSegment.directory().resolve(ringName + ".items");
    }

    /** Creates the directory of a new queue (call before creating its ring); removed when {@code owner} is unreachable. */
    static OutOfLineItems create(String ringName) {
        Path directory = directoryOf(ringName);
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of a queue's large items, " + directory + ": "
                    + e.getMessage(), e);
        }
        ResourceTracker.register(directory);
        return new OutOfLineItems(directory);
    }

    /** The items of an existing queue. */
    static OutOfLineItems open(String ringName) {
        return new OutOfLineItems(directoryOf(ringName));
    }

    /** Removes the directory and every item left in it when {@code owner} becomes unreachable. */
    void removeWith(Object owner) {
        Path path = directory;
        CLEANER.register(owner, () -> deleteTree(path));
    }

    /** Removes the directory and its files, skipping those a reader removed meanwhile. */
    static void deleteTree(Path directory) {
        dev.mp4j.internal.runtime.RunDirectory.deleteTree(directory);
    }

    /**
     * Writes {@code length} bytes of {@code bytes} from {@code offset} to a new file and returns its
     * reference record, with 4 bytes reserved in front like every record.
     *
     * @param kind {@link #ENCODED} or {@link #RAW_BYTES}
     */
    byte[] store(byte[] bytes, int offset, int length, byte kind) {
        byte[] random = new byte[NAME_BYTES];
        ThreadLocalRandom.current().nextBytes(random);
        String name = HexFormat.of().formatHex(random);
        Path file = directory.resolve(name);
        try {
            if (!claimSpare(file)) {
                NativeIo.createFile(file, bytes, offset, length);
            } else {
                NativeIo.overwriteFile(file, bytes, offset, length);
            }
        } catch (IOException e) {
            delete(name);
            throw new UncheckedIOException("cannot store a queue item of " + length + " bytes out of line in "
                    + directory + ": " + e.getMessage() + " (is /dev/shm full?)", e);
        }
        byte[] reference = new byte[4 + REFERENCE_LENGTH];
        reference[4] = MARKER;
        reference[5] = kind;
        System.arraycopy(name.getBytes(StandardCharsets.US_ASCII), 0, reference, 6, 2 * NAME_BYTES);
        return reference;
    }

    /** Renames a spare file to {@code file}; false when there is none to take. */
    private boolean claimSpare(Path file) {
        int first = ThreadLocalRandom.current().nextInt(SPARE_FILES);
        for (int i = 0; i < SPARE_FILES; i++) {
            try {
                Files.move(directory.resolve(SPARE + (first + i) % SPARE_FILES), file, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (IOException takenOrAbsent) {
                // another producer took it, or there is none yet
            }
        }
        return false;
    }

    /** Keeps a file whose item was taken as a spare (replacing one), or deletes it when it is too large. */
    private void recycle(String name, long size) {
        if (size <= RECYCLE_LIMIT) {
            try {
                Files.move(directory.resolve(name), directory.resolve(SPARE + ThreadLocalRandom.current().nextInt(SPARE_FILES)),
                        StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (IOException e) {
                // delete it instead
            }
        }
        delete(name);
    }

    /** True when {@code payload} (a record without its length) is a reference record. */
    static boolean isReference(byte[] payload) {
        return payload.length > 0 && payload[0] == MARKER;
    }

    /** Drops the item a reference record stands for (its put did not happen). */
    void discard(byte[] reference) {
        delete(new String(reference, 6, 2 * NAME_BYTES, StandardCharsets.US_ASCII));
    }

    /**
     * The encoded item a reference stands for; {@code remove} deletes its file (a take, not a peek).
     *
     * @throws SerializationException for a malformed reference, a missing file or one over the frame limit
     */
    Loaded load(byte[] payload, boolean remove) throws NoSuchFileException {
        String name = nameOf(payload);
        Path file = directory.resolve(name);
        byte[] item;
        try {
            item = NativeIo.readFile(file, FrameChannel.DEFAULT_MAX_FRAME_BYTES);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new SerializationException("cannot take a queue item stored out of line: " + e.getMessage()
                    + " (-Dmp4j.maxFrameBytes sets the limit; refused before allocation)", e);
        }
        if (remove) {
            recycle(name, item.length);
        }
        return new Loaded(item, payload[1] == RAW_BYTES);
    }

    private static String nameOf(byte[] payload) {
        if (payload.length != REFERENCE_LENGTH || payload[0] != MARKER || (payload[1] != ENCODED && payload[1] != RAW_BYTES)) {
            throw new SerializationException("malformed queue record: it starts like a reference to an item stored out of line"
                    + " but is " + payload.length + " bytes long, of kind " + (payload.length > 1 ? payload[1] : -1));
        }
        for (int i = 2; i < payload.length; i++) {
            byte b = payload[i];
            if (!(b >= '0' && b <= '9' || b >= 'a' && b <= 'f')) {
                throw new SerializationException("malformed queue record: a reference to an item stored out of line with a"
                        + " name that is not lower-case hex");
            }
        }
        return new String(payload, 2, payload.length - 2, StandardCharsets.US_ASCII);
    }

    private void delete(String name) {
        try {
            Files.deleteIfExists(directory.resolve(name));
        } catch (IOException ignored) {
            // removed with the directory
        }
    }

    /** The number of items stored out of line and not yet taken (for tests). */
    public long count() {
        try (var files = Files.list(directory)) {
            return files.filter(f -> !f.getFileName().toString().startsWith(SPARE)).count();
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return directory;
    }
}
