package dev.mp4j.internal.process;

import dev.mp4j.function.SerializableBiFunction;
import dev.mp4j.function.SerializableCallable;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.function.SerializableRunnable;
import dev.mp4j.function.SerializableSupplier;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.codec.ValueList;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * Runs the decode path of a task once in a spare child JVM while it waits for work, so that the
 * first real task (a {@code Process} target, or a pool's first function of one argument) does not
 * pay for loading and linking serialization and lambda deserialization
 * (nor, where a pool worker connects over the control socket, for initialising Unix-domain sockets
 * and the security providers).
 * Only spares do this: a child started for a waiting task would do the same work twice, on two
 * threads competing for the CPU and for the same class initialisation locks.
 *
 * <p>A training child ({@link AotCache}) does more: it decodes lambdas of the common shapes
 * (the method handles and lambda forms a shape needs are then in the cache), loads the pool
 * worker's classes and maps a word as a worker maps its progress word, runs common stream
 * pipelines and one HTTP GET over loopback ({@code HttpURLConnection}: on 2 cores a {@code Pool(8)}
 * fetching 100 URLs of 20 ms did its work in ~450 ms instead of ~540) and a pool worker's task loop
 * over thousands of tasks from memory, then runs a real {@code Process} target from its role frame.
 *
 * <p>What the cache holds, every child loads at start-up, used or not (the JDK loads an AOT cache's
 * classes in bulk): so the training covers what many children run and stays small. It links the
 * futex downcall of the shared-memory objects (every {@code Lock}, {@code Semaphore}, {@code Event}
 * and queue of a child wakes through it): that puts ~150 classes of the FFM linker and the
 * class-file API in the cache and spares such a child ~50 ms of CPU (a lab {@code Pool(8)} whose
 * initializer releases a semaphore started in 0.7 s instead of 0.9 s on 2 cores), while a bare JVM
 * start from the larger cache measured the same (48 ms, 20 starts each, alternated).
 */
final class Warmup {
    /** Classes every pool worker loads; a training child loads them so that the AOT cache holds them. */
    private static final List<String> POOL_WORKER_CLASSES = List.of(
            "dev.mp4j.internal.pool.PoolWorkerRole", "dev.mp4j.internal.pool.Execution",
            "dev.mp4j.internal.pool.RemoteFailure", "dev.mp4j.internal.pool.TaskKind",
            "dev.mp4j.internal.pool.PoolInit", "dev.mp4j.internal.shm.SharedSegment", "dev.mp4j.internal.shm.Words",
            "dev.mp4j.internal.pool.FunctionTable", "dev.mp4j.internal.pool.PoolWorkerRole$PendingResults",
            "dev.mp4j.internal.pool.PoolWorkerRole$Flusher", "dev.mp4j.internal.pool.PoolWorkerRole$HeldFunction",
            "dev.mp4j.internal.pool.PoolWorkerRole$ProgressMapper",
            "dev.mp4j.internal.pool.Execution$1", "dev.mp4j.internal.process.LambdaCall$Target$AsFunction",
            "dev.mp4j.internal.process.WorkerMain$EarlyConnect", "dev.mp4j.internal.process.WorkerMain$ParentWatch",
            "dev.mp4j.internal.process.WorkerMain$Interrupter", "dev.mp4j.internal.transport.PipePairChannel",
            "dev.mp4j.internal.runtime.Pids");

    private Warmup() {
    }

    /** @param socket whether this child will connect over the control socket (not over named pipes) */
    static void run(boolean socket) {
        try {
            String captured = "warm-up";
            SerializableRunnable sample = () -> captured.length();
            // a target that is a lambda: its call, over plain values and over a serialized one
            byte[] call = LambdaCall.encodeIfQualifies(sample, new HashSet<>());
            RunRequest request = new RunRequest("warm-up", "0", false, 0, "warm-up", List.of(), null, call);
            RunRequest decoded = RunRequest.decode(request.encode());
            ((Runnable) LambdaCall.decode(decoded.call()).toFunction(Warmup.class.getClassLoader())).run();
            java.util.ArrayList<Long> list = new java.util.ArrayList<>(List.of(1L, 2L));
            SerializableRunnable overObjects = () -> shape1(list);
            ((Runnable) LambdaCall.decode(LambdaCall.encodeIfQualifies(overObjects, new HashSet<>()))
                    .toFunction(Warmup.class.getClassLoader())).run();
            poolFunction();
            // any other target is deserialized
            ((Runnable) Codec.standard().decode(Codec.encodeTrusted(sample, new HashSet<>()))).run();
            if (socket) {
                // a pool worker that connects over the socket: load the socket and security-provider code it needs
                java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX).close();
                java.security.MessageDigest.getInstance("SHA-256");
            }
        } catch (RuntimeException | java.io.IOException | java.security.NoSuchAlgorithmException e) {
            // only an optimisation
        }
    }

    /**
     * Resolves and calls a pool's function of one argument. Its call casts the argument: the
     * adapter for that (a lambda form) costs a fresh JVM 2-5 ms to make, once for every function of
     * that shape. (Made on a side thread of a worker started for a pool, it competed with the
     * worker's start for the cores and gained nothing measurable.)
     */
    private static void poolFunction() {
        SerializableFunction<Integer, Integer> function = x -> x + 1;
        Object decoded = LambdaCall.decode(LambdaCall.encodeIfQualifies(function, new HashSet<>()))
                .toFunction(Warmup.class.getClassLoader());
        if (decoded instanceof java.util.function.Function<?, ?> resolved) {
            @SuppressWarnings("unchecked")
            java.util.function.Function<Object, Object> call = (java.util.function.Function<Object, Object>) resolved;
            call.apply(1);
        }
    }

    private static void callDirectly(SerializableRunnable lambda) {
        LambdaCall.of(lambda).flatMap(call -> LambdaCall.decode(call.encode(new HashSet<>())).resolve(Warmup.class.getClassLoader()))
                .ifPresent(Runnable::run);
    }

    private static void shape0() {
    }

    private static void shape1(Object first) {
    }

    private static void shape2(Object first, int second) {
    }

    private static void shape3(String first, long second, Object third) {
    }

    /** The target a training child runs as its {@code Process}. */
    static SerializableRunnable trainingTarget() {
        return () -> { };
    }

    /**
     * What a training child does before it reads its role frame; {@code classHints} are classes of
     * the user's tasks (comma-separated), loaded but not initialised: no user code runs here.
     */
    static void train(String classHints) {
        run(false); // pool workers connect over named pipes: the socket and security code stay out of the cache
        for (String name : classHints.split(",")) {
            if (!name.isEmpty()) {
                try {
                    Class.forName(name, false, ClassLoader.getSystemClassLoader()); // loaded, never initialised
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class of another loader: nothing to cache
                }
            }
        }
        int one = 1;
        String text = "two";
        List<Object> shapes = List.of(
                (SerializableRunnable) () -> { },
                (SerializableRunnable) () -> text.length(),
                (SerializableRunnable) () -> Integer.toString(one + text.length()),
                (SerializableCallable<Integer>) () -> 1,
                (SerializableCallable<Integer>) () -> one,
                (SerializableSupplier<String>) () -> text,
                (SerializableFunction<Integer, Integer>) x -> x,
                (SerializableFunction<Integer, Integer>) x -> x + one,
                (SerializableBiFunction<Integer, Integer, Integer>) (x, y) -> x + y);
        for (Object shape : shapes) {
            Codec.standard().decode(Codec.encodeTrusted(shape, new HashSet<>()));
        }
        // the reflective calls a Process target becomes (LambdaCall), by arity and kind
        callDirectly(Warmup::shape0);
        callDirectly(() -> shape1(text));
        callDirectly(() -> shape2(text, one));
        callDirectly(() -> shape3(text, 2L, null));
        callDirectly(text::length);
        Object values = ValueList.wrap(Arrays.asList(1, 2L, 3.0, "four", new byte[] {5}, true, null,
                ValueList.wrap(Arrays.asList(0, 1, 2, 3, 4, 5, 6, 7, 8, 9))));
        Codec.standard().decode(Codec.standard().encode(values));
        for (String name : POOL_WORKER_CLASSES) {
            try {
                Class.forName(name);
            } catch (ClassNotFoundException | LinkageError e) {
                // a trimmed class path: nothing to cache
            }
        }
        mapProgressWord();
        commonStreams();
        httpGet();
        try {
            // a pool worker's task loop, through its adaptive paths (see PoolWorkerTraining)
            Class.forName("dev.mp4j.internal.pool.PoolWorkerTraining").getMethod("run").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // a trimmed class path, or a failure: only an optimisation
        }
    }

    /**
     * Runs the stream pipelines that tasks and the static initialisers of their classes commonly
     * use, so that the cache holds their linked lambdas and method handles: in a cold child, the
     * first {@code IntStream.range(0, n).boxed().toList()} took ~10 ms of linking.
     */
    private static void commonStreams() {
        List<Integer> numbers = java.util.stream.IntStream.range(0, 16).boxed().toList();
        numbers.stream().map(x -> x + 1).filter(x -> x > 2).collect(java.util.stream.Collectors.toList());
        numbers.stream().mapToInt(Integer::intValue).sum();
        java.util.stream.IntStream.rangeClosed(1, 16).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining(","));
        java.util.stream.LongStream.range(0, 16).sum();
        numbers.stream().collect(java.util.stream.Collectors.groupingBy(x -> x % 2, java.util.stream.Collectors.counting()));
        numbers.parallelStream().count();
    }

    /**
     * One HTTP GET with {@link java.net.HttpURLConnection} from a loopback server of this JVM: the
     * I/O-bound fan-out (a URL per task) is what a pool of processes is most often given.
     */
    private static void httpGet() {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread answer = Thread.ofPlatform().daemon().start(() -> {
                try (java.net.Socket peer = server.accept()) {
                    java.io.BufferedReader request = new java.io.BufferedReader(new java.io.InputStreamReader(
                            peer.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                    String line;
                    while ((line = request.readLine()) != null && !line.isEmpty()) {
                        // the request's headers
                    }
                    peer.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: close\r\n\r\n1"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    // only an optimisation
                }
            });
            java.net.HttpURLConnection connection = (java.net.HttpURLConnection) java.net.URI.create(
                    "http://127.0.0.1:" + server.getLocalPort() + "/training").toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(2_000);
            if (connection.getResponseCode() == 200) {
                try (java.io.InputStream body = connection.getInputStream()) {
                    body.readAllBytes();
                }
            }
            answer.join(2_000);
        } catch (java.io.IOException | RuntimeException e) {
            // only an optimisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Maps a word as a pool worker maps its progress word (the memory-segment classes it needs) and wakes it. */
    private static void mapProgressWord() {
        java.nio.file.Path file = null;
        try {
            file = java.nio.file.Files.createTempFile(dev.mp4j.internal.shm.SharedSegment.directory(), "mp4j-training-", ".word");
            java.nio.file.Files.write(file, new byte[Long.BYTES]);
            java.nio.ByteBuffer word = dev.mp4j.internal.shm.SharedSegment.mapWord(file.getFileName().toString());
            word.putLong(0, 1L);
            // the futex downcall every Lock, Semaphore, Event and Queue of a child links first: its
            // FFM linker and class-file classes (~150) are otherwise parsed in each child (~50 ms)
            dev.mp4j.internal.shm.Futex.wake(java.lang.foreign.MemorySegment.ofBuffer(word), 0, 1);
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            // only an optimisation (the futex class refuses to initialise off Linux x86-64: the
            // training must still write the cache)
        } finally {
            if (file != null) {
                try {
                    java.nio.file.Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // a file of 8 bytes in the temporary directory
                }
            }
        }
    }
}
