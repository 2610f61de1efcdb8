package dev.mp4j.internal.codec;

import java.io.NotSerializableException;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Finds where in an object graph the value that is not serializable sits, so the error can name
 * the class and field ("captured argument 0 of the lambda in com.acme.Main holds a
 * java.lang.Thread"), not just the leaf class as {@link NotSerializableException} does.
 *
 * <p>Best effort: fields the inspector cannot read (strong encapsulation) are skipped, and the JDK's
 * own message is used when no path is found.
 */
final class SerializabilityInspector {
    private static final int MAX_VISITS = 10_000;

    private SerializabilityInspector() {
    }

    record Step(Object value, String path) {
    }

    static String explain(Object root, NotSerializableException e) {
        String path = findPath(root);
        String leaf = e.getMessage();
        String where = path != null ? path : "somewhere inside " + describe(root);
        return "not serializable: " + where + " holds a " + leaf + ", which does not implement java.io.Serializable."
                + " Make that field transient, create the object inside the task, or pass a serializable value instead.";
    }

    /** The error for a JDK lock (or semaphore) that would reach another process as a useless copy. */
    static String explainThreadOnly(String type, String path) {
        return "not sendable to another process: " + path + " holds a " + type
                + ", which synchronizes only the threads of one JVM (the other process would get an unlocked copy of its own)."
                + " Use dev.mp4j.sync.Lock, RLock or Semaphore, which work across processes, make the field transient,"
                + " or create the lock inside the task.";
    }

    private static String describe(Object value) {
        Class<?> type = value.getClass();
        return type.isSynthetic() || type.isHidden() ? "the lambda " + type.getName() : "an instance of " + type.getName();
    }

    static String findPath(Object root) {
        return findPath(root, value -> !(value instanceof Serializable) && !value.getClass().isArray());
    }

    /** The path from {@code root} to the first value {@code culprit} accepts, or null. */
    static String findPath(Object root, java.util.function.Predicate<Object> culprit) {
        Deque<Step> pending = new ArrayDeque<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        pending.add(new Step(root, "the task"));
        int visits = 0;
        while (!pending.isEmpty() && visits++ < MAX_VISITS) {
            Step step = pending.poll();
            Object value = step.value();
            if (value == null || seen.put(value, Boolean.TRUE) != null) {
                continue;
            }
            Class<?> type = value.getClass();
            if (culprit.test(value)) {
                return step.path();
            }
            SerializedLambda lambda = serializedForm(value);
            if (lambda != null) {
                String owner = lambda.getCapturingClass().replace('/', '.');
                for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
                    pending.add(new Step(lambda.getCapturedArg(i),
                            "captured argument " + i + " of the lambda in " + owner));
                }
                continue;
            }
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    Object[] array = (Object[]) value;
                    for (int i = 0; i < array.length; i++) {
                        pending.add(new Step(array[i], step.path() + "[" + i + "]"));
                    }
                }
                continue;
            }
            if (value instanceof Collection<?> collection && type.getName().startsWith("java.")) {
                int i = 0;
                for (Object element : collection) {
                    pending.add(new Step(element, "element " + i++ + " of " + step.path()));
                }
                continue;
            }
            if (value instanceof Map<?, ?> map && type.getName().startsWith("java.")) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    pending.add(new Step(entry.getKey(), "a key of " + step.path()));
                    pending.add(new Step(entry.getValue(), "the value for key " + entry.getKey() + " of " + step.path()));
                }
                continue;
            }
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    int modifiers = field.getModifiers();
                    if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.getType().isPrimitive()) {
                        continue;
                    }
                    try {
                        field.setAccessible(true);
                        pending.add(new Step(field.get(value), "field '" + field.getName() + "' of " + c.getName()));
                    } catch (RuntimeException | IllegalAccessException inaccessible) {
                        // strongly encapsulated: cannot look inside
                    }
                }
            }
        }
        return null;
    }

    private static SerializedLambda serializedForm(Object value) {
        Class<?> type = value.getClass();
        if (!type.isSynthetic() && !type.isHidden()) {
            return null;
        }
        try {
            Method writeReplace = type.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return writeReplace.invoke(value) instanceof SerializedLambda lambda ? lambda : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
