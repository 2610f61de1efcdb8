package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.ClusterConnectionException;
import dev.mp4j.cluster.RedisAddress;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RBlockingDeque;
import org.redisson.api.RFuture;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The caller's side of the cluster's task channel, one per Redis address in this JVM, shared by
 * every pool and process on it: tasks go out as messages on {@link ClusterNames#TASK_STREAM}
 * (read by the worker JVMs' consumer group), outcomes come back on this JVM's own result list
 * ({@link ClusterNames#RESULT_PREFIX} + a random id).
 *
 * <p>Both directions are batched by group commit: the first submitter to find no pipeline in
 * flight sends every queued task as one asynchronous pipeline of {@code XADD}s, and the
 * pipeline's completion sends whatever was queued meanwhile; one receiver thread pops up to
 * {@value #RECEIVE_BATCH} outcomes per {@code BLMPOP}. A lone task therefore
 * pays one round trip each way, and a map of many pays a fraction of one per task. A map whose
 * items are in memory is a burst ({@link #hold()}): its chunks are held until the last is queued,
 * so that they all reach the workers at once rather than the first alone and the others one
 * round trip later; a pipeline of several tasks is one {@code MULTI ... EXEC}, so that a worker's
 * waiting read is served once all of them are on the stream and takes as many as it has room for.
 *
 * <p>Delivery: each {@link Submission} completes exactly once, keyed by its number: the first
 * outcome wins, and a late duplicate (a task run twice because its worker was presumed dead) is
 * dropped. A task whose outcome cannot arrive is failed by the {@link RedisWatchdog} with a
 * {@link ClusterConnectionException}; a failed submission is retried while Redis may come back,
 * so the watchdog's bound is the only wait. Cancellation deletes the task's message and names it
 * on {@link ClusterNames#CANCEL_TOPIC}, so that a worker holding it drops or interrupts it.
 *
 * <p>Thread-safe. Acquire and release are serialized on the class; the last release stops the
 * threads and releases the Redis connection.
 */
final class TaskDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(TaskDispatcher.class);
    private static final Map<RedisAddress, TaskDispatcher> SHARED = new HashMap<>();
    private static final int SUBMIT_BATCH = 512;
    static final int RECEIVE_BATCH = 1024;
    private static final Duration RETRY_DELAY = Duration.ofMillis(250);
    private static final byte[] TASK_FIELD = ClusterNames.TASK_FIELD.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final RedisAddress address;
    private final RedissonClient client;
    private final String replyTo = ClusterNames.RESULT_PREFIX + UUID.randomUUID();
    private final RBlockingDeque<byte[]> results;
    private final Map<Long, Submission> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Submission> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    /** Tasks in {@code outgoing} (a count: the queue's own size() walks it). */
    private final AtomicInteger queued = new AtomicInteger();
    /** The calling thread is submitting a burst of one call's tasks (see {@link #hold()}). */
    private final ThreadLocal<boolean[]> holding = ThreadLocal.withInitial(() -> new boolean[1]);
    private final AtomicLong keys = new AtomicLong();
    private final ScheduledExecutorService timer;
    private final RedisWatchdog watchdog;
    private final Thread receiver;
    private volatile boolean running = true;
    private int users;

    /**
     * One task on its way: sent (its message id known), then completed once by its outcome, a
     * failure, a timeout or a cancellation, whichever comes first.
     */
    static final class Submission {
        final long key;
        final byte[] message;
        /** The call this task belongs to (null: not cancellable); checked before it is sent. */
        final dev.mp4j.internal.pool.CallTicket call;
        private final BiConsumer<TaskOutcome, RuntimeException> onDone;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile StreamMessageId messageId;
        private volatile boolean cancelled;

        private Submission(long key, byte[] message, dev.mp4j.internal.pool.CallTicket call,
                           BiConsumer<TaskOutcome, RuntimeException> onDone) {
            this.key = key;
            this.message = message;
            this.call = call;
            this.onDone = onDone;
        }

        boolean isDone() {
            return done.get();
        }

        /** True once the task is on its way to Redis (no longer cancellable as a pending call). */
        boolean isSent() {
            return call == null || call.isStarted() || messageId != null;
        }
    }

    private TaskDispatcher(RedisAddress address) {
        this.address = address;
        this.client = RedisConnections.acquire(address);
        this.results = client.getBlockingDeque(replyTo, ByteArrayCodec.INSTANCE);
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mp4j-cluster-timer").factory());
        try {
            this.watchdog = new RedisWatchdog(client, address, timer, this::failAll);
            watchdog.start();
        } catch (RuntimeException e) {
            timer.shutdownNow();
            RedisConnections.release(address);
            throw e;
        }
        this.receiver = Thread.ofPlatform().daemon().name("mp4j-cluster-receiver").start(this::receiveLoop);
    }

    static synchronized TaskDispatcher acquire(RedisAddress address) {
        TaskDispatcher dispatcher = SHARED.get(address);
        if (dispatcher == null) {
            dispatcher = new TaskDispatcher(address);
            SHARED.put(address, dispatcher);
        }
        dispatcher.users++;
        return dispatcher;
    }

    static synchronized void release(TaskDispatcher dispatcher) {
        if (--dispatcher.users == 0) {
            SHARED.remove(dispatcher.address);
            dispatcher.shutdown();
        }
    }

    RedissonClient client() {
        return client;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** The number the next task must carry (its {@link ClusterTask#key()}). */
    long nextKey() {
        return keys.incrementAndGet();
    }

    /** The list this JVM's outcomes arrive on (a task's {@link ClusterTask#replyTo()}). */
    String replyTo() {
        return replyTo;
    }

    /**
     * Queues {@code task} for sending; {@code onDone} runs once, with its outcome or a failure. The
     * task is sent only if {@code call} (null: always) can still start then; a call cancelled
     * before fails with {@link java.util.concurrent.CancellationException} and never reaches Redis.
     */
    Submission submit(ClusterTask task, dev.mp4j.internal.pool.CallTicket call, BiConsumer<TaskOutcome, RuntimeException> onDone) {
        Submission submission = new Submission(task.key(), task.encode(), call, onDone);
        pending.put(submission.key, submission);
        if (!running) {
            finish(submission, null, new ClusterConnectionException("the connection to Redis at " + address.uri()
                    + " is closed", null));
            return submission;
        }
        outgoing.add(submission);
        if (queued.incrementAndGet() < SUBMIT_BATCH && holding.get()[0]) {
            return submission; // sent by release(), or with a full batch, or by another thread's send
        }
        maybeSend();
        return submission;
    }

    /**
     * Holds the calling thread's submissions until {@link #release()}, so that a map's chunks go
     * out in one pipeline rather than the first alone and the rest after its round trip. A full
     * batch ({@value #SUBMIT_BATCH} tasks) is sent at once; another thread's send takes held
     * tasks too. Only for a burst that ends promptly (items in memory): held tasks wait for it.
     */
    void hold() {
        holding.get()[0] = true;
    }

    /** Ends the calling thread's hold and sends what is queued. */
    void release() {
        holding.get()[0] = false;
        maybeSend();
    }

    /**
     * Completes {@code submission} with {@code reason} unless it is done already, and cancels it
     * on the cluster: its message is deleted (so no worker takes it any more) and named on the
     * cancel topic (so a worker that holds it drops it, or interrupts the thread running it).
     */
    boolean cancel(Submission submission, RuntimeException reason) {
        submission.cancelled = true;
        if (!finish(submission, null, reason)) {
            return false;
        }
        StreamMessageId id = submission.messageId;
        if (id != null) {
            cancelRemotely(id);
        }
        return true;
    }

    private void cancelRemotely(StreamMessageId id) {
        try {
            RBatch batch = client.createBatch(BatchOptions.defaults());
            batch.getStream(ClusterNames.TASK_STREAM, ByteArrayCodec.INSTANCE).removeAsync(id);
            batch.getTopic(ClusterNames.CANCEL_TOPIC, StringCodec.INSTANCE).publishAsync(id.toString());
            batch.executeAsync().whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.debug("cancelling cluster task {} failed: {}", id, error.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("cancelling cluster task {} failed: {}", id, e.toString());
        }
    }

    private boolean finish(Submission submission, TaskOutcome outcome, RuntimeException error) {
        if (!submission.done.compareAndSet(false, true)) {
            return false;
        }
        pending.remove(submission.key, submission);
        try {
            submission.onDone.accept(outcome, error);
        } catch (RuntimeException e) {
            LOG.warn("a cluster task's completion threw", e);
        }
        return true;
    }

    /** Fails every pending task: Redis lost them or stayed unreachable. */
    private void failAll(RuntimeException reason) {
        for (Submission submission : List.copyOf(pending.values())) {
            finish(submission, null, reason);
        }
    }

    /** Sends the queued tasks as one pipeline unless one is in flight (its completion sends them then). */
    private void maybeSend() {
        while (running && !outgoing.isEmpty() && sending.compareAndSet(false, true)) {
            List<Submission> batch = new ArrayList<>(Math.min(SUBMIT_BATCH, 16));
            Submission next;
            while (batch.size() < SUBMIT_BATCH && (next = outgoing.poll()) != null) {
                queued.decrementAndGet();
                if (next.isDone()) {
                    continue;
                }
                if (next.call != null && !next.call.tryStart()) {
                    finish(next, null, new java.util.concurrent.CancellationException("cancelled before it was sent to the cluster"));
                    continue;
                }
                batch.add(next);
            }
            if (batch.isEmpty()) {
                sending.set(false);
                continue;
            }
            send(batch);
            return;
        }
    }

    private void send(List<Submission> batch) {
        List<RFuture<StreamMessageId>> ids = new ArrayList<>(batch.size());
        try {
            // several tasks go in one MULTI ... EXEC: Redis serves a blocked XREADGROUP after each
            // command, so a worker waiting on the stream would otherwise be woken by the first XADD
            // with that one task, and read the others a round trip later
            RBatch pipeline = client.createBatch(batch.size() > 1
                    ? BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC) : BatchOptions.defaults());
            RStreamAsync<byte[], byte[]> stream = pipeline.getStream(ClusterNames.TASK_STREAM, ByteArrayCodec.INSTANCE);
            for (Submission submission : batch) {
                ids.add(stream.addAsync(StreamAddArgs.entry(TASK_FIELD, submission.message)));
            }
            pipeline.executeAsync().whenComplete((result, error) -> sent(batch, ids, error));
        } catch (RuntimeException e) {
            sent(batch, ids, e);
        }
    }

    /**
     * A connection failure queues the tasks again a little later (the watchdog bounds the wait:
     * a task submitted twice runs twice and completes once); any other refusal fails them.
     */
    private void sent(List<Submission> batch, List<RFuture<StreamMessageId>> ids, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause == null) {
            for (int i = 0; i < batch.size(); i++) {
                Submission submission = batch.get(i);
                submission.messageId = ids.get(i).getNow();
                if (submission.cancelled) {
                    cancelRemotely(submission.messageId);
                }
            }
        } else if (cause instanceof RedisConnectionException || cause instanceof RedisTimeoutException
                || !(cause instanceof RedisException)) {
            LOG.debug("sending {} cluster task(s) to {} failed, will retry: {}", batch.size(), address.uri(), cause.toString());
            try {
                timer.schedule(() -> {
                    outgoing.addAll(batch);
                    queued.addAndGet(batch.size());
                    maybeSend();
                }, RETRY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // shut down: every pending task was failed
            }
        } else {
            ClusterConnectionException refused = new ClusterConnectionException("Redis at " + address.uri()
                    + " refused the cluster task: " + cause.getMessage(), cause);
            batch.forEach(s -> finish(s, null, refused));
        }
        sending.set(false);
        maybeSend();
    }

    private void receiveLoop() {
        while (running) {
            Map<String, List<byte[]>> received;
            try {
                received = results.pollFirstFromAny(Duration.ofSeconds(1), RECEIVE_BATCH);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.debug("reading cluster results from {} failed, will retry: {}", address.uri(), e.toString());
                    pause();
                }
                continue;
            }
            if (received == null) {
                continue;
            }
            for (List<byte[]> outcomes : received.values()) {
                for (byte[] bytes : outcomes) {
                    deliver(bytes);
                }
            }
        }
    }

    private void deliver(byte[] bytes) {
        TaskOutcome outcome;
        try {
            outcome = TaskOutcome.decode(bytes);
        } catch (RuntimeException e) {
            LOG.warn("dropping a malformed message on {}: {}", replyTo, e.toString());
            return;
        }
        Submission submission = pending.get(outcome.key());
        if (submission == null) {
            LOG.debug("dropping a duplicate or late outcome of cluster task {}", outcome.key());
            return;
        }
        finish(submission, outcome, null);
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutdown() {
        running = false;
        watchdog.stop();
        // the receiver is not interrupted: an interrupted blocking pop would leave its connection
        // blocked on the server while the client hands it to the next command; it ends within a second
        failAll(new ClusterConnectionException("the connection to Redis at " + address.uri() + " was closed", null));
        timer.shutdownNow();
        // a result's callback may be what released the last user: shutting a Redisson client down
        // on one of its own threads would wait for that very thread
        Thread.ofPlatform().daemon().name("mp4j-cluster-release").start(() -> {
            try {
                results.delete();
            } catch (RuntimeException e) {
                LOG.debug("deleting {} failed: {}", replyTo, e.toString());
            }
            RedisConnections.release(address);
        });
    }
}
