/**
 * Shared memory: typed {@link dev.mp4j.shm.Value}s and {@link dev.mp4j.shm.Array}s with atomic
 * operations and an optional lock (Python's {@code Value}/{@code Array}, {@code RawValue}/
 * {@code RawArray}), and raw named {@link dev.mp4j.shm.SharedMemory} segments (Python's
 * {@code shared_memory.SharedMemory}). All are files in {@code /dev/shm} mapped with
 * {@code java.lang.foreign}; the creator's are removed when it closes them or dies.
 */
package dev.mp4j.shm;
