/**
 * Processes and the module-level functions of Python's {@code multiprocessing}, on the engine of
 * your choice.
 *
 * <ul>
 * <li>{@link dev.mp4j.Process}: Python's {@code multiprocessing.Process}; {@link dev.mp4j.Engine}
 *     says where it runs (a thread, a virtual thread, a child JVM, a cluster worker).</li>
 * <li>{@link dev.mp4j.Multiprocessing}: {@code current_process()}, {@code parent_process()},
 *     {@code active_children()}, {@code cpu_count()}, {@code get_context()},
 *     {@code get_logger()}, {@code log_to_stderr()}; {@link dev.mp4j.Context} is what
 *     {@code get_context(method)} returns.</li>
 * <li>{@link dev.mp4j.Finalizer}: {@code multiprocessing.util.Finalize}.</li>
 * <li>{@link dev.mp4j.Serialization}: what this JVM agrees to deserialize from its authenticated
 *     peers; {@link dev.mp4j.SerializationException} is Python's {@code PicklingError} /
 *     {@code UnpicklingError}, {@link dev.mp4j.AuthenticationException} its
 *     {@code AuthenticationError}, {@link dev.mp4j.ProcessStartException} a child JVM that could
 *     not start.</li>
 * </ul>
 *
 * <p>The other exported packages: {@code dev.mp4j.pool} (Python's {@code Pool} and
 * {@code concurrent.futures}), {@code dev.mp4j.queue}, {@code dev.mp4j.connection} (pipes,
 * listeners, clients), {@code dev.mp4j.sync} (locks, semaphores, events, conditions, barriers),
 * {@code dev.mp4j.shm} (shared memory, {@code Value}, {@code Array}, {@code ShareableList}),
 * {@code dev.mp4j.manager} (managers and their proxies), {@code dev.mp4j.subprocess} (pools of
 * external commands), {@code dev.mp4j.function} (serializable lambdas) and {@code dev.mp4j.spi}
 * (the cluster engine's entry point). Python's names become Java's: {@code get_nowait} is
 * {@code getNowait}, {@code None} is an empty {@link java.util.Optional} or a sentinel object.
 */
package dev.mp4j;
