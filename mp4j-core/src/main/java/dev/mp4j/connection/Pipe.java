package dev.mp4j.connection;

import dev.mp4j.internal.pipe.PipeConnection;

/**
 * The two ends of a pipe: Python's {@code multiprocessing.Pipe()}. Both ends live in shared
 * memory, so they work between threads and between processes alike: pass an end to a child
 * {@code Process} (as part of its target) and it re-attaches there.
 *
 * <pre>{@code
 * Pipe pipe = Pipe.create();
 * Process child = Process.of(() -> { pipe.second().send("hello"); pipe.second().close(); });
 * child.start();
 * pipe.second().close();                  // as in Python: close the copy this process does not use
 * System.out.println(pipe.first().recv()); // "hello"; the next recv() throws EOFException
 * }</pre>
 *
 * <p>An end stays open while any live process holds it (or a handle to it is on its way to a
 * process); {@code recv} throws {@link java.io.EOFException} once every holder of the other end has
 * closed it or died and every message sent before has been received. Sending to an end whose peer
 * is closed throws an {@link java.io.IOException} (Python's {@code BrokenPipeError}).
 *
 * @param first  for a one-way pipe, the end that receives
 * @param second for a one-way pipe, the end that sends
 */
public record Pipe(Connection first, Connection second) {

    /**
     * A duplex pipe: both ends send and receive (Python's {@code Pipe()}).
     *
     * @return the two connected ends
     */
    public static Pipe create() {
        return create(true);
    }

    /**
     * A pipe (Python's {@code Pipe(duplex)}).
     *
     * @param duplex true for a two-way pipe; false for one where {@link #first} only receives and
     *               {@link #second} only sends
     * @return the two connected ends
     */
    public static Pipe create(boolean duplex) {
        Connection[] ends = PipeConnection.createPair(duplex);
        return new Pipe(ends[0], ends[1]);
    }
}
