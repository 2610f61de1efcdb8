package dev.mp4j.queue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * A lowest-first queue for the threads of this JVM: Python's {@code queue.PriorityQueue}. Items are
 * ordered by their natural order (Python puts {@code (priority, data)} tuples; use a record that
 * implements {@link Comparable}) or by a comparator. Items are passed by reference; see
 * {@link LocalQueue}.
 *
 * @param <E> the type of the items
 */
public final class PriorityQueue<E> extends LocalQueue<E> {
    private final java.util.PriorityQueue<E> heap;

    private PriorityQueue(int maxsize, Comparator<? super E> comparator) {
        super(maxsize);
        this.heap = new java.util.PriorityQueue<>(comparator);
    }

    /**
     * An unbounded priority queue in natural order (Python's {@code queue.PriorityQueue()}).
     *
     * @param <E> the type of the items, {@link Comparable}
     * @return the queue
     */
    public static <E extends Comparable<? super E>> PriorityQueue<E> create() {
        return new PriorityQueue<>(0, null);
    }

    /**
     * A priority queue in natural order of at most {@code maxsize} items (Python's
     * {@code queue.PriorityQueue(maxsize)}).
     *
     * @param <E>     the type of the items, {@link Comparable}
     * @param maxsize the item limit; 0 or less: no limit
     * @return the queue
     */
    public static <E extends Comparable<? super E>> PriorityQueue<E> create(int maxsize) {
        return new PriorityQueue<>(maxsize, null);
    }

    /**
     * A priority queue ordered by {@code comparator}, lowest first.
     *
     * @param <E>        the type of the items
     * @param maxsize    the item limit; 0 or less: no limit
     * @param comparator the order
     * @return the queue
     * @throws NullPointerException when {@code comparator} is null
     */
    public static <E> PriorityQueue<E> create(int maxsize, Comparator<? super E> comparator) {
        return new PriorityQueue<>(maxsize, java.util.Objects.requireNonNull(comparator, "comparator"));
    }

    @Override
    void store(E item) {
        heap.add(item);
    }

    @Override
    E removeNext() {
        return heap.remove();
    }

    @Override
    E peekNext() {
        return heap.peek();
    }

    @Override
    int count() {
        return heap.size();
    }

    @Override
    Collection<E> snapshot() {
        List<E> sorted = new ArrayList<>(heap);
        sorted.sort(heap.comparator() == null ? null : heap.comparator());
        return sorted;
    }
}
