/**
 * Pools of workers: Python's {@code multiprocessing.Pool} and {@code concurrent.futures}.
 *
 * <ul>
 * <li>{@link dev.mp4j.pool.Pool}: {@code apply}, {@code map}, {@code starmap}, {@code imap},
 *     {@code imapUnordered} and their {@code Async} forms, on child JVMs, threads or a cluster; also
 *     an {@link java.util.concurrent.ExecutorService}. {@link dev.mp4j.pool.ThreadPool} is
 *     Python's {@code multiprocessing.pool.ThreadPool}.</li>
 * <li>{@link dev.mp4j.pool.PoolExecutor}, made by {@link dev.mp4j.pool.ProcessPoolExecutor} and
 *     {@link dev.mp4j.pool.ThreadPoolExecutor}: concurrent.futures' executors;
 *     {@link dev.mp4j.pool.Futures} its {@code wait} and {@code as_completed}.</li>
 * <li>{@link dev.mp4j.pool.AsyncResult}: Python's {@code AsyncResult} and {@code Future}, a
 *     {@link java.util.concurrent.CompletableFuture}; {@link dev.mp4j.pool.ResultIterator} the
 *     lazy results of {@code imap}.</li>
 * <li>{@link dev.mp4j.pool.MapOptions}: chunk size, per-task timeout, progress
 *     ({@link dev.mp4j.pool.ProgressListener}, {@link dev.mp4j.pool.TerminalProgress}) and
 *     read-ahead of one call.</li>
 * </ul>
 *
 * <p>How calls fail: a task's own exception arrives as the cause of a
 * {@link java.util.concurrent.CompletionException} (or {@link java.util.concurrent.ExecutionException}
 * from {@code get}), carrying the worker's stack trace as a {@link dev.mp4j.pool.RemoteTraceback}
 * (its cause, or a suppressed exception)
 * (or standing in as a {@link dev.mp4j.pool.RemoteTaskException} when its class cannot cross);
 * a worker that died fails its task with {@link dev.mp4j.pool.WorkerDiedException}, a task over its
 * timeout with {@link dev.mp4j.pool.TaskTimeoutException}, and a pool that cannot run tasks any
 * more fails every call with {@link dev.mp4j.pool.BrokenPoolException}. No failure hangs a pool.
 */
package dev.mp4j.pool;
