/**
 * Queues: Python's {@code multiprocessing} queues and its {@code queue} module.
 *
 * <ul>
 * <li>{@link dev.mp4j.queue.Queue}, {@link dev.mp4j.queue.JoinableQueue} and
 *     {@link dev.mp4j.queue.SimpleQueue}: shared by threads and processes (items are copies, in
 *     shared memory); {@code Queue} is also a {@link java.util.concurrent.BlockingQueue}.</li>
 * <li>{@link dev.mp4j.queue.LifoQueue} and {@link dev.mp4j.queue.PriorityQueue}: for the threads
 *     of one JVM (items by reference), Python's {@code queue.LifoQueue} and
 *     {@code queue.PriorityQueue}.</li>
 * </ul>
 *
 * <p>Python's {@code queue.Empty} and {@code queue.Full} are {@link dev.mp4j.queue.QueueEmptyException}
 * and {@link dev.mp4j.queue.QueueFullException}. No queue takes null: put a sentinel object where
 * Python puts {@code None}.
 */
package dev.mp4j.queue;
