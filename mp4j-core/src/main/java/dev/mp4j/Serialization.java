package dev.mp4j;

import dev.mp4j.internal.codec.SerialAllowList;
import dev.mp4j.internal.process.ProcessEngine;

import java.util.Objects;

/**
 * What this JVM agrees to deserialize from other processes: the counterpart of trusting a pickle.
 *
 * <p>Nothing a peer sends is decoded before it passed the authkey challenge (child JVMs, pipes'
 * peers, managers, {@code Listener}/{@code Client}, the cluster's Redis password). After that, by
 * default, mp4j trusts the peer as Python trusts an unpickling peer: the application's own classes
 * (any class its class loaders define: your records, your libraries' value types) and the JDK's
 * value and collection types cross without configuration. A deny-list always holds in every mode:
 * the classes of known deserialization gadget chains, and JDK classes whose {@code hashCode},
 * {@code equals} or {@code readObject} do I/O ({@code java.net.URL}: send a {@code URI}).
 *
 * <p>{@linkplain #setStrict Strict mode} is for services whose authenticated peers are not fully
 * trusted (a manager server shared by several teams): only the JDK's value types, mp4j's own
 * classes, the classes of tasks this JVM's parent sent, and what {@link #allow} names are decoded.
 * The trade-off: every application class that crosses must be allowed by name, in every JVM that
 * receives it.
 *
 * <pre>{@code
 * Serialization.setStrict(true);                  // or -Dmp4j.strictDeserialization=true
 * Serialization.allow("com.acme.orders.**");      // or -Dmp4j.serialAllow=com.acme.orders.**
 * }</pre>
 *
 * <p>Settings are JVM-wide and reach the child JVMs started after they are made (set them before
 * creating pools). Thread-safe.
 */
public final class Serialization {
    private Serialization() {
    }

    /**
     * Allows classes by pattern: a class name ({@code com.acme.Order}, nested classes included),
     * {@code com.acme.*} (one package) or {@code com.acme.**} (a package tree). Needed in strict
     * mode for the application's classes, and in either mode for JDK classes outside the default
     * packages. Never overrides the deny-list. Adds to the patterns of
     * {@code -Dmp4j.serialAllow}; there is no way to remove one.
     *
     * @param pattern the class name or package pattern
     * @throws IllegalArgumentException for a blank or malformed pattern, or one that allows everything
     */
    public static void allow(String pattern) {
        SerialAllowList.allow(pattern);
        ProcessEngine.trustSettingsChanged();
    }

    /**
     * Allows {@code type} (and its nested classes) by name; as {@link #allow(String)} with its name.
     *
     * @param type the class to allow
     * @throws NullPointerException when {@code type} is null
     */
    public static void allow(Class<?> type) {
        allow(Objects.requireNonNull(type, "type").getName());
    }

    /**
     * Turns strict mode on or off for this JVM and the child JVMs it starts afterwards.
     * Off (trusting) by default, or as {@code -Dmp4j.strictDeserialization} says. Child JVMs
     * already running keep the mode they started with.
     *
     * @param strict true to decode only allowed classes, false to trust authenticated peers
     */
    public static void setStrict(boolean strict) {
        SerialAllowList.setStrict(strict);
        ProcessEngine.trustSettingsChanged();
    }

    /**
     * Whether strict mode is on in this JVM.
     *
     * @return true when only allowed classes are decoded
     */
    public static boolean isStrict() {
        return SerialAllowList.isStrict();
    }
}
