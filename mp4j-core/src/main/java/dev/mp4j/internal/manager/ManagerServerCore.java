package dev.mp4j.internal.manager;

import dev.mp4j.AuthenticationException;
import dev.mp4j.connection.Address;
import dev.mp4j.internal.codec.BytesInput;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import dev.mp4j.internal.connection.HandshakeGate;
import dev.mp4j.internal.connection.SpinningChannel;
import dev.mp4j.internal.connection.Watchdog;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.Handshake;
import org.slf4j.Logger;

import java.io.EOFException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The manager server: holds shared objects by id and executes proxy calls on them.
 *
 * <p>Every connection must pass the authkey challenge (within {@link #HANDSHAKE_TIMEOUT}) before
 * any byte from it is decoded; a failing peer is logged and dropped and the server keeps serving
 * others. Handshakes run concurrently on virtual threads, bounded by a {@link HandshakeGate} (so
 * silent peers cannot starve an honest client). Each authenticated connection is then served by
 * its own platform thread, one request at a time, so a blocking call (queue take, lock acquire)
 * blocks only its connection; clients open more connections for concurrent calls.
 *
 * <p>Reference counting: {@code create} returns an object with one reference (the creating
 * proxy); every proxy materialised elsewhere (a child process, a nested value) adds one; a proxy
 * that becomes unreachable releases its own, and a client JVM that exits gives back those its
 * live proxies still hold (a JVM killed with SIGKILL cannot: its references last until shutdown).
 * An object is dropped when its count reaches zero, and all objects are dropped at shutdown.
 *
 * <p>Thread-safe.
 */
public final class ManagerServerCore implements AutoCloseable {
    private static final Logger log = dev.mp4j.internal.runtime.LazyLogger.of(ManagerServerCore.class);
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    private static final ThreadLocal<ManagerServerCore> SERVING = new ThreadLocal<>();
    private static final ScheduledThreadPoolExecutor HEARTBEAT_TIMER = heartbeatTimer();

    private final byte[] authkey;
    private final String serverId;
    private final Map<String, CustomType> customTypes;
    private final ServerSocketChannel server;
    private final Address address;
    private final Map<Long, HeldObject> objects = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Set<FrameChannel> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final HandshakeGate gate;

    public ManagerServerCore(Address requested, byte[] authkey, String serverId, Map<String, CustomType> customTypes)
            throws IOException {
        this.authkey = authkey.clone();
        this.serverId = serverId;
        this.customTypes = Map.copyOf(customTypes);
        if (requested.isUnix() && Files.exists(Path.of(requested.unixPath()))) {
            throw new IOException("cannot serve on " + requested + ": the socket file already exists");
        }
        server = ServerSocketChannel.open(requested.protocolFamily());
        try {
            if (!requested.isUnix()) {
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            server.bind(requested.toSocketAddress(), 128);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot serve a manager on " + requested + ": " + e.getMessage(), e);
        }
        address = requested.isUnix() ? requested
                : Address.tcp(requested.host(), ((InetSocketAddress) server.getLocalAddress()).getPort());
        gate = new HandshakeGate("manager server " + address, HandshakeGate.DEFAULT_MAX_PENDING,
                HandshakeGate.DEFAULT_MAX_PER_SOURCE);
    }

    /** Starts accepting connections on a daemon thread. */
    public ManagerServerCore start() {
        Thread.ofPlatform().daemon().name("mp4j-manager-accept").start(this::acceptLoop);
        log.debug("manager server {} listening on {}", serverId, address);
        return this;
    }

    public Address address() {
        return address;
    }

    public String serverId() {
        return serverId;
    }

    /** The server serving the current thread's request, if any. */
    static ManagerServerCore serving() {
        return SERVING.get();
    }

    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    public boolean isRunning() {
        return stopped.getCount() > 0;
    }

    public int objectCount() {
        return objects.size();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel socket;
            HandshakeGate.Ticket ticket;
            try {
                socket = server.accept();
                ticket = gate.admit(socket);
            } catch (ClosedChannelException | InterruptedException e) {
                return;
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("manager server {}: accept failed: {}", address, e.getMessage());
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // out of descriptors: do not spin
                }
                continue;
            }
            if (ticket != null) {
                Thread.ofVirtual().name("mp4j-manager-handshake").start(() -> admit(socket, ticket));
            }
        }
    }

    /** Authenticates a connection (on a virtual thread), then serves it on a platform thread of its own. */
    private void admit(SocketChannel socket, HandshakeGate.Ticket ticket) {
        FrameChannel channel;
        String peer = "?";
        try (ticket) {
            try {
                channel = new FrameChannel(new SpinningChannel(socket, ManagerClient.REPLY_SPIN_NANOS));
            } catch (IOException e) {
                log.warn("manager server {}: cannot set up a connection: {}", address, e.getMessage());
                closeQuietly(socket);
                return;
            }
            connections.add(channel);
            String clientJvm;
            try {
                peer = address.isUnix() ? "local client" : String.valueOf(socket.getRemoteAddress());
                if (!address.isUnix()) {
                    socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                ScheduledFuture<?> watchdog = Watchdog.arm(HANDSHAKE_TIMEOUT, channel::close);
                try {
                    Handshake.serve(channel, authkey);
                    FrameChannel.Frame hello = channel.receive();
                    if (hello.type() != Protocol.HELLO) {
                        throw new IOException("expected HELLO, got frame type " + hello.type());
                    }
                    clientJvm = new BytesInput(hello.payload(), 0, hello.payload().length).readString();
                } finally {
                    watchdog.cancel(false);
                }
            } catch (IOException | RuntimeException e) {
                dropped(peer, e);
                channel.close();
                connections.remove(channel);
                return;
            }
            String from = peer;
            Thread handler = Thread.ofPlatform().daemon().name("mp4j-manager-connection")
                    .unstarted(() -> serve(channel, clientJvm, from));
            handlers.add(handler);
            if (stopping.get()) {
                channel.close();
            }
            handler.start();
        }
    }

    private void serve(FrameChannel channel, String clientJvm, String peer) {
        SERVING.set(this);
        try {
            BytesOutput reply = new BytesOutput(64);
            reply.writeString(serverId);
            channel.send(Protocol.HELLO, reply.toByteArray());
            loop(channel, clientJvm);
        } catch (IOException | RuntimeException e) {
            dropped(peer, e);
        } finally {
            SERVING.remove();
            channel.close();
            connections.remove(channel);
            handlers.remove(Thread.currentThread());
        }
    }

    private void dropped(String peer, Exception e) {
        if (HandshakeGate.isHangUp(e) || e instanceof java.nio.channels.AsynchronousCloseException) {
            // a peer that went away or stayed silent until the deadline (a flood of them is not news)
            log.debug("manager server {}: a client from {} hung up or timed out: {}", address, peer, e.getMessage());
        } else if (e instanceof AuthenticationException) {
            log.warn("manager server {}: refused a client from {}: {}", address, peer, e.getMessage());
        } else if (!(e instanceof EOFException || e instanceof ClosedChannelException) && isRunning()) {
            log.warn("manager server {}: dropped a connection from {}: {}", address, peer, e.getMessage());
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    private void loop(FrameChannel channel, String clientJvm) throws IOException {
        BytesOutput out = new BytesOutput(256);
        Codec codec = Codec.standard();
        while (true) {
            FrameChannel.Frame frame = channel.receive();
            if (frame.type() != Protocol.REQUEST && frame.type() != Protocol.WATCHED_REQUEST) {
                throw new IOException("unexpected frame type " + frame.type());
            }
            BytesInput in = new BytesInput(frame.payload(), 0, frame.payload().length);
            out.reset();
            int type = Protocol.RESULT;
            boolean shutdown = false;
            Heartbeats heartbeats = null;
            try {
                if (frame.type() == Protocol.WATCHED_REQUEST) {
                    heartbeats = new Heartbeats(channel, in.readInt());
                }
                // a malformed request is answered with an error: the frame boundary is intact, so the
                // connection stays usable
                long objectId = in.readLong();
                String signature = in.readString();
                long threadId = in.readLong();
                int argc = in.readInt();
                if (argc < 0 || argc > in.remaining()) {
                    throw new SerializationException("malformed request: " + argc + " arguments");
                }
                Object[] args = new Object[argc];
                for (int i = 0; i < argc; i++) {
                    try {
                        args[i] = codec.decode(in);
                    } catch (SerializationException e) {
                        throw SerializationException.in("the manager server cannot accept argument " + (i + 1)
                                + " of " + signature, e);
                    }
                }
                CallContext.set(clientJvm + "/" + threadId);
                Object result;
                if (objectId == Protocol.MANAGER_ID) {
                    shutdown = signature.equals(Protocol.SHUTDOWN);
                    result = manage(signature, args);
                } else {
                    HeldObject held = held(objectId);
                    result = held.invoke(signature, args);
                    String returned = held.returnedTypeId(signature);
                    if (returned != null && result != null) {
                        result = new ReturnedProxy(hold(returned, result), returned);
                    }
                }
                encodeResult(codec, result, out);
            } catch (Throwable t) {
                if (t instanceof Error && !(t instanceof AssertionError || t instanceof StackOverflowError
                        || t instanceof OutOfMemoryError)) {
                    log.error("manager server {}: error in a call", address, t);
                }
                out.reset();
                type = Protocol.ERROR;
                codec.encode(errorReply(t), out);
            } finally {
                CallContext.clear();
                if (heartbeats != null) {
                    heartbeats.stop();
                }
            }
            channel.send(type, out.array(), 0, out.size());
            if (shutdown) {
                Thread.ofPlatform().daemon().start(this::close);
            }
        }
    }

    /**
     * Sends a heartbeat every {@code intervalMillis} while a watched request runs, so that its
     * client tells a call blocking in this live server from a stopped one. None is sent after
     * {@link #stop()}, so none follows the reply.
     */
    private static final class Heartbeats implements Runnable {
        private static final byte[] EMPTY = new byte[0];
        private final FrameChannel channel;
        private final ScheduledFuture<?> task;
        private boolean stopped;

        Heartbeats(FrameChannel channel, int intervalMillis) {
            if (intervalMillis < 1) {
                throw new IllegalArgumentException("malformed request: heartbeat interval " + intervalMillis + " ms");
            }
            this.channel = channel;
            this.task = HEARTBEAT_TIMER.scheduleAtFixedRate(this, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void run() {
            if (stopped) {
                return;
            }
            try {
                channel.send(Protocol.HEARTBEAT, EMPTY);
            } catch (IOException e) {
                stopped = true; // the connection is gone; the call's reply will fail too
            }
        }

        synchronized void stop() {
            stopped = true;
            task.cancel(false);
        }
    }

    private static ScheduledThreadPoolExecutor heartbeatTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("mp4j-manager-heartbeats").factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static void encodeResult(Codec codec, Object result, BytesOutput out) {
        try {
            codec.encode(result, out);
        } catch (SerializationException e) {
            out.reset();
            throw new IllegalStateException("the result (a " + result.getClass().getName()
                    + ") cannot be sent back: " + e.getMessage(), e);
        }
    }

    static ErrorReply errorReply(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        byte[] encoded;
        try {
            encoded = Codec.standard().encode(t);
        } catch (RuntimeException e) {
            encoded = null;
        }
        return new ErrorReply(t.getClass().getName(), t.getMessage(), trace.toString(), encoded);
    }

    private HeldObject held(long id) {
        HeldObject held = objects.get(id);
        if (held == null) {
            throw new java.util.NoSuchElementException("shared object " + id + " does not exist in this manager"
                    + " (every proxy of it was released, or the manager was restarted)");
        }
        return held;
    }

    private Object manage(String request, Object[] args) {
        return switch (request) {
            case Protocol.CREATE -> create((String) args[0], (Object[]) args[1]);
            case Protocol.INCREF -> {
                incref((Long) args[0]);
                yield null;
            }
            case Protocol.DECREF -> {
                decref((Long) args[0], (Integer) args[1]);
                yield null;
            }
            case Protocol.PID -> dev.mp4j.internal.runtime.Pids.self();
            case Protocol.OBJECT_COUNT -> objects.size();
            case Protocol.SHUTDOWN -> null;
            default -> throw new UnsupportedOperationException("unknown manager request '" + request + "'");
        };
    }

    /** Creates an object with one reference and returns its id. */
    long create(String typeId, Object[] args) {
        BuiltinType builtin = BuiltinType.byId(typeId);
        Object target;
        if (builtin != null) {
            target = builtin.create(args);
        } else {
            CustomType custom = customType(typeId);
            if (custom.factory() == null) {
                throw new IllegalArgumentException("type '" + typeId + "' is only returned by methods of other shared"
                        + " objects (registered without a factory); it cannot be created directly");
            }
            target = custom.factory().apply(args);
            if (target == null) {
                throw new IllegalStateException("the factory of type '" + typeId + "' returned null");
            }
        }
        return hold(typeId, target);
    }

    private CustomType customType(String typeId) {
        CustomType custom = customTypes.get(typeId);
        if (custom == null) {
            throw new IllegalArgumentException("type '" + typeId + "' is not registered with this manager (registered: "
                    + customTypes.keySet() + "); register it with Manager.builder().register(...)");
        }
        return custom;
    }

    /** Holds {@code target} as a shared object of {@code typeId} with one reference; returns its id. */
    private long hold(String typeId, Object target) {
        BuiltinType builtin = BuiltinType.byId(typeId);
        long id = nextId.getAndIncrement();
        HeldObject held;
        if (builtin != null) {
            held = new HeldObject(id, typeId, target, builtin.dispatchInterface(), null, builtin.methodToTypeid());
        } else {
            CustomType custom = customType(typeId);
            held = new HeldObject(id, typeId, target, null, custom.exposed(), custom.methodToTypeid());
        }
        held.references.set(1);
        objects.put(id, held);
        return id;
    }

    void incref(long id) {
        held(id).references.incrementAndGet();
    }

    void decref(long id, int count) {
        HeldObject held = objects.get(id);
        if (held != null && held.references.addAndGet(-count) <= 0 && objects.remove(id, held)) {
            releaseQuietly(held);
        }
    }

    private static void releaseQuietly(HeldObject held) {
        try {
            held.release();
        } catch (RuntimeException e) {
            log.warn("releasing shared object {} ({}) failed: {}", held.id, held.typeId, e.getMessage());
        }
    }

    /** Executes a call from a proxy that lives inside this server (a nested reference). */
    Object invokeLocal(long id, String signature, Object[] args) throws Throwable {
        return held(id).invoke(signature, args);
    }

    /** Stops serving: closes every connection and drops every object. Idempotent. */
    @Override
    public void close() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // best effort
        }
        connections.forEach(FrameChannel::close);
        handlers.forEach(Thread::interrupt);
        java.util.List<HeldObject> dropped = new java.util.ArrayList<>(objects.values());
        objects.clear();
        dropped.forEach(ManagerServerCore::releaseQuietly);
        if (address.isUnix()) {
            try {
                Files.deleteIfExists(Path.of(address.unixPath()));
            } catch (IOException ignored) {
                // removed with the run directory
            }
        }
        log.debug("manager server {} on {} stopped", serverId, address);
        stopped.countDown();
    }
}
