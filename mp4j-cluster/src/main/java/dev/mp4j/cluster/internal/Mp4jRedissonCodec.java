package dev.mp4j.cluster.internal;

import dev.mp4j.internal.codec.Codec;
import dev.mp4j.SerializationException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.redisson.client.codec.BaseCodec;
import org.redisson.client.protocol.Decoder;
import org.redisson.client.protocol.Encoder;

import java.io.IOException;

/**
 * Redisson's {@link org.redisson.client.codec.Codec} over mp4j's one codec, so that every value
 * the shared objects store in Redis (queue items, map entries, values) is decoded through mp4j's
 * deserialization allow-list. Tasks and outcomes travel as bytes already in mp4j's encoding
 * ({@link ClusterTask}, {@link TaskOutcome}).
 *
 * <p>Stateless and thread-safe. The {@code (ClassLoader)} constructors exist because Redisson
 * instantiates codecs reflectively with them.
 */
public final class Mp4jRedissonCodec extends BaseCodec {
    public static final Mp4jRedissonCodec INSTANCE = new Mp4jRedissonCodec();

    private final ClassLoader classLoader;

    private final Encoder encoder = value -> {
        try {
            return Unpooled.wrappedBuffer(Codec.standard().encode(value));
        } catch (SerializationException e) {
            throw new IOException(e.getMessage(), e);
        }
    };

    private final Decoder<Object> decoder = (buf, state) -> {
        byte[] bytes = ByteBufUtil.getBytes(buf);
        buf.skipBytes(buf.readableBytes());
        return Codec.standard().decode(bytes);
    };

    public Mp4jRedissonCodec() {
        this((ClassLoader) null);
    }

    public Mp4jRedissonCodec(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    public Mp4jRedissonCodec(ClassLoader classLoader, Mp4jRedissonCodec codec) {
        this(classLoader);
    }

    @Override
    public Decoder<Object> getValueDecoder() {
        return decoder;
    }

    @Override
    public Encoder getValueEncoder() {
        return encoder;
    }

    @Override
    public ClassLoader getClassLoader() {
        return classLoader != null ? classLoader : Mp4jRedissonCodec.class.getClassLoader();
    }

}
