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
 *
 * <p>Like every proxy, its calls may also fail as the {@linkplain Manager manager's class comment}
 * says: {@link java.io.UncheckedIOException} when the server is gone, {@link ManagerTimeoutException}
 * when it stays silent past the call timeout, {@link RemoteException} for a server-side exception
 * that cannot be rethrown as itself, {@link IllegalArgumentException} for an argument that cannot be
 * serialized. Thread-safe; serializable (it re-attaches wherever it is sent).
 *
 * @param <K> the type of the keys, serializable
 * @param <V> the type of the values, serializable
 */
public interface SharedMap<K, V> extends Map<K, V> {

    /**
     * As {@link Map#merge}, executed atomically in the server: Python's
     * {@code with lock: d[k] = f(d[k], v)} in one call, for example {@code merge(k, 1, Integer::sum)}.
     *
     * @param key       the key
     * @param value     the value to store when the key is absent, or to merge with
     * @param remapping combines the old value and {@code value}; a null result removes the entry
     * @return the new value, or null when the entry was removed
     */
    V merge(K key, V value, SerializableBiFunction<? super V, ? super V, ? extends V> remapping);

    /**
     * As {@link Map#compute}, executed atomically in the server.
     *
     * @param key       the key
     * @param remapping computes the new value from the key and the old value (null when absent);
     *                  a null result removes the entry
     * @return the new value, or null when there is none
     */
    V compute(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping);

    /**
     * As {@link Map#computeIfAbsent}, executed atomically in the server (Python's
     * {@code d.setdefault(k, f(k))} without calling {@code f} when the key is present).
     *
     * @param key     the key
     * @param mapping computes the value when the key is absent
     * @return the current (existing or computed) value
     */
    V computeIfAbsent(K key, SerializableFunction<? super K, ? extends V> mapping);

    /**
     * A copy of the whole map, taken atomically (Python's {@code d.copy()}).
     *
     * @return an unmodifiable copy, in insertion order
     */
    Map<K, V> snapshot();
}
