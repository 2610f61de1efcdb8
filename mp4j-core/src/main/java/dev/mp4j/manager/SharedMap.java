package dev.mp4j.manager;

import dev.mp4j.function.SerializableBiFunction;
import dev.mp4j.function.SerializableFunction;

import java.util.Map;

/**
 * A map held by a manager server ({@code manager.dict()} in Python). Every method is one round
 * trip to the server and runs there under the map's lock, so each single call is atomic.
 *
 * <p>Read-modify-write sequences of separate calls ({@code put(k, get(k) + 1)}, Python's
 * {@code d[k] += 1}) race between processes. Use the atomic methods instead: {@link #merge},
 * {@link #compute} and {@link #computeIfAbsent} run their function in the server while it holds
 * the map's lock; the function must be serializable (the overloads here take mp4j's serializable
 * functional interfaces, so lambdas and method references such as {@code Integer::sum} qualify).
 *
 * <p>{@link #keySet()}, {@link #values()}, {@link #entrySet()}, iteration and {@code forEach}
 * work on an unmodifiable snapshot taken in one call (Python's proxies return copies too).
 * Insertion order is kept. Keys and values must be serializable; a value that is itself a proxy
 * is stored as a reference to the shared object (nesting).
 */
public interface SharedMap<K, V> extends Map<K, V> {

    /** As {@link Map#merge}, executed atomically in the server. */
    V merge(K key, V value, SerializableBiFunction<? super V, ? super V, ? extends V> remapping);

    /** As {@link Map#compute}, executed atomically in the server. */
    V compute(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping);

    /** As {@link Map#computeIfAbsent}, executed atomically in the server. */
    V computeIfAbsent(K key, SerializableFunction<? super K, ? extends V> mapping);

    /** A copy of the whole map, taken atomically. */
    Map<K, V> snapshot();
}
