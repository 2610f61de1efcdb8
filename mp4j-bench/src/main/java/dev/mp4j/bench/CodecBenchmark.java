package dev.mp4j.bench;

import dev.mp4j.function.SerializableFunction;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.codec.ValueList;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The codec on the paths that dominate parallel work: a chunk of small task arguments (fast path),
 * and a serialized lambda task (JDK serialization behind the allow-list).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    private final Codec codec = Codec.standard();
    private ValueList chunk;
    private byte[] encodedChunk;
    private SerializableFunction<Integer, Integer> task;
    private byte[] encodedTask;
    private final BytesOutput out = new BytesOutput(64 * 1024);

    @Setup
    public void setUp() {
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(i);
        }
        chunk = ValueList.wrap(items);
        encodedChunk = codec.encode(chunk);
        int offset = 7;
        task = x -> x + offset;
        encodedTask = Codec.encodeTrusted(task, new HashSet<>());
    }

    /** Encoding 1000 Integers (one chunk of a map call). */
    @Benchmark
    public int encodeChunkOf1000Ints() {
        out.reset();
        codec.encode(chunk, out);
        return out.size();
    }

    @Benchmark
    public Object decodeChunkOf1000Ints() {
        return codec.decode(encodedChunk);
    }

    /** Encoding a capturing lambda task with JDK serialization. */
    @Benchmark
    public byte[] encodeLambdaTask() {
        return codec.encode(task);
    }

    @Benchmark
    public Object decodeLambdaTask() {
        return codec.decode(encodedTask);
    }
}
