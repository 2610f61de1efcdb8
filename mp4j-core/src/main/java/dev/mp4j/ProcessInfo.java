package dev.mp4j;

/**
 * A snapshot describing a process: what {@link Multiprocessing#currentProcess()} and
 * {@link Multiprocessing#parentProcess()} return.
 *
 * @param name the process name ("MainProcess" for the JVM the user started)
 * @param pid the OS process id (on the thread engines, the pid of the JVM they run in)
 * @param daemon whether the process is a daemon
 * @param engine the engine it runs on
 */
public record ProcessInfo(String name, long pid, boolean daemon, Engine engine) {
}
