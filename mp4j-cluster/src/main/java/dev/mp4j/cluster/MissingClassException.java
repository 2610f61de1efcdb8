package dev.mp4j.cluster;

/**
 * A task needed a class that is not on a cluster worker's class path. Workers load application
 * classes from their own class path (Redisson ships only the bytes of the task class itself, which
 * for mp4j is its own envelope), so every worker must be started with the application's jar.
 */
public final class MissingClassException extends RuntimeException {
    private final String className;
    private final String worker;

    public MissingClassException(String className, String worker, Throwable cause) {
        super("class " + className + " is not on the class path of cluster worker " + worker
                + ": start every worker with the jar that contains it (java -cp app.jar:<mp4j jars> dev.mp4j.cluster.ClusterWorker"
                + " --redis ..., or ./mp4j worker when the class is part of mp4j-examples)", cause);
        this.className = className;
        this.worker = worker;
    }

    /** The missing class's name. */
    public String className() {
        return className;
    }

    /** The worker JVM that lacked it, as {@code host/pid}. */
    public String worker() {
        return worker;
    }
}
