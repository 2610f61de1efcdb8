/**
 * Shared memory: typed {@link dev.mp4j.shm.Value}s and {@link dev.mp4j.shm.Array}s of every ctypes
 * {@link dev.mp4j.shm.TypeCode} with atomic operations, slices and an optional lock (Python's
 * {@code Value}/{@code Array}, {@code RawValue}/{@code RawArray}), raw named
 * {@link dev.mp4j.shm.SharedMemory} segments and {@link dev.mp4j.shm.ShareableList}s (Python's
 * {@code shared_memory} module), and a {@link dev.mp4j.shm.SharedMemoryManager} that releases what
 * it created at shutdown. All are files in {@code /dev/shm} mapped with {@code java.lang.foreign};
 * the creator's are removed when it closes them or dies.
 */
package dev.mp4j.shm;
