package dev.mp4j.queue;

import java.util.ArrayDeque;
import java.util.Collection;

/**
 * A last-in first-out queue for the threads of this JVM: Python's {@code queue.LifoQueue}. Items
 * are passed by reference; see {@link LocalQueue}.
 *
 * @param <E> the type of the items
 */
public final class LifoQueue<E> extends LocalQueue<E> {
    private final ArrayDeque<E> stack = new ArrayDeque<>();

    private LifoQueue(int maxsize) {
        super(maxsize);
    }

    /**
     * An unbounded LIFO queue (Python's {@code queue.LifoQueue()}).
     *
     * @param <E> the type of the items
     * @return the queue
     */
    public static <E> LifoQueue<E> create() {
        return new LifoQueue<>(0);
    }

    /**
     * A LIFO queue of at most {@code maxsize} items (Python's {@code queue.LifoQueue(maxsize)}).
     *
     * @param <E>     the type of the items
     * @param maxsize the item limit; 0 or less: no limit
     * @return the queue
     */
    public static <E> LifoQueue<E> create(int maxsize) {
        return new LifoQueue<>(maxsize);
    }

    @Override
    void store(E item) {
        stack.push(item);
    }

    @Override
    E removeNext() {
        return stack.pop();
    }

    @Override
    E peekNext() {
        return stack.peek();
    }

    @Override
    int count() {
        return stack.size();
    }

    @Override
    Collection<E> snapshot() {
        return stack;
    }
}
