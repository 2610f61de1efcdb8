package dev.mp4j.pool;

import dev.mp4j.sync.Event;

/**
 * An {@link Event} tasks wait on, set when the test's try block ends: declared after the pool in
 * a try-with-resources, it is closed first, so a failed assertion never leaves a task waiting and
 * the pool's close waiting for it.
 */
final class Gate implements AutoCloseable {
    final Event event = Event.create();

    @Override
    public void close() {
        event.set();
    }
}
