package dev.mp4j.internal.runtime;


/**
 * This process's authkey (Python's {@code current_process().authkey}): 32 random bytes in the JVM
 * the user started, the parent's in a child JVM, which receives it on its stdin before anything
 * else runs. The process engine authenticates its children with it, and managers use it when given
 * no authkey, so a child reaches its parent's manager without being handed the key.
 *
 * <p>Set at most once, by the child bootstrap, before any user code runs; read-only afterwards.
 * The array is never handed out: callers get copies.
 */
public final class ProcessAuthkey {
    private static volatile byte[] key;

    private ProcessAuthkey() {
    }

    /** A copy of this process's authkey, created on first use in a JVM that inherited none. */
    public static byte[] get() {
        byte[] current = key;
        if (current == null) {
            synchronized (ProcessAuthkey.class) {
                if (key == null) {
                    byte[] fresh = Randomness.bytes(32);
                    key = fresh;
                }
                current = key;
            }
        }
        return current.clone();
    }

    /** Called by a child JVM's bootstrap with the key its parent runs with. */
    public static void inherit(byte[] parentKey) {
        synchronized (ProcessAuthkey.class) {
            key = parentKey.clone();
        }
    }
}
