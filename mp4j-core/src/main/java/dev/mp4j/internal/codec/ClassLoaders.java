package dev.mp4j.internal.codec;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's class loaders this JVM has seen in objects it sent (tasks, arguments, queue
 * items), so that it can resolve the same classes when they come back on a thread whose context
 * class loader does not see them: a result decoded by a pool's reader thread in a program started
 * by {@code mvn exec:java}, a Spring Boot jar or the source launcher, whose classes live in a
 * loader of their own.
 *
 * <p>At most {@link #MAX} loaders are kept, weakly (a discarded plugin's loader can be collected);
 * the most recently added is tried first. Thread-safe: the array is replaced, never changed.
 */
public final class ClassLoaders {
    private static final int MAX = 16;
    private static final ClassLoader SYSTEM = ClassLoader.getSystemClassLoader();
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();
    @SuppressWarnings("unchecked")
    private static volatile WeakReference<ClassLoader>[] known = new WeakReference[0];

    private ClassLoaders() {
    }

    /** Remembers the loader of {@code type} when it is an application loader other than the system one. */
    public static void remember(Class<?> type) {
        remember(type.getClassLoader());
    }

    /** Remembers {@code loader} when it is an application loader other than the system one. */
    public static void remember(ClassLoader loader) {
        if (loader == null || loader == SYSTEM || loader == PLATFORM) {
            return;
        }
        WeakReference<ClassLoader>[] current = known;
        for (WeakReference<ClassLoader> ref : current) {
            if (ref.get() == loader) {
                return;
            }
        }
        synchronized (ClassLoaders.class) {
            List<WeakReference<ClassLoader>> next = new ArrayList<>(MAX);
            next.add(new WeakReference<>(loader));
            for (WeakReference<ClassLoader> ref : known) {
                ClassLoader other = ref.get();
                if (other != null && other != loader && next.size() < MAX) {
                    next.add(ref);
                }
            }
            @SuppressWarnings("unchecked")
            WeakReference<ClassLoader>[] array = next.toArray(new WeakReference[0]);
            known = array;
        }
    }

    /**
     * Loads (without initialising) {@code name} from the calling thread's context class loader,
     * then the remembered loaders, then mp4j's own loader.
     *
     * @throws ClassNotFoundException when none of them has it
     */
    public static Class<?> load(String name) throws ClassNotFoundException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            try {
                return Class.forName(name, false, context);
            } catch (ClassNotFoundException ignored) {
                // try the others
            }
        }
        for (WeakReference<ClassLoader> ref : known) {
            ClassLoader loader = ref.get();
            if (loader != null && loader != context) {
                try {
                    return Class.forName(name, false, loader);
                } catch (ClassNotFoundException ignored) {
                    // next
                }
            }
        }
        return Class.forName(name, false, ClassLoaders.class.getClassLoader());
    }

    /** The remembered loaders, most recent first (for the child class path). */
    public static List<ClassLoader> remembered() {
        List<ClassLoader> loaders = new ArrayList<>();
        for (WeakReference<ClassLoader> ref : known) {
            ClassLoader loader = ref.get();
            if (loader != null) {
                loaders.add(loader);
            }
        }
        return loaders;
    }
}
