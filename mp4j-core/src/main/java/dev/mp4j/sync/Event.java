package dev.mp4j.sync;

import dev.mp4j.internal.shm.Futex;
import dev.mp4j.internal.shm.SharedSegment;
import dev.mp4j.internal.shm.Words;
import dev.mp4j.internal.sync.Deadline;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Objects;

/**
 * A flag that threads and processes can wait for: Python's {@code Event}. {@link #set()} wakes every
 * waiter; {@link #clear()} resets the flag. {@code await} is Python's {@code wait} (the name
 * {@code wait} belongs to {@link Object}).
 *
 * <p>Layout: the flag (the futex word) and the number of sleepers; {@code set} wakes only when
 * someone sleeps. Setting happens-before the return of every {@code await} that sees it.
 *
 * <p>Thread-safe and process-safe; passed to a child process, it re-attaches there.
 */
public final class Event implements Serializable {
    private static final long FLAG = 0;
    private static final long SLEEPERS = 4;
    private final transient SharedSegment segment;
    private final transient MemorySegment memory;

    private Event(SharedSegment segment) {
        this.segment = segment;
        this.memory = segment.segment();
    }

    /**
     * A new event, not set (Python's {@code Event()}).
     *
     * @return the event
     */
    public static Event create() {
        return new Event(SharedSegment.create(64));
    }

    /**
     * Python's {@code is_set()}.
     *
     * @return true when the flag is set
     */
    public boolean isSet() {
        return Words.getInt(memory, FLAG) != 0;
    }

    /** Python's {@code set()}: sets the flag and wakes every waiter, in every process. */
    public void set() {
        Words.setInt(memory, FLAG, 1);
        if (Words.getInt(memory, SLEEPERS) > 0) {
            Futex.wake(memory, FLAG, Integer.MAX_VALUE);
        }
    }

    /** Python's {@code clear()}: resets the flag; later {@code await}s block until the next set. */
    public void clear() {
        Words.setInt(memory, FLAG, 0);
    }

    /**
     * Python's {@code wait()}: blocks until the flag is set; returns at once when it is.
     *
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public void await() throws InterruptedException {
        await(Deadline.never());
    }

    /**
     * Python's {@code wait(timeout)}: blocks at most {@code timeout} until the flag is set.
     *
     * @param timeout how long to wait
     * @return the flag: false when the timeout elapsed first
     * @throws InterruptedException when the calling thread is interrupted while waiting
     * @throws NullPointerException when {@code timeout} is null
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return await(Deadline.after(Objects.requireNonNull(timeout, "timeout")));
    }

    private boolean await(Deadline deadline) throws InterruptedException {
        while (!isSet()) {
            if (deadline.expired()) {
                return false;
            }
            Words.getAndAddInt(memory, SLEEPERS, 1);
            try {
                Futex.wait(memory, FLAG, 0, deadline.sliceNanos());
            } finally {
                Words.getAndAddInt(memory, SLEEPERS, -1);
            }
            Deadline.checkInterrupt();
        }
        return true;
    }

    @Override
    public String toString() {
        return "<Event " + segment.name() + (isSet() ? " set>" : " unset>");
    }

    /**
     * Replaces the object with a handle naming its shared segment, which re-attaches to the same
     * object when deserialized in another process.
     *
     * @return the handle
     */
    @Serial
    private Object writeReplace() {
        return new Handle(segment.name());
    }

    /**
     * What crosses a process boundary in place of the object. A plain class, not a record: a
     * fresh JVM deserializes a record through a method-handle tree it spins first (~40 ms).
     */
    private static final class Handle implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        private final String segment;

        Handle(String segment) {
            this.segment = segment;
        }

        @Serial
        private Object readResolve() {
            return new Event(SharedSegment.open(segment));
        }
    }
}
