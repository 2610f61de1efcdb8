package dev.mp4j.internal.pool;

/** How a worker applies a job's function to the job's items. */
public enum TaskKind {
    /** the function is a Callable; no items; one result. */
    CALL,
    /** the function is a Function applied to each item. */
    MAP,
    /** the function is a BiFunction applied to each item, a Map.Entry of its two arguments. */
    STARMAP,
    /** the function is a SerializableFunction3 or SerializableFunction4 applied to each item, a List of its arguments. */
    STARMAP_N;

    static final TaskKind[] VALUES = values();
}
