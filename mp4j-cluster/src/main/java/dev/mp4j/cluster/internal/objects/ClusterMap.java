package dev.mp4j.cluster.internal.objects;

import dev.mp4j.function.SerializableBiFunction;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.manager.SharedMap;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A manager dict as a Redis hash (Redisson RMap); read-modify-write calls run under Redisson's per-key lock. */
final class ClusterMap<K, V> extends AbstractMap<K, V> implements SharedMap<K, V>, Serializable {
    private final transient RMap<K, V> map;
    private final String name;

    ClusterMap(RedissonClient client, String key, String name) {
        this.map = client.getMap(key);
        this.name = name;
    }

    @Override
    public V get(Object key) {
        return map.get(key);
    }

    @Override
    public V put(K key, V value) {
        return map.put(key, value);
    }

    @Override
    public V remove(Object key) {
        return map.remove(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        return snapshot().entrySet();
    }

    @Override
    public V merge(K key, V value, SerializableBiFunction<? super V, ? super V, ? extends V> remapping) {
        return map.merge(key, value, remapping);
    }

    @Override
    public V compute(K key, SerializableBiFunction<? super K, ? super V, ? extends V> remapping) {
        return map.compute(key, remapping);
    }

    @Override
    public V computeIfAbsent(K key, SerializableFunction<? super K, ? extends V> mapping) {
        return map.computeIfAbsent(key, mapping);
    }

    @Override
    public Map<K, V> snapshot() {
        return new LinkedHashMap<>(map.readAllMap());
    }

    @Serial
    private Object writeReplace() {
        return new ObjectHandle("dict", name, 0);
    }
}
