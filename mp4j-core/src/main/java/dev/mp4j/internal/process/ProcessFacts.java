package dev.mp4j.internal.process;

import dev.mp4j.Engine;

/**
 * What the engines know about a process, from which {@code Multiprocessing} builds the public
 * {@code ProcessInfo}: its name, pid, daemon flag and engine, and for a process that is a thread of
 * this JVM that thread (null for a whole JVM).
 */
public record ProcessFacts(String name, long pid, boolean daemon, Engine engine, Thread thread) {
}
