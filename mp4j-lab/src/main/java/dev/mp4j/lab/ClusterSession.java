package dev.mp4j.lab;

import dev.mp4j.function.SerializableFunction;

import java.util.List;

/**
 * A cluster engine the lab can time: worker JVMs serving one Redis server. Provided by
 * {@link ClusterProvider}; the lab starts one session per worker count and closes it (and its
 * workers) when the experiment ends.
 */
public interface ClusterSession extends AutoCloseable {
    /** Applies {@code function} to every item on the cluster's workers; results in item order. */
    <T, R> List<R> map(SerializableFunction<T, R> function, List<T> items, int chunksize) throws Exception;

    @Override
    void close();
}
