package dev.mp4j.manager;

import java.time.Duration;

/** A flag held by a manager server ({@code manager.Event()}): threads wait until it is set. */
public interface SharedEvent {

    void set();

    void clear();

    boolean isSet();

    /** Waits until the flag is set. */
    void await() throws InterruptedException;

    /** Waits at most {@code timeout}; returns the flag (true if it was set in time). */
    boolean await(Duration timeout) throws InterruptedException;
}
