package dev.mp4j.internal.process;

import dev.mp4j.AuthenticationException;
import dev.mp4j.internal.codec.BytesInput;
import dev.mp4j.internal.codec.SerialAllowList;
import dev.mp4j.internal.runtime.RunDirectory;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.Handshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starts child JVMs and accepts their control connections: the parent half of the process engine.
 *
 * <p>One per JVM, created on first use. It listens on a Unix domain socket in this JVM's private
 * {@link RunDirectory}; a child learns the socket path and the per-run authkey from its stdin
 * (never from its command line or environment), connects, passes the mutual HMAC challenge and
 * names the spawn token it was given, which ties the connection to its {@link ChildJvm}. Nothing
 * from a child is decoded before that. Connections that do not authenticate within
 * {@link #HANDSHAKE_TIMEOUT_SECONDS} are closed.
 *
 * <p>Warm spares: up to {@link #spareCount()} authenticated idle children are kept ready (Python's
 * forkserver idea), so starting a process costs a frame instead of a JVM start. Spares are started
 * only after the first child is requested, and only with the default JVM options.
 *
 * <p>Thread-safe.
 */
public final class ProcessEngine {
    private static final Logger log = LoggerFactory.getLogger(ProcessEngine.class);
    /**
     * How long a connection may take to authenticate. As long as a child may take to connect back
     * ({@code mp4j.connectTimeoutSeconds}, default 60): a child JVM starved of CPU (100 started at
     * once on 2 cores) can take well over 10 s between connecting and answering the challenge.
     */
    static final int HANDSHAKE_TIMEOUT_SECONDS = Integer.getInteger("mp4j.connectTimeoutSeconds", 60);
    private static volatile ProcessEngine instance;
    private static final ReentrantLock instanceLock = new ReentrantLock();

    private final byte[] authkey = Handshake.newKey();
    private final Path socketPath;
    private final ServerSocketChannel server;
    private final Map<String, ChildJvm> pending = new ConcurrentHashMap<>();
    private final ReentrantLock spareLock = new ReentrantLock();
    private final Deque<ChildJvm> spares = new ArrayDeque<>();
    private volatile int spareCount = Integer.getInteger("mp4j.spareJvms", 1);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("mp4j-engine-timer").factory());

    private ProcessEngine() throws IOException {
        socketPath = RunDirectory.path().resolve("control.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketPath));
        Thread.ofPlatform().daemon().name("mp4j-engine-accept").start(this::acceptLoop);
    }

    public static ProcessEngine get() {
        ProcessEngine engine = instance;
        if (engine == null) {
            instanceLock.lock();
            try {
                if (instance == null) {
                    instance = new ProcessEngine();
                }
                engine = instance;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start mp4j's process engine: " + e.getMessage(), e);
            } finally {
                instanceLock.unlock();
            }
        }
        return engine;
    }

    public int spareCount() {
        return spareCount;
    }

    public void spareCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("spare JVM count must be >= 0, got " + count);
        }
        spareCount = count;
        List<ChildJvm> surplus = new ArrayList<>();
        spareLock.lock();
        try {
            while (spares.size() > count) {
                surplus.add(spares.pollLast());
            }
        } finally {
            spareLock.unlock();
        }
        surplus.forEach(ChildJvm::kill);
        refillSpares();
    }

    /**
     * A child JVM that is started (maybe not yet connected). With no extra JVM options a ready spare
     * is handed out when there is one.
     */
    public ChildJvm acquire(List<String> jvmOptions) {
        ChildJvm child = null;
        if (jvmOptions.isEmpty()) {
            spareLock.lock();
            try {
                while (!spares.isEmpty() && child == null) {
                    ChildJvm candidate = spares.pollFirst();
                    if (candidate.isAlive()) {
                        child = candidate;
                    }
                }
            } finally {
                spareLock.unlock();
            }
        }
        if (child == null) {
            child = spawn(jvmOptions);
        }
        if (jvmOptions.isEmpty()) {
            refillSpares();
        }
        return child;
    }

    private void refillSpares() {
        Thread.ofVirtual().name("mp4j-spare-refill").start(() -> {
            while (true) {
                spareLock.lock();
                try {
                    spares.removeIf(c -> !c.isAlive());
                    if (spares.size() >= spareCount) {
                        return;
                    }
                    spares.addLast(spawn(List.of()));
                } catch (RuntimeException e) {
                    log.warn("could not start a spare child JVM: {}", e.getMessage());
                    return;
                } finally {
                    spareLock.unlock();
                }
            }
        });
    }

    private ChildJvm spawn(List<String> jvmOptions) {
        String token = RunDirectory.randomToken(16);
        List<String> command = JvmCommand.build(jvmOptions);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        try {
            java.lang.Process process = builder.start();
            ChildJvm child = new ChildJvm(process, token);
            pending.put(token, child);
            process.onExit().thenRun(() -> pending.remove(token));
            String bootstrap = String.join("\t", socketPath.toString(), HexFormat.of().formatHex(authkey), token,
                    String.join(",", SerialAllowList.patterns())) + "\n";
            child.stdin().write(bootstrap.getBytes(StandardCharsets.UTF_8));
            child.stdin().flush();
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM (" + command.getFirst() + "): " + e.getMessage(), e);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel socket = server.accept();
                Thread.ofVirtual().name("mp4j-engine-handshake").start(() -> admit(socket));
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.warn("accepting a child connection failed: {}", e.getMessage());
                }
            }
        }
    }

    private void admit(SocketChannel socket) {
        FrameChannel channel = new FrameChannel(socket);
        var watchdog = timer.schedule(channel::close, HANDSHAKE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            Handshake.serve(channel, authkey);
            FrameChannel.Frame hello = channel.receive();
            watchdog.cancel(false);
            if (hello.type() != FrameTypes.HELLO) {
                throw new IOException("expected HELLO, got frame type " + hello.type());
            }
            BytesInput in = new BytesInput(hello.payload(), 0, hello.payload().length);
            String token = in.readString();
            ChildJvm child = pending.remove(token);
            if (child == null) {
                throw new IOException("unknown spawn token");
            }
            child.connected(channel);
        } catch (AuthenticationException e) {
            log.warn("refused a connection on the control socket: {}", e.getMessage());
            channel.close();
        } catch (IOException | RuntimeException e) {
            log.warn("dropped a control connection: {}", e.getMessage());
            channel.close();
        } finally {
            watchdog.cancel(false);
        }
    }

    /** The path of the control socket (for tests that play a hostile peer). */
    public Path socketPath() {
        return socketPath;
    }

    /** The command line that starts a child JVM: same JDK, same class and module path. */
    static final class JvmCommand {
        private JvmCommand() {
        }

        static List<String> build(List<String> extraOptions) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:+UseSerialGC");
            command.add("-XX:TieredStopAtLevel=1".equals(System.getProperty("mp4j.childTiered")) ? "-XX:TieredStopAtLevel=1" : "-XX:+TieredCompilation");
            command.add("-Xss1m");
            command.add("-XX:+IgnoreUnrecognizedVMOptions");
            cdsArchive().ifPresent(archive -> {
                command.add("-XX:SharedArchiveFile=" + archive);
                command.add("-XX:+AutoCreateSharedArchive");
                command.add("-Xlog:cds=off");
                command.add("-Xlog:cds+dynamic=off");
            });
            boolean named = ProcessEngine.class.getModule().isNamed();
            command.add("--enable-native-access=" + (named ? "dev.mp4j" : "ALL-UNNAMED"));
            for (String key : System.getProperties().stringPropertyNames()) {
                if (key.startsWith("mp4j.") && !key.equals("mp4j.child")) {
                    command.add("-D" + key + "=" + System.getProperty(key));
                }
            }
            command.addAll(extraOptions);
            String classPath = System.getProperty("java.class.path", "");
            if (!classPath.isEmpty()) {
                command.add("-cp");
                command.add(classPath);
            }
            String modulePath = System.getProperty("jdk.module.path");
            if (named && modulePath != null) {
                command.add("--module-path");
                command.add(modulePath);
                command.add("--add-modules");
                command.add("ALL-MODULE-PATH");
                command.add("-m");
                command.add("dev.mp4j/" + WorkerMain.class.getName());
            } else {
                command.add(WorkerMain.class.getName());
            }
            return command;
        }

        private static boolean onlyJars(String path) {
            if (path == null || path.isEmpty()) {
                return true;
            }
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                    return false;
                }
            }
            return true;
        }

        private static java.util.Optional<Path> cdsArchive() {
            if (Boolean.getBoolean("mp4j.noCds") || !onlyJars(System.getProperty("java.class.path"))
                    || !onlyJars(System.getProperty("jdk.module.path"))) {
                // CDS archives only class paths made of jar files
                return java.util.Optional.empty();
            }
            try {
                String key = System.getProperty("java.home") + File.pathSeparator + System.getProperty("java.version")
                        + File.pathSeparator + System.getProperty("java.class.path") + File.pathSeparator
                        + System.getProperty("jdk.module.path");
                Path dir = Path.of(System.getProperty("user.home"), ".cache", "mp4j", "cds");
                Files.createDirectories(dir);
                return java.util.Optional.of(dir.resolve("worker-" + Integer.toHexString(key.hashCode()) + ".jsa"));
            } catch (IOException | RuntimeException e) {
                return java.util.Optional.empty();
            }
        }
    }
}
