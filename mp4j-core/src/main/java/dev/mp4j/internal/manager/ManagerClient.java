package dev.mp4j.internal.manager;

import dev.mp4j.connection.Address;
import dev.mp4j.internal.codec.BytesInput;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.connection.Sockets;
import dev.mp4j.internal.connection.SpinningChannel;
import dev.mp4j.internal.connection.Watchdog;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.Handshake;
import dev.mp4j.manager.ManagerTimeoutException;
import dev.mp4j.manager.RemoteException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This JVM's connections to one manager server, shared by all proxies of that server.
 *
 * <p>A call borrows an idle authenticated connection (or opens one), sends one request, reads one
 * reply and returns the connection, so concurrent and blocking calls from different threads never
 * queue behind each other. A connection that fails is closed, never reused. One client per server
 * id per JVM ({@link #forToken}); closing it closes its connections.
 *
 * <p>A call may carry a timeout (the proxy's, or {@link #DEFAULT_CALL_TIMEOUT_MILLIS}): it is then
 * sent as a watched request, the server sends a heartbeat every quarter of the timeout while the
 * call runs, and a deadline (re-armed by each heartbeat) closes the connection when the server
 * stays silent for the whole timeout; the caller gets {@link ManagerTimeoutException}.
 *
 * <p>Thread-safe.
 */
public final class ManagerClient implements AutoCloseable {
    /** Identifies this JVM to servers: with a thread id it names the owner of an RLock. */
    static final String JVM_TOKEN = newJvmToken();
    private static final Map<String, ManagerClient> CLIENTS = new ConcurrentHashMap<>();
    /**
     * How long a caller polls for a reply, and a server connection for the next request, before
     * sleeping ({@code -Dmp4j.managerSpinMicros}, default 50; 0 disables polling).
     */
    static final long REPLY_SPIN_NANOS = Long.getLong("mp4j.managerSpinMicros", 50) * 1_000;
    /** The call timeout of proxies that have none of their own ({@code -Dmp4j.managerCallTimeoutMillis}); 0: none. */
    public static final long DEFAULT_CALL_TIMEOUT_MILLIS = Long.getLong("mp4j.managerCallTimeoutMillis", 0);
    /** How long the exit hook waits for a server to take back this JVM's references. */
    private static final long RELEASE_AT_EXIT_TIMEOUT_MILLIS = 2_000;
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlineTimer();

    private final Address address;
    private final byte[] authkey;
    private volatile String serverId;
    private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();
    /** References held by this JVM's live proxies, by object id. */
    private final Map<Long, Integer> held = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private static final class Channel {
        final FrameChannel frames;
        final BytesOutput buffer = new BytesOutput(256);

        Channel(FrameChannel frames) {
            this.frames = frames;
        }
    }

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("mp4j-manager-release").unstarted(
                () -> CLIENTS.values().forEach(ManagerClient::releaseAll)));
    }

    private ManagerClient(Address address, byte[] authkey, String serverId) {
        this.address = address;
        this.authkey = authkey.clone();
        this.serverId = serverId;
    }

    private static ScheduledThreadPoolExecutor deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("mp4j-manager-deadlines").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** A call's timeout in effect: its own, else this JVM's default (0: none). */
    static long effectiveTimeout(long timeoutMillis) {
        return timeoutMillis > 0 ? timeoutMillis : DEFAULT_CALL_TIMEOUT_MILLIS;
    }

    /**
     * Closes a call's connection when the server stays silent for the whole timeout; each heartbeat
     * from the server moves the deadline. Cancelled when the reply arrives.
     */
    private static final class CallDeadline implements Runnable {
        private final FrameChannel frames;
        private final long timeoutNanos;
        private volatile long expiresAt;
        private volatile boolean done;
        private volatile boolean expired;
        private volatile ScheduledFuture<?> task;

        CallDeadline(FrameChannel frames, long timeoutMillis) {
            this.frames = frames;
            this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            this.expiresAt = System.nanoTime() + timeoutNanos;
            this.task = DEADLINES.schedule(this, timeoutNanos, TimeUnit.NANOSECONDS);
        }

        void extend() {
            expiresAt = System.nanoTime() + timeoutNanos;
        }

        @Override
        public void run() {
            if (done) {
                return;
            }
            long left = expiresAt - System.nanoTime();
            if (left > 0) {
                task = DEADLINES.schedule(this, left, TimeUnit.NANOSECONDS);
                return;
            }
            expired = true;
            frames.close();
        }

        boolean expired() {
            return expired;
        }

        void cancel() {
            done = true;
            task.cancel(false);
        }
    }

    private static String newJvmToken() {
        return dev.mp4j.internal.runtime.Pids.self() + "-" + HexFormat.of().formatHex(dev.mp4j.internal.runtime.Randomness.bytes(8));
    }

    /**
     * Connects to a server, proving the authkey, and registers the client under the server's id.
     *
     * @throws dev.mp4j.AuthenticationException if the server uses another authkey
     */
    public static ManagerClient connect(Address address, byte[] authkey, long timeoutMillis) throws IOException {
        ManagerClient client = new ManagerClient(address, authkey, null);
        client.release(client.open(effectiveTimeout(timeoutMillis)));
        ManagerClient existing = CLIENTS.putIfAbsent(client.serverId, client);
        if (existing == null) {
            return client;
        }
        if (!existing.closed) {
            client.close();
            return existing;
        }
        CLIENTS.put(client.serverId, client);
        return client;
    }

    static ManagerClient forToken(ProxyToken token) {
        return CLIENTS.compute(token.serverId(), (id, existing) -> existing != null && !existing.closed ? existing
                : new ManagerClient(token.address(), token.authkey(), token.serverId()));
    }

    public String serverId() {
        return serverId;
    }

    public Address address() {
        return address;
    }

    /** Connects and authenticates, within {@code timeoutMillis} when positive (else the handshake's 10 s). */
    private Channel open(long timeoutMillis) throws IOException {
        if (closed) {
            throw new IOException("this manager connection is closed");
        }
        FrameChannel frames = new FrameChannel(new SpinningChannel(Sockets.connect(address), REPLY_SPIN_NANOS));
        Duration limit = timeoutMillis > 0 && timeoutMillis < ManagerServerCore.HANDSHAKE_TIMEOUT.toMillis()
                ? Duration.ofMillis(timeoutMillis) : ManagerServerCore.HANDSHAKE_TIMEOUT;
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> watchdog = Watchdog.arm(limit, () -> {
            timedOut.set(true);
            frames.close();
        });
        try {
            Handshake.connect(frames, authkey);
            BytesOutput hello = new BytesOutput(64);
            hello.writeString(JVM_TOKEN);
            frames.send(Protocol.HELLO, hello.toByteArray());
            FrameChannel.Frame reply = frames.receive();
            if (reply.type() != Protocol.HELLO) {
                throw new IOException("manager at " + address + " answered with frame type " + reply.type());
            }
            String id = new BytesInput(reply.payload(), 0, reply.payload().length).readString();
            if (serverId == null) {
                serverId = id;
            } else if (!serverId.equals(id)) {
                throw new IOException("the manager at " + address + " is not the one this proxy belongs to"
                        + " (it was restarted or replaced)");
            }
        } catch (IOException | RuntimeException e) {
            frames.close();
            if (timedOut.get() && timeoutMillis > 0) {
                throw new ManagerTimeoutException("manager at " + address + " did not complete the connection"
                        + " handshake within " + limit + " (is its process stopped, frozen or overloaded?)", limit);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
        return new Channel(frames);
    }

    private Channel borrow(long timeoutMillis) {
        Channel channel = idle.pollFirst();
        if (channel != null) {
            return channel;
        }
        try {
            return open(timeoutMillis);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private void release(Channel channel) {
        if (closed) {
            channel.frames.close();
        } else {
            idle.addFirst(channel);
        }
    }

    private UncheckedIOException unreachable(IOException e) {
        return new UncheckedIOException("manager at " + address + " is not reachable (was it shut down?): "
                + e.getMessage(), e);
    }

    /**
     * One request and its reply.
     *
     * @param method the proxy method, to decide which checked exceptions may be rethrown (null: none)
     */
    Object call(long objectId, String signature, Object[] args, Method method, long timeoutMillis) throws Throwable {
        Object event = dev.mp4j.internal.jfr.Events.managerCallBegins();
        if (event == null) {
            return exchange(objectId, signature, args, method, timeoutMillis);
        }
        String outcome = "failed";
        try {
            Object result = exchange(objectId, signature, args, method, timeoutMillis);
            outcome = "ok";
            return result;
        } finally {
            dev.mp4j.internal.jfr.Events.managerCalled(event, String.valueOf(address), signature, outcome);
        }
    }

    private Object exchange(long objectId, String signature, Object[] args, Method method, long timeoutMillis) throws Throwable {
        long timeout = effectiveTimeout(timeoutMillis);
        Channel channel = borrow(timeout);
        BytesOutput out = channel.buffer;
        out.reset();
        if (timeout > 0) {
            out.writeInt((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout / 4)));
        }
        out.writeLong(objectId);
        out.writeString(signature);
        out.writeLong(Thread.currentThread().threadId());
        out.writeInt(args.length);
        for (int i = 0; i < args.length; i++) {
            try {
                Codec.standard().encode(args[i], out);
            } catch (SerializationException e) {
                release(channel);
                throw SerializationException.in("cannot send argument " + (i + 1) + " of " + signature + " to the manager"
                        + (args[i] != null && args[i].getClass().isSynthetic()
                        ? " (a lambda sent to the server must be serializable: use the overloads taking dev.mp4j.function types)" : ""), e);
            }
        }
        FrameChannel.Frame reply;
        CallDeadline deadline = timeout > 0 ? new CallDeadline(channel.frames, timeout) : null;
        try {
            channel.frames.send(timeout > 0 ? Protocol.WATCHED_REQUEST : Protocol.REQUEST, out.array(), 0, out.size());
            reply = channel.frames.receive();
            while (reply.type() == Protocol.HEARTBEAT && deadline != null) {
                deadline.extend();
                reply = channel.frames.receive();
            }
        } catch (IOException e) {
            channel.frames.close();
            if (deadline != null && deadline.expired()) {
                Duration limit = Duration.ofMillis(timeout);
                throw new ManagerTimeoutException("manager at " + address + " did not answer " + signature
                        + " within " + limit + " (is its process stopped, frozen or overloaded?); the call may"
                        + " still complete in the server", limit);
            }
            if (Thread.interrupted() || e instanceof java.nio.channels.ClosedByInterruptException) {
                throw interrupted(signature, method);
            }
            throw unreachable(e);
        } finally {
            if (deadline != null) {
                deadline.cancel();
            }
        }
        release(channel);
        if (reply.type() == Protocol.RESULT) {
            Object result;
            try {
                result = Codec.standard().decode(reply.payload());
            } catch (SerializationException e) {
                throw SerializationException.in("cannot accept the manager's answer to " + signature, e);
            }
            return result instanceof ReturnedProxy returned ? adoptReturned(returned, signature, method, timeout) : result;
        }
        if (reply.type() == Protocol.ERROR) {
            throw rebuild((ErrorReply) Codec.standard().decode(reply.payload()), method);
        }
        throw new IllegalStateException("manager at " + address + " sent an unexpected frame type " + reply.type());
    }

    /**
     * The caller was interrupted while waiting for a reply: its connection is dropped (a reply can no
     * longer be matched to it) and the call may still complete in the server.
     */
    private static Exception interrupted(String signature, Method method) {
        String message = "interrupted while waiting for the manager to answer " + signature
                + "; the call may still complete in the server";
        if (method != null && declares(method, new InterruptedException())) {
            return new InterruptedException(message);
        }
        Thread.currentThread().interrupt();
        return new java.util.concurrent.CancellationException(message);
    }

    private static Throwable rebuild(ErrorReply error, Method method) {
        Throwable thrown = null;
        if (error.encoded() != null) {
            try {
                thrown = (Throwable) Codec.standard().decode(error.encoded());
            } catch (RuntimeException undecodable) {
                thrown = null;
            }
        }
        if (thrown != null && !(thrown instanceof RuntimeException || thrown instanceof Error || declares(method, thrown))) {
            thrown = null;
        }
        if (thrown == null) {
            return new RemoteException(error.className(), error.message(), error.stackTrace());
        }
        StackTraceElement[] remote = thrown.getStackTrace();
        StackTraceElement[] local = new Throwable().getStackTrace();
        StackTraceElement[] combined = new StackTraceElement[remote.length + local.length];
        System.arraycopy(remote, 0, combined, 0, remote.length);
        System.arraycopy(local, 0, combined, remote.length, local.length);
        thrown.setStackTrace(combined);
        return thrown;
    }

    private static boolean declares(Method method, Throwable thrown) {
        if (method == null) {
            return false;
        }
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.isInstance(thrown)) {
                return true;
            }
        }
        return false;
    }

    /** A request to the manager itself, with a timeout (0: the default). */
    Object manage(long timeoutMillis, String request, Object... args) {
        try {
            return call(Protocol.MANAGER_ID, request, args, null, timeoutMillis);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    void incref(long objectId, long timeoutMillis) {
        manage(timeoutMillis, Protocol.INCREF, objectId);
    }

    private void decrefQuietly(long objectId, int count, long timeoutMillis) {
        if (closed || count <= 0) {
            return;
        }
        try {
            manage(timeoutMillis, Protocol.DECREF, objectId, count);
        } catch (RuntimeException ignored) {
            // the server is gone: nothing left to release
        }
    }

    private void released(long objectId, long timeoutMillis) {
        held.computeIfPresent(objectId, (id, count) -> count == 1 ? null : count - 1);
        decrefQuietly(objectId, 1, timeoutMillis);
    }

    /**
     * At JVM exit: gives back every reference this JVM's live proxies still hold, waiting at most
     * {@link #RELEASE_AT_EXIT_TIMEOUT_MILLIS} for a server that does not answer (a stopped server
     * must not keep this JVM from exiting).
     */
    private void releaseAll() {
        for (Map.Entry<Long, Integer> entry : Map.copyOf(held).entrySet()) {
            decrefQuietly(entry.getKey(), entry.getValue(), RELEASE_AT_EXIT_TIMEOUT_MILLIS);
        }
        held.clear();
    }

    /**
     * Creates a shared object and returns a proxy that owns its first reference; its calls have
     * {@code timeoutMillis} (0: the default).
     */
    public Object create(long timeoutMillis, String typeId, List<String> interfaces, Object... args) {
        long id = (Long) manage(timeoutMillis, Protocol.CREATE, typeId, args);
        return adopt(new ProxyToken(address, authkey, serverId, id, typeId, interfaces, timeoutMillis));
    }

    /** A proxy for an object on which a reference was already taken for it. */
    Object adopt(ProxyToken token) {
        Object proxy;
        try {
            proxy = Proxies.newProxy(token, new RemoteHandler(this, token));
        } catch (RuntimeException e) {
            decrefQuietly(token.objectId(), 1, token.callTimeoutMillis());
            throw e;
        }
        long id = token.objectId();
        long timeout = token.callTimeoutMillis();
        held.merge(id, 1, Integer::sum);
        Proxies.CLEANER.register(proxy, () -> Thread.ofVirtual().start(() -> released(id, timeout)));
        return proxy;
    }

    /**
     * A proxy for a shared object a method returned (Python's {@code method_to_typeid}), implementing
     * the method's declared return type; it adopts the reference the server took for it.
     */
    private Object adoptReturned(ReturnedProxy returned, String signature, Method method, long timeoutMillis) {
        Class<?> type = method == null ? null : method.getReturnType();
        if (type == null || !type.isInterface()) {
            decrefQuietly(returned.objectId, 1, timeoutMillis);
            throw new IllegalStateException(signature + " returns a shared object of type '" + returned.typeId
                    + "' (methodToTypeid), but " + (type == null ? "the caller" : "its declared return type " + type.getName())
                    + " is not an interface a proxy can implement: declare the method to return an interface");
        }
        return adopt(new ProxyToken(address, authkey, serverId, returned.objectId, returned.typeId, List.of(type.getName()),
                timeoutMillis));
    }

    public long serverPid(long timeoutMillis) {
        return (Long) manage(timeoutMillis, Protocol.PID);
    }

    public int objectCount(long timeoutMillis) {
        return (Integer) manage(timeoutMillis, Protocol.OBJECT_COUNT);
    }

    /** Asks the server to stop, waiting at most {@code timeoutMillis} (0: the default) for its answer. */
    public void shutdownServer(long timeoutMillis) {
        manage(timeoutMillis, Protocol.SHUTDOWN);
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the connections no call is using; the client stays usable and opens new ones on
     * demand. What closing a {@code Manager} that joined a server does: other managers and proxies
     * of this JVM that reach the same server share this client and keep working.
     */
    public void closeIdleConnections() {
        Channel channel;
        while ((channel = idle.pollFirst()) != null) {
            channel.frames.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        CLIENTS.remove(serverId, this);
        Channel channel;
        while ((channel = idle.pollFirst()) != null) {
            channel.frames.close();
        }
    }
}
