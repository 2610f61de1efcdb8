/**
 * Synchronization shared by threads and processes: Python's {@code Lock}, {@code RLock},
 * {@code Semaphore}, {@code BoundedSemaphore}, {@code Event}, {@code Condition} and {@code Barrier}.
 *
 * <p>Every object lives in a shared-memory segment ({@code /dev/shm}) and works the same between
 * threads of one JVM and between processes: capture it in a child {@code Process}'s target and it
 * re-attaches there. Blocked threads sleep on futexes (no spinning beyond a few microseconds). A
 * lock whose holder process died is reported to the next acquirer with
 * {@link dev.mp4j.sync.LockOwnerDiedException} instead of blocking everyone forever.
 *
 * <p>Python names that clash with {@link java.lang.Object}'s methods are renamed:
 * {@code wait} is {@code await}, {@code notify}/{@code notify_all} are {@code signal}/{@code signalAll}.
 * {@link dev.mp4j.sync.Lock} and {@link dev.mp4j.sync.RLock} are also
 * {@link java.util.concurrent.locks.Lock}s; Python's {@code BrokenBarrierError} is
 * {@link java.util.concurrent.BrokenBarrierException}.
 */
package dev.mp4j.sync;
