package dev.mp4j.internal.manager;

import dev.mp4j.function.SerializableFunction;
import dev.mp4j.manager.SharedValue;

import java.util.Objects;

/** The server side of Value; every method synchronizes on this object. */
final class ValueTarget implements SharedValue<Object> {
    private Object value;

    ValueTarget(Object initial) {
        this.value = initial;
    }

    @Override
    public synchronized Object get() {
        return value;
    }

    @Override
    public synchronized void set(Object value) {
        this.value = value;
    }

    @Override
    public synchronized Object getAndSet(Object value) {
        Object old = this.value;
        this.value = value;
        return old;
    }

    @Override
    public synchronized boolean compareAndSet(Object expected, Object update) {
        if (Objects.equals(value, expected)) {
            value = update;
            return true;
        }
        return false;
    }

    @Override
    public synchronized Object updateAndGet(SerializableFunction<Object, Object> function) {
        value = function.apply(value);
        return value;
    }

    @Override
    public synchronized Object addAndGet(Number delta) {
        value = switch (value) {
            case Integer i -> Math.addExact(i, delta.intValue());
            case Long l -> Math.addExact(l, delta.longValue());
            case Double d -> d + delta.doubleValue();
            case null, default -> throw new IllegalStateException("addAndGet needs an Integer, Long or Double value, not "
                    + (value == null ? "null" : value.getClass().getName()));
        };
        return value;
    }

    @Override
    public synchronized String toString() {
        return "Value(" + value + ")";
    }
}
