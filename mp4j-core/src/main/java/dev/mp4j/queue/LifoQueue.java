package dev.mp4j.queue;

import java.util.ArrayDeque;
import java.util.Collection;

/** A last-in first-out queue for the threads of this JVM: Python's {@code queue.LifoQueue}. */
public final class LifoQueue<E> extends LocalQueue<E> {
    private final ArrayDeque<E> stack = new ArrayDeque<>();

    private LifoQueue(int maxsize) {
        super(maxsize);
    }

    public static <E> LifoQueue<E> create() {
        return new LifoQueue<>(0);
    }

    /** At most {@code maxsize} items (0 or less: no limit). */
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
