package dev.mp4j.cluster.internal.objects;

import dev.mp4j.manager.SharedList;
import org.redisson.api.RList;
import org.redisson.api.RedissonClient;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/** A manager list as a Redis list (Redisson RList); each call is one atomic Redis command. */
final class ClusterList<E> extends AbstractList<E> implements SharedList<E>, Serializable {
    private final transient RList<E> list;
    private final String name;

    ClusterList(RedissonClient client, String key, String name) {
        this.list = client.getList(key);
        this.name = name;
    }

    @Override
    public E get(int index) {
        return list.get(index);
    }

    @Override
    public E set(int index, E element) {
        return list.set(index, element);
    }

    @Override
    public boolean add(E element) {
        return list.add(element);
    }

    @Override
    public void add(int index, E element) {
        list.add(index, element);
    }

    @Override
    public E remove(int index) {
        return list.remove(index);
    }

    @Override
    public int size() {
        return list.size();
    }

    @Override
    public void clear() {
        list.clear();
    }

    @Override
    public List<E> snapshot() {
        return new ArrayList<>(list.readAll());
    }

    @Serial
    private Object writeReplace() {
        return new ObjectHandle("list", name, 0);
    }
}
