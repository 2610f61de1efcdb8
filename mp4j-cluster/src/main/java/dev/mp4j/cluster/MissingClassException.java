package dev.mp4j.cluster;

/**
 * A task needed a class that is not on a cluster worker's class path. Workers load application
 * classes from their own class path (Redisson ships only the bytes of the task class itself, which
 * for mp4j is its own envelope), so every worker must be started with the application's jar.
 */
public final class MissingClassException extends RuntimeException {
    /** The missing class's name. */
    private final String className;
    /** The worker that lacked it, {@code host/pid}. */
    private final String worker;

    /**
     * Creates the exception; its message says how to start the workers.
     *
     * @param className the missing class's name
     * @param worker    the worker JVM that lacked it, as {@code host/pid}
     * @param cause     the worker's {@link ClassNotFoundException} or linkage error
     */
    public MissingClassException(String className, String worker, Throwable cause) {
        super("class " + className + " is not on the class path of cluster worker " + worker
                + ": start every worker with the jar that contains it (java -cp app.jar:<mp4j jars> dev.mp4j.cluster.ClusterWorker"
                + " --redis ..., or ./mp4j worker when the class is part of mp4j-examples)", cause);
        this.className = className;
        this.worker = worker;
    }

    /**
     * The class the worker could not load.
     *
     * @return its binary name
     */
    public String className() {
        return className;
    }

    /**
     * The worker JVM that lacked it.
     *
     * @return its id, {@code host/pid}
     */
    public String worker() {
        return worker;
    }
}
