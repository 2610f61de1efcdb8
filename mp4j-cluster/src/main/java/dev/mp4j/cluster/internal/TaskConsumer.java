package dev.mp4j.cluster.internal;

import dev.mp4j.cluster.RedisAddress;
import org.redisson.api.AutoClaimResult;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RDequeAsync;
import org.redisson.api.RScript;
import org.redisson.api.RStream;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.RedisException;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker JVM's side of the task channel: one consumer of the {@link ClusterNames#WORKER_GROUP}
 * group on {@link ClusterNames#TASK_STREAM}, feeding {@code threads} worker threads.
 *
 * <p>Prefetch (Celery's prefetch multiplier, made adaptive): this JVM holds at most {@code threads}
 * tasks plus as many more as it completed in the last {@value #PREFETCH_WINDOW_MILLIS} ms (at most
 * {@code -Dmp4j.clusterPrefetch} per thread, default 64), and reads again, in one
 * {@code XREADGROUP} for all the room it has, once half of that is free. Short tasks are thus
 * fetched in batches and a thread never waits on a round trip between them, while long ones (and
 * the first tasks after a pause) are taken one per free thread, so they spread over all workers:
 * the pace lapses two windows after the last completion, so the first tasks after a pause are
 * taken one per idle thread. A burst that follows the last one within that time (a map submitted
 * as the last one ended) is fetched at the last one's pace, by a read that waits on the empty
 * stream with all the room (the caller's {@code MULTI} puts a map's chunks on the stream at once,
 * so that read takes them in one round trip; a read with room but no idle thread does not wait):
 * of what a read brings beyond the idle threads, this JVM keeps only tasks of a shape (pool and
 * function, {@link ClusterTask#shapeOf}) it completed within the last two windows, and hands the others
 * back: in one atomic transaction it adds a copy to the stream (naming the original id, so that a
 * cancel of the original reaches the copy) and acknowledges and deletes the original. A handed-back
 * task goes to the end of the queue, again if need be, but only within
 * {@value #HAND_BACK_WINDOW_MILLIS} ms of its first queueing: after that whoever reads it keeps it.
 *
 * <p>Release of a stalled backlog: a pace can still be misjudged (a read that met the first long
 * calls of a function whose short calls just completed here keeps them all). So when no task
 * completed here for {@value #RELEASE_AFTER_MILLIS} ms while tasks wait in the local queue beyond
 * the threads, the queued ones that have not started are handed back the same way: the idle
 * threads of other workers, whose reads wait on the stream, take them at once. A task is removed
 * from the local queue before it is handed back, so it never both runs here and goes back; if the
 * hand-back fails it is queued here again. A released task that comes back to this JVM (to a read it
 * made while its threads were idle) is kept: no other worker was waiting for it.
 *
 * <p>Acknowledgement and recovery: a task is acknowledged (and its message deleted) in the same
 * pipeline that pushes its outcome to the caller's result list, after it ran. While this JVM holds
 * a task it renews its claim every eighth of the task retry interval ({@code XCLAIM ... JUSTID});
 * every consumer also claims, with {@code XAUTOCLAIM} every 200 ms, tasks whose claim was not
 * renewed for the retry interval: those of a worker JVM that died (or stalled that long). Execution is therefore
 * at-least-once; the caller keeps the first outcome.
 *
 * <p>Cancellation: a task named on {@link ClusterNames#CANCEL_TOPIC} is dropped if it has not
 * started, and its thread interrupted if it is running; names seen recently are remembered so that
 * a cancel that overtakes its task still applies.
 *
 * <p>Threads: the worker threads, one maintenance timer (renew, claim, release, sweep) and the Redis
 * client's threads, which complete the asynchronous reads and flushes; at most one read and one
 * flush are in flight ({@code reading}, {@code flushing}); other state shared between threads is
 * in concurrent collections and atomics. {@link #close()} leaves the tasks it holds unacknowledged, for other
 * workers to claim.
 */
public final class TaskConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskConsumer.class);
    static final long PREFETCH_WINDOW_MILLIS = 10;
    private static final long PREFETCH_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(PREFETCH_WINDOW_MILLIS);
    private static final int FLUSH_BATCH = 512;
    /** How long after its first queueing a task may still be handed back (see the class comment). */
    static final long HAND_BACK_WINDOW_MILLIS = 5_000;
    /** How long without a completion here before the tasks queued here are released (see the class comment). */
    static final long RELEASE_AFTER_MILLIS = 50;
    private static final long RELEASE_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(RELEASE_AFTER_MILLIS);
    private static final byte[] TASK_FIELD = ClusterNames.TASK_FIELD.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The field of a handed-back copy that names the original message's id. */
    private static final byte[] ORIGIN_FIELD = "o".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Duration READ_BLOCK = Duration.ofSeconds(2);
    private static final Duration CLAIM_PERIOD = Duration.ofMillis(200);
    private static final int CLAIM_BATCH_PER_THREAD = 16;
    private static final Duration CANCEL_MEMORY = Duration.ofMinutes(2);
    private static final Duration SWEEP_PERIOD = Duration.ofMinutes(1);
    private static final long SWEEP_IDLE_MILLIS = Duration.ofMinutes(10).toMillis();
    /** Deletes the group's consumers that hold nothing and were not seen for ARGV[2] ms (crashed workers). */
    private static final String SWEEP_SCRIPT = "local removed = 0 "
            + "for _, c in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do "
            + "  local name, pending, idle "
            + "  for i = 1, #c, 2 do "
            + "    if c[i] == 'name' then name = c[i + 1] elseif c[i] == 'pending' then pending = c[i + 1] "
            + "    elseif c[i] == 'idle' then idle = c[i + 1] end "
            + "  end "
            + "  if pending == 0 and idle > tonumber(ARGV[2]) then "
            + "    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], name) "
            + "    removed = removed + 1 "
            + "  end "
            + "end "
            + "return removed";

    private final RedissonClient client;
    private final RedisAddress address;
    private final int threads;
    private final int maxPrefetch;
    private final Duration lease;
    private final String consumer = WorkerIdentity.id() + "#" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
    private final RStream<byte[], byte[]> stream;
    private final RTopic cancels;
    private final ThreadPoolExecutor executor;
    private final Map<StreamMessageId, Held> held = new ConcurrentHashMap<>();
    /** The last read found no task waiting (written by the read's completion, before {@code reading} clears). */
    private volatile boolean drained = true;
    private final AtomicInteger unfinished = new AtomicInteger();
    private final ConcurrentLinkedQueue<Held> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean flushing = new AtomicBoolean();
    /** Completions counted in the current and the previous prefetch window (guarded by {@code pace}). */
    private final Object pace = new Object();
    private long windowStart = System.nanoTime();
    private int completedNow;
    private int completedBefore;
    /** When a task last completed here, or when this consumer started (written by worker threads). */
    private volatile long lastCompletionNanos = System.nanoTime();
    private final Map<StreamMessageId, Long> recentCancels = new ConcurrentHashMap<>();
    /** Shapes of tasks completed here, with when the last one completed (see the class comment). */
    private final Map<Integer, Long> pacedShapes = new ConcurrentHashMap<>();
    /**
     * Original ids of tasks this JVM released from its queue, with when: a released task that comes
     * back here (to a read of this JVM's that was waiting since its threads were idle) is kept.
     */
    private final Map<StreamMessageId, Long> releasedHere = new ConcurrentHashMap<>();
    /** Held copies of handed-back tasks by their original id, which is what a cancel names. */
    private final Map<StreamMessageId, Held> byOrigin = new ConcurrentHashMap<>();
    private final ScheduledExecutorService maintenance;
    private volatile boolean running = true;
    private volatile boolean abandoning;
    private StreamMessageId claimCursor = new StreamMessageId(0, 0);
    private long lastSweepNanos = System.nanoTime();
    private int cancelListener;

    /** One task message this JVM holds, from the read that delivered it to the flush that acknowledged it. */
    private final class Held implements Runnable {
        final StreamMessageId id;
        final byte[] body;
        final int shape;
        /** The id this task was first queued under, when it is a handed-back copy; else null. */
        final StreamMessageId origin;
        private Thread runner;
        private boolean finished;
        private boolean cancelled;
        volatile String replyTo;
        volatile byte[] reply;

        Held(StreamMessageId id, byte[] body, int shape, StreamMessageId origin) {
            this.id = id;
            this.body = body;
            this.shape = shape;
            this.origin = origin;
        }

        synchronized boolean isCancelled() {
            return cancelled;
        }

        synchronized void cancel() {
            cancelled = true;
            if (runner != null && !finished) {
                runner.interrupt();
            }
        }

        private synchronized boolean begin() {
            if (cancelled || abandoning) {
                finished = true;
                return false;
            }
            runner = Thread.currentThread();
            return true;
        }

        private synchronized boolean end() {
            runner = null;
            finished = true;
            Thread.interrupted(); // a cancel that came as the task ended must not hit the thread's next task
            return cancelled;
        }

        @Override
        public void run() {
            boolean ran = false;
            try {
                if (begin()) {
                    ran = true;
                    ClusterTask task;
                    try {
                        task = ClusterTask.decode(body == null ? new byte[0] : body);
                    } catch (RuntimeException e) {
                        LOG.warn("dropping task message {}: {}", id, e.toString());
                        return;
                    }
                    replyTo = task.replyTo();
                    reply = task.run().encode();
                }
            } finally {
                boolean wasCancelled = end();
                if (ran) {
                    completed(shape);
                }
                if (wasCancelled) {
                    reply = null;
                }
                if (!abandoning) {
                    outbox.add(this);
                    maybeFlush();
                }
                unfinished.decrementAndGet();
                maybeRead();
            }
        }
    }

    public TaskConsumer(RedissonClient client, RedisAddress address, int threads) {
        this.client = client;
        this.address = address;
        this.threads = threads;
        this.maxPrefetch = Integer.getInteger("mp4j.clusterPrefetch", 64);
        if (maxPrefetch < 0) {
            throw new IllegalArgumentException("-Dmp4j.clusterPrefetch must be >= 0 (tasks held per worker thread beyond the"
                    + " running one), got " + maxPrefetch);
        }
        this.lease = ClusterNames.taskRetryInterval();
        this.stream = client.getStream(ClusterNames.TASK_STREAM, ByteArrayCodec.INSTANCE);
        this.cancels = client.getTopic(ClusterNames.CANCEL_TOPIC, StringCodec.INSTANCE);
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("mp4j-cluster-worker-", 1).factory());
        this.maintenance = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mp4j-cluster-lease").factory());
    }

    /** Joins the group (creating it, and the stream, if needed) and starts serving. */
    public void start() {
        ensureGroup();
        cancelListener = cancels.addListener(String.class, (channel, id) -> cancel(id));
        maybeRead();
        long period = Math.max(100, lease.toMillis() / 8);
        maintenance.scheduleWithFixedDelay(this::maintain, 0, period, TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(this::claimSafely, CLAIM_PERIOD.toMillis(), CLAIM_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        maintenance.scheduleWithFixedDelay(this::releaseStalledBacklog, RELEASE_AFTER_MILLIS / 2, RELEASE_AFTER_MILLIS / 2,
                TimeUnit.MILLISECONDS);
    }

    /** This consumer's name in the group: {@code host/pid#random}. */
    public String name() {
        return consumer;
    }

    private void ensureGroup() {
        try {
            stream.createGroup(StreamCreateGroupArgs.name(ClusterNames.WORKER_GROUP).id(new StreamMessageId(0, 0)).makeStream());
        } catch (RedisException e) {
            if (!String.valueOf(e.getMessage()).contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    private void recover(RedisException e, String what) {
        if (String.valueOf(e.getMessage()).contains("NOGROUP")) {
            LOG.warn("the cluster's task group is gone from Redis at {} (restarted?): creating it again", address.uri());
            try {
                ensureGroup();
                return;
            } catch (RedisException again) {
                e = again;
            }
        }
        LOG.debug("{} on {} failed, will retry: {}", what, address.uri(), e.toString());
    }

    /** Threads plus the tasks completed in about the last prefetch window, capped. */
    private int capacity() {
        int recent;
        synchronized (pace) {
            long age = System.nanoTime() - windowStart;
            recent = age > 2 * PREFETCH_WINDOW_NANOS ? 0 : age > PREFETCH_WINDOW_NANOS ? completedNow : completedNow + completedBefore;
        }
        return threads + Math.min(maxPrefetch * threads, recent);
    }

    private void completed(int shape) {
        long now = System.nanoTime();
        lastCompletionNanos = now;
        pacedShapes.put(shape, now);
        synchronized (pace) {
            long age = now - windowStart;
            if (age > PREFETCH_WINDOW_NANOS) {
                completedBefore = age > 2 * PREFETCH_WINDOW_NANOS ? 0 : completedNow;
                completedNow = 0;
                windowStart = now;
            }
            completedNow++;
        }
    }

    /**
     * Starts a read if none is in flight and at least half the capacity is free. Called when a
     * task ends, when a read ends, and by the maintenance timer; never blocks (the read is an
     * asynchronous {@code XREADGROUP ... BLOCK}, whose messages are handed to the worker threads
     * on the Redis client's thread).
     */
    private void maybeRead() {
        while (running) {
            int capacity = capacity();
            if (capacity - unfinished.get() < Math.max(1, capacity / 2) || !reading.compareAndSet(false, true)) {
                return;
            }
            int free = capacity() - unfinished.get();
            if (free < Math.max(1, capacity() / 2)) {
                reading.set(false);
                continue;
            }
            int count = free;
            int idleThreads = Math.max(0, threads - unfinished.get());
            boolean block = true;
            int keepAny = count; // beyond these, only tasks of a known shape are kept
            if (count > idleThreads) {
                // of tasks beyond the idle threads only those of a shape paced here are kept (a read
                // with that room could meet a burst of long tasks that arrive after a run of short
                // ones, which the other workers' idle threads should take); a read after one that
                // found tasks takes what is there now, one after an empty one waits for tasks
                if (!drained) {
                    block = false;
                    keepAny = idleThreads;
                } else if (idleThreads > 0) {
                    // the stream was empty: wait with all the room, but keep beyond the idle threads
                    // only tasks of a shape paced here (a map following the last one), as above
                    keepAny = idleThreads;
                } else {
                    reading.set(false); // nothing there, no thread idle: the next task's end reads again
                    return;
                }
            }
            int kept = keepAny;
            try {
                StreamReadGroupArgs args = StreamReadGroupArgs.neverDelivered().count(count);
                stream.readGroupAsync(ClusterNames.WORKER_GROUP, consumer, block ? args.timeout(READ_BLOCK) : args)
                        .whenComplete((messages, error) -> read(messages, error, kept));
            } catch (RuntimeException e) {
                read(null, e, kept);
            }
            return;
        }
    }

    private void read(Map<StreamMessageId, Map<byte[], byte[]>> messages, Throwable error, int keepAny) {
        if (error != null) {
            reading.set(false);
            if (running) {
                retryLater(error, "reading tasks", this::maybeRead);
            }
            return;
        }
        // an empty read keeps the pace: it lapses by itself two windows after the last completion,
        // so a map that follows the previous one at once is fetched at that one's pace
        drained = messages == null || messages.isEmpty();
        accept(messages, keepAny);
        reading.set(false);
        maybeRead();
    }

    /** After a failed Redis call: recovers a lost group, then runs {@code then} on the maintenance thread a little later. */
    private void retryLater(Throwable error, String what, Runnable then) {
        try {
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            maintenance.schedule(() -> {
                if (cause instanceof RedisException redis) {
                    recover(redis, what);
                } else {
                    LOG.debug("{} on {} failed, will retry: {}", what, address.uri(), cause.toString());
                }
                then.run();
            }, 250, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed meanwhile: what this JVM holds is claimed by other workers
        }
    }

    /**
     * Hands the messages to the worker threads: the first {@code keepAny} whatever they are, the
     * rest only if their shape is paced here; those others are handed back (see the class comment).
     */
    private void accept(Map<StreamMessageId, Map<byte[], byte[]>> messages, int keepAny) {
        if (messages == null || !running) {
            return; // when closing, what was just read stays pending, for other workers to claim
        }
        long now = System.nanoTime();
        int kept = 0;
        List<Held> handBack = null;
        for (Map.Entry<StreamMessageId, Map<byte[], byte[]>> message : messages.entrySet()) {
            StreamMessageId id = message.getKey();
            Map<byte[], byte[]> fields = message.getValue();
            byte[] body = field(fields, TASK_FIELD);
            int shape = body == null ? 0 : ClusterTask.shapeOf(body);
            Held task = new Held(id, body, shape, parseId(field(fields, ORIGIN_FIELD)));
            if (kept >= keepAny && mayHandBack(task) && shape != 0 && !isPaced(shape, now) && !held.containsKey(id)) {
                if (handBack == null) {
                    handBack = new ArrayList<>();
                }
                handBack.add(task);
                continue;
            }
            kept++;
            if (held.putIfAbsent(id, task) != null) {
                continue; // already here: claimed back after a slow renewal
            }
            unfinished.incrementAndGet();
            if (task.origin != null) {
                byOrigin.put(task.origin, task);
            }
            if (recentCancels.containsKey(id) || task.origin != null && recentCancels.containsKey(task.origin)) {
                task.cancel();
            }
            try {
                executor.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                return;
            }
        }
        if (handBack != null) {
            handBack(handBack, null);
        }
    }

    /**
     * Hands back the tasks queued here that have not started when no task completed here for
     * {@value #RELEASE_AFTER_MILLIS} ms and this JVM holds more than its threads' worth (see the
     * class comment). Runs on the maintenance thread.
     */
    private void releaseStalledBacklog() {
        if (!running || executor.getQueue().isEmpty() || System.nanoTime() - lastCompletionNanos < RELEASE_AFTER_NANOS) {
            return;
        }
        int surplus = unfinished.get() - capacity();
        if (surplus <= 0) {
            return;
        }
        List<Held> released = new ArrayList<>();
        for (Object queued : executor.getQueue().toArray()) {
            if (released.size() >= surplus) {
                break;
            }
            if (queued instanceof Held task && task.shape != 0 && mayHandBack(task) && !task.isCancelled()
                    && (task.origin == null || !releasedHere.containsKey(task.origin)) && executor.remove(task)) {
                released.add(task);
            }
        }
        if (released.isEmpty()) {
            return;
        }
        LOG.debug("no task completed here for {} ms: handing {} queued task(s) back for idle workers", RELEASE_AFTER_MILLIS,
                released.size());
        long now = System.nanoTime();
        for (Held task : released) {
            releasedHere.put(task.origin != null ? task.origin : task.id, now);
        }
        handBack(released, () -> {
            for (Held task : released) {
                held.remove(task.id);
                if (task.origin != null) {
                    byOrigin.remove(task.origin, task);
                }
                unfinished.decrementAndGet();
            }
            maybeRead();
        });
    }

    private void cancel(String name) {
        StreamMessageId id = parseId(name);
        if (id == null) {
            return;
        }
        recentCancels.put(id, System.nanoTime());
        Held task = held.get(id);
        if (task == null) {
            task = byOrigin.get(id);
        }
        if (task != null) {
            task.cancel();
        }
    }

    /** A stream id written {@code millis-sequence}, or null. */
    private static StreamMessageId parseId(String name) {
        if (name == null) {
            return null;
        }
        try {
            String[] parts = name.split("-");
            return new StreamMessageId(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static StreamMessageId parseId(byte[] name) {
        return name == null ? null : parseId(new String(name, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The value of {@code name} in a message's fields (byte-array keys compare by identity). */
    private static byte[] field(Map<byte[], byte[]> fields, byte[] name) {
        if (fields == null) {
            return null;
        }
        for (Map.Entry<byte[], byte[]> field : fields.entrySet()) {
            if (java.util.Arrays.equals(field.getKey(), name)) {
                return field.getValue();
            }
        }
        return name == TASK_FIELD && fields.size() == 1 ? fields.values().iterator().next() : null;
    }

    /**
     * True unless the task was first queued {@link #HAND_BACK_WINDOW_MILLIS} or more before this
     * copy of it (both times are the Redis server's, from the stream ids): a steady stream of other
     * tasks cannot push a task back for longer than that.
     */
    private static boolean mayHandBack(Held task) {
        return task.origin == null || task.id.getId0() - task.origin.getId0() < HAND_BACK_WINDOW_MILLIS;
    }

    private boolean isPaced(int shape, long now) {
        Long last = pacedShapes.get(shape);
        return last != null && now - last < 2 * PREFETCH_WINDOW_NANOS;
    }

    /**
     * Puts tasks this JVM read but will not run back at the end of the stream, in one
     * {@code MULTI}: a copy of each (naming its original id), then the acknowledgement and
     * deletion of the originals. If that fails the originals are still this consumer's: it runs them.
     */
    private void handBack(List<Held> tasks, Runnable whenHandedBack) {
        StreamMessageId[] ids = new StreamMessageId[tasks.size()];
        try {
            RBatch transaction = client.createBatch(BatchOptions.defaults()
                    .executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC));
            RStreamAsync<byte[], byte[]> queue = transaction.getStream(ClusterNames.TASK_STREAM, ByteArrayCodec.INSTANCE);
            for (int i = 0; i < ids.length; i++) {
                Held task = tasks.get(i);
                ids[i] = task.id;
                Map<byte[], byte[]> fields = new LinkedHashMap<>();
                fields.put(TASK_FIELD, task.body);
                fields.put(ORIGIN_FIELD, (task.origin != null ? task.origin : task.id).toString()
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                queue.addAsync(StreamAddArgs.entries(fields));
            }
            queue.ackAsync(ClusterNames.WORKER_GROUP, ids);
            queue.removeAsync(ids);
            transaction.executeAsync().whenComplete((result, error) -> {
                if (error != null) {
                    handBackFailed(tasks, error, whenHandedBack != null);
                } else if (whenHandedBack != null) {
                    whenHandedBack.run();
                }
            });
        } catch (RuntimeException e) {
            handBackFailed(tasks, e, whenHandedBack != null);
        }
    }

    /**
     * The originals are still this consumer's: queues them here again when they were already
     * accepted (released from the local queue), else accepts them as just read.
     */
    private void handBackFailed(List<Held> tasks, Throwable error, boolean alreadyAccepted) {
        LOG.debug("handing {} task(s) back to the cluster's queue failed, running them here: {}", tasks.size(), error.toString());
        if (alreadyAccepted) {
            for (Held task : tasks) {
                try {
                    executor.execute(task);
                } catch (java.util.concurrent.RejectedExecutionException closing) {
                    return; // closing: they stay pending, for other workers to claim
                }
            }
            return;
        }
        Map<StreamMessageId, Map<byte[], byte[]>> messages = new LinkedHashMap<>();
        for (Held task : tasks) {
            Map<byte[], byte[]> fields = new LinkedHashMap<>();
            fields.put(TASK_FIELD, task.body);
            if (task.origin != null) {
                fields.put(ORIGIN_FIELD, task.origin.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            messages.put(task.id, fields);
        }
        accept(messages, Integer.MAX_VALUE);
    }

    /**
     * Group commit of outcomes: the first thread to find no flush in flight sends everything in
     * the outbox as one pipeline (asynchronously); when it completes, the next flush takes
     * whatever arrived meanwhile. A failed flush puts its tasks back and is retried a little later.
     */
    private void maybeFlush() {
        while (!outbox.isEmpty() && flushing.compareAndSet(false, true)) {
            List<Held> batch = new ArrayList<>(Math.min(FLUSH_BATCH, 16));
            Held next;
            while (batch.size() < FLUSH_BATCH && (next = outbox.poll()) != null) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                flushing.set(false);
                continue;
            }
            flush(batch);
            return;
        }
    }

    /**
     * One pipeline: the outcomes onto their callers' result lists (refreshing their expiry), then
     * acknowledgement and deletion of the task messages. A task is let go only once this succeeded.
     */
    private void flush(List<Held> batch) {
        Map<String, List<byte[]>> replies = new LinkedHashMap<>();
        StreamMessageId[] ids = new StreamMessageId[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Held task = batch.get(i);
            ids[i] = task.id;
            if (task.reply != null && task.replyTo != null) {
                replies.computeIfAbsent(task.replyTo, k -> new ArrayList<>()).add(task.reply);
            }
        }
        try {
            RBatch pipeline = client.createBatch(BatchOptions.defaults());
            for (Map.Entry<String, List<byte[]>> reply : replies.entrySet()) {
                RDequeAsync<byte[]> list = pipeline.getDeque(reply.getKey(), ByteArrayCodec.INSTANCE);
                list.addLastAsync(reply.getValue().toArray(new byte[0][]));
                list.expireAsync(ClusterNames.RESULT_TTL);
            }
            RStreamAsync<byte[], byte[]> tasks = pipeline.getStream(ClusterNames.TASK_STREAM, ByteArrayCodec.INSTANCE);
            tasks.ackAsync(ClusterNames.WORKER_GROUP, ids);
            tasks.removeAsync(ids);
            pipeline.executeAsync().whenComplete((result, error) -> flushed(batch, ids, error));
        } catch (RuntimeException e) {
            flushed(batch, ids, e);
        }
    }

    private void flushed(List<Held> batch, StreamMessageId[] ids, Throwable error) {
        if (error == null) {
            for (Held task : batch) {
                held.remove(task.id);
                if (task.origin != null) {
                    byOrigin.remove(task.origin, task);
                }
            }
            flushing.set(false);
            maybeFlush();
            return;
        }
        outbox.addAll(batch);
        flushing.set(false);
        if (running) {
            retryLater(error, "sending task outcomes", this::maybeFlush);
        }
    }

    /** Renews this consumer's claim on what it holds, reads if there is room, forgets old cancels, sweeps now and then. */
    private void maintain() {
        try {
            renew();
            maybeRead();
            long now = System.nanoTime();
            recentCancels.values().removeIf(seen -> now - seen > CANCEL_MEMORY.toNanos());
            releasedHere.values().removeIf(released -> now - released > TimeUnit.MILLISECONDS.toNanos(HAND_BACK_WINDOW_MILLIS));
            pacedShapes.values().removeIf(last -> now - last > 2 * PREFETCH_WINDOW_NANOS);
            if (now - lastSweepNanos > SWEEP_PERIOD.toNanos()) {
                lastSweepNanos = now;
                sweep();
            }
        } catch (RedisException e) {
            recover(e, "renewing and claiming tasks");
        } catch (RuntimeException e) {
            LOG.debug("renewing and claiming tasks on {} failed: {}", address.uri(), e.toString());
        }
    }

    /** Claims, every {@link #CLAIM_PERIOD}, what others stopped renewing: a dead worker's tasks run again within the lease plus this. */
    private void claimSafely() {
        try {
            claim();
        } catch (RedisException e) {
            recover(e, "claiming tasks");
        } catch (RuntimeException e) {
            LOG.debug("claiming tasks on {} failed: {}", address.uri(), e.toString());
        }
    }

    private void renew() {
        Set<StreamMessageId> mine = new HashSet<>(held.keySet());
        if (!mine.isEmpty()) {
            stream.fastClaim(ClusterNames.WORKER_GROUP, consumer, 0, TimeUnit.MILLISECONDS, mine.toArray(new StreamMessageId[0]));
        }
    }

    private void claim() {
        if (!running) {
            return;
        }
        // a dead worker's tasks are older than anything queued here: take a batch of them even when full,
        // so that what it held comes back in one scan rather than one task per scan
        int free = Math.max(threads * CLAIM_BATCH_PER_THREAD, capacity() - unfinished.get());
        AutoClaimResult<byte[], byte[]> claimed = stream.autoClaim(ClusterNames.WORKER_GROUP, consumer, lease.toMillis(),
                TimeUnit.MILLISECONDS, claimCursor, free);
        StreamMessageId next = claimed.getNextId();
        claimCursor = next == null ? new StreamMessageId(0, 0) : next;
        Map<StreamMessageId, Map<byte[], byte[]>> messages = claimed.getMessages();
        if (messages != null && !messages.isEmpty()) {
            LOG.warn("worker {} claimed {} task(s) whose worker stopped renewing them for {} ms (died or stalled): running them",
                    WorkerIdentity.id(), messages.size(), lease.toMillis());
            accept(messages, Integer.MAX_VALUE);
        }
    }

    private void sweep() {
        Long removed = client.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_WRITE, SWEEP_SCRIPT,
                RScript.ReturnType.INTEGER, List.of(ClusterNames.TASK_STREAM), ClusterNames.WORKER_GROUP,
                Long.toString(SWEEP_IDLE_MILLIS));
        if (removed != null && removed > 0) {
            LOG.info("removed {} idle consumer(s) holding no task from the cluster's task group", removed);
        }
    }

    /** The number of tasks this JVM holds (queued, running, or run and not yet acknowledged). */
    public int heldCount() {
        return held.size();
    }

    /**
     * Stops reading, lets running tasks end for up to {@code grace}, sends the outcomes that are
     * ready, and leaves every other task it holds unacknowledged, to be claimed by another worker.
     */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    public void close(Duration grace) {
        if (!running) {
            return;
        }
        running = false;
        try {
            cancels.removeListener(cancelListener);
        } catch (RuntimeException e) {
            LOG.debug("removing the cancel listener failed: {}", e.toString());
        }
        maintenance.shutdownNow();
        executor.shutdown();
        executor.getQueue().clear();
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                abandoning = true;
                executor.shutdownNow();
            }
            abandoning = true;
            maybeFlush();
            while ((flushing.get() || !outbox.isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
                maybeFlush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoning = true;
            executor.shutdownNow();
        }
        try {
            if (held.isEmpty() && stream.listPending(ClusterNames.WORKER_GROUP, consumer, StreamMessageId.MIN, StreamMessageId.MAX, 1)
                    .isEmpty()) {
                stream.removeConsumer(ClusterNames.WORKER_GROUP, consumer);
            }
        } catch (RuntimeException e) {
            LOG.debug("leaving the task group failed: {}", e.toString());
        }
    }
}
