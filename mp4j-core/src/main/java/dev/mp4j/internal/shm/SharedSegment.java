package dev.mp4j.internal.shm;

import dev.mp4j.internal.runtime.ResourceTracker;
import dev.mp4j.internal.runtime.RunDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A named file in {@code /dev/shm} (this JVM's run directory when {@code /dev/shm} is missing),
 * mode 0600, mapped read-write into this process: the memory that mp4j's cross-process objects
 * live in.
 *
 * <p>The creating instance is the owner: the file is registered with the {@link ResourceTracker}
 * (so a killed owner leaks nothing) and is unlinked by {@link #unlink()}, by {@link #close()} or when
 * the owner instance becomes unreachable. Other processes {@link #open} the file by name; their
 * mapping stays valid after the file is unlinked. Mappings are released by the garbage collector
 * (an automatic arena), so a segment is never unmapped under a thread still using it.
 *
 * <p>Thread-safe. Memory ordering is the caller's business: use {@link Words} for shared words.
 */
public final class SharedSegment {
    /** Every segment name mp4j generates starts with this prefix followed by the creator's pid. */
    public static final String PREFIX = "mp4j-";
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final Cleaner CLEANER = Cleaner.create();

    private final String name;
    private final Path path;
    private final MemorySegment segment;
    private final boolean owner;
    private final AtomicBoolean unlinked = new AtomicBoolean();
    private final Cleaner.Cleanable cleanable;

    private SharedSegment(String name, Path path, MemorySegment segment, boolean owner) {
        this.name = name;
        this.path = path;
        this.segment = segment;
        this.owner = owner;
        this.cleanable = owner ? CLEANER.register(this, new Unlinker(path, unlinked)) : null;
    }

    /** The directory segments live in: {@code /dev/shm} when it is a writable directory. */
    public static Path directory() {
        return Directory.PATH;
    }

    /**
     * The first 8 bytes of the segment {@code name} (in {@link #directory()}) as a read-write
     * {@link java.nio.ByteBuffer} in native order, mapped in an automatic arena: a word another
     * process reads, written with plain buffer stores, without the layouts and var handles of
     * {@code Words} and without {@code FileChannel.map}'s buffer form, which builds a reflective
     * constructor (each cost a cold pool worker several percent of its start-up). The AOT cache's
     * training child maps one, so that a pool worker finds these classes in the cache.
     */
    public static java.nio.ByteBuffer mapWord(String name) throws java.io.IOException {
        Path path = directory().resolve(name);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            return channel.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, Long.BYTES, java.lang.foreign.Arena.ofAuto())
                    .asByteBuffer().order(java.nio.ByteOrder.nativeOrder());
        }
    }

    private static final class Directory {
        static final Path PATH = choose();

        private static Path choose() {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : RunDirectory.path();
        }
    }

    /** A fresh name nobody can guess: {@code mp4j-<pid>-<random>}. */
    public static String generateName() {
        return PREFIX + dev.mp4j.internal.runtime.Pids.self() + "-" + RunDirectory.randomToken(8);
    }

    /** Creates and maps a new zero-filled segment of {@code size} bytes. */
    public static SharedSegment create(String name, long size) {
        checkName(name);
        if (size <= 0) {
            throw new IllegalArgumentException("shared memory size must be positive, not " + size);
        }
        long mapped = size;
        Path path = directory().resolve(name);
        checkRoom(path.getParent(), size);
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException("a shared memory segment named '" + name + "' already exists in "
                    + path.getParent() + ": choose another name or open it", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shared memory segment " + path + ": " + e.getMessage(), e);
        }
        ResourceTracker.register(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.truncate(mapped);
            channel.write(java.nio.ByteBuffer.allocate(1), mapped - 1);
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, mapped, Arena.ofAuto());
            return new SharedSegment(name, path, segment, true);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the tracker removes it
            }
            throw new UncheckedIOException("cannot size or map shared memory segment " + path + ": " + e.getMessage(), e);
        }
    }

    /** Segments up to this size are not checked against the free space (every pool worker makes an 8-byte one). */
    private static final long CHECKED_FROM = 1 << 20;

    /**
     * Refuses a segment larger than the free space of the file system it lives in ({@code /dev/shm},
     * a tmpfs): the file is sparse, so creating it succeeds, and the first write past the space
     * faults (an {@code InternalError} "a fault occurred in an unsafe memory access", or a worker's
     * death) far from the cause. A container's {@code /dev/shm} is 64 MiB unless made larger. Other
     * programs may take space after the check: it catches the common mistake, not every race.
     */
    static void checkRoom(Path directory, long size) {
        if (size < CHECKED_FROM) {
            return;
        }
        long free;
        try {
            free = Files.getFileStore(directory).getUsableSpace();
        } catch (IOException e) {
            return; // no figure to check against
        }
        if (size > free) {
            String message = "cannot create a shared memory segment of " + mebibytes(size)
                    + " in " + directory + ": it has " + mebibytes(free) + " free, and writing past that would fault."
                    + " Free some of it, use a smaller segment, or give the machine a larger " + directory
                    + " (a container's is 64 MiB by default: docker run --shm-size=1g, or size= on its tmpfs mount)";
            throw new UncheckedIOException(message, new IOException(message));
        }
    }

    private static String mebibytes(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /** Creates a segment with a {@link #generateName() generated name}. */
    public static SharedSegment create(long size) {
        return create(generateName(), size);
    }

    /** Maps an existing segment created by this or another process. */
    public static SharedSegment open(String name) {
        checkName(name);
        Path path = directory().resolve(name);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, Arena.ofAuto());
            return new SharedSegment(name, path, segment, false);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("no shared memory segment named '" + name + "' in " + path.getParent()
                    + ": its creating process has closed it, let it be garbage-collected, or died (keep the object"
                    + " reachable in its creator while other processes may still attach to it), or it was created on"
                    + " another machine: shared memory and the locks, queues and pipes built on it work only between"
                    + " processes of one machine, not on Engine.CLUSTER", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map shared memory segment " + path + ": " + e.getMessage(), e);
        }
    }

    private static void checkName(String name) {
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid shared memory name '" + name
                    + "': use 1-200 characters among letters, digits, '.', '_' and '-'");
        }
    }

    public String name() {
        return name;
    }

    public Path path() {
        return path;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long size() {
        return segment.byteSize();
    }

    public boolean isOwner() {
        return owner;
    }

    /** Removes the file (any process may); existing mappings stay valid. Idempotent. */
    public void unlink() {
        if (unlinked.compareAndSet(false, true)) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unlink shared memory segment " + path + ": " + e.getMessage(), e);
            }
        }
    }

    /** The owner unlinks the file; others do nothing (their mapping is released by the GC). */
    public void close() {
        if (owner) {
            unlink();
            cleanable.clean();
        }
    }

    @Override
    public String toString() {
        return "SharedSegment[" + name + ", " + size() + " bytes" + (owner ? ", owner" : "") + "]";
    }

    private record Unlinker(Path path, AtomicBoolean unlinked) implements Runnable {
        @Override
        public void run() {
            if (unlinked.compareAndSet(false, true)) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // the resource tracker removes it when this JVM exits
                }
            }
        }
    }
}
