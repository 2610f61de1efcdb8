package dev.mp4j.internal.codec;

import java.io.ObjectInputFilter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The classes this JVM agrees to deserialize: the allow-list behind every {@link Codec#decode}.
 *
 * <p>Allowed: a fixed set of JDK value and collection packages, {@code dev.mp4j.**}, the patterns
 * in the system property {@code mp4j.serialAllow} (separated by {@code ;} or {@code ,}; a pattern is
 * a class name, {@code pkg.*} for one package or {@code pkg.**} for a package tree), patterns added
 * with {@link #allow}, and exact class names registered with {@link #allowClass} (the process
 * engine registers the classes of the tasks a trusted parent sends). A deny-list of classes known
 * from public deserialization gadget chains is checked first and always wins.
 *
 * <p>Thread-safe: registrations are visible to every decode that starts after they return.
 */
public final class SerialAllowList {
    private static final List<String> JDK_PACKAGES = List.of(
            "java.lang.", "java.util.", "java.util.concurrent.", "java.util.concurrent.atomic.",
            "java.util.concurrent.locks.", "java.time.", "java.time.chrono.", "java.time.zone.",
            "java.time.format.", "java.time.temporal.", "java.math.", "java.text.", "java.lang.invoke.",
            "java.io.");
    private static final Set<String> JDK_CLASSES = Set.of(
            "java.net.URI", "java.net.URL", "java.net.InetAddress", "java.net.Inet4Address",
            "java.net.Inet6Address", "java.net.InetSocketAddress", "java.util.regex.Pattern",
            "java.nio.charset.Charset");
    private static final List<String> DENIED_PREFIXES = List.of(
            "org.apache.commons.collections.functors.", "org.apache.commons.collections4.functors.",
            "org.apache.commons.beanutils.", "org.codehaus.groovy.runtime.", "org.springframework.beans.factory.",
            "org.springframework.aop.", "com.sun.org.apache.xalan.", "org.apache.xalan.", "javax.management.",
            "java.rmi.", "sun.rmi.", "com.sun.rowset.", "com.sun.jndi.", "javax.naming.", "org.hibernate.",
            "com.mchange.v2.c3p0.", "org.python.core.", "bsh.", "clojure.", "com.alibaba.fastjson.",
            "java.beans.", "java.lang.reflect.Proxy", "jdk.", "sun.");
    private static final Set<String> DENIED_CLASSES = Set.of(
            "java.lang.Runtime", "java.lang.ProcessBuilder",
            "java.lang.Process", "java.lang.Thread", "java.lang.ClassLoader", "java.lang.System");

    private static final List<String> patterns = new CopyOnWriteArrayList<>();
    private static final Set<String> classes = ConcurrentHashMap.newKeySet();

    static {
        String configured = System.getProperty("mp4j.serialAllow", "");
        for (String p : configured.split("[;,]")) {
            if (!p.isBlank()) {
                allow(p.strip());
            }
        }
    }

    private SerialAllowList() {
    }

    /**
     * Allows a class name, {@code pkg.*} or {@code pkg.**}.
     *
     * @throws IllegalArgumentException for a blank or malformed pattern
     */
    public static void allow(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.contains(" ") || pattern.equals("*") || pattern.equals("**")) {
            throw new IllegalArgumentException("invalid allow-list pattern '" + pattern
                    + "': use a class name, 'com.acme.*' (one package) or 'com.acme.**' (a package tree)");
        }
        if (!patterns.contains(pattern)) {
            patterns.add(pattern);
        }
    }

    /** Allows exactly these classes (names as {@link Class#getName()} gives them). */
    public static void allowClasses(Iterable<String> classNames) {
        for (String name : classNames) {
            classes.add(name);
        }
    }

    public static void allowClass(String className) {
        classes.add(className);
    }

    /** The user-configured patterns, to hand to a child JVM. */
    public static List<String> patterns() {
        return List.copyOf(patterns);
    }

    /** The explicitly registered class names, to hand to a child JVM. */
    public static Set<String> registeredClasses() {
        return Set.copyOf(classes);
    }

    /** Why {@code className} is refused, or {@code null} when it is allowed. */
    public static String refusal(String className) {
        for (String denied : DENIED_PREFIXES) {
            if (className.startsWith(denied)) {
                return "class " + className + " is on mp4j's deserialization deny-list (known gadget-chain class)";
            }
        }
        if (DENIED_CLASSES.contains(className)) {
            return "class " + className + " is on mp4j's deserialization deny-list";
        }
        if (isAllowed(className)) {
            return null;
        }
        return "class " + className + " is not on mp4j's deserialization allow-list; allow it with"
                + " -Dmp4j.serialAllow=" + suggestion(className) + " or Serialization.allow(\"" + suggestion(className) + "\")";
    }

    private static String suggestion(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(0, dot) + ".*";
    }

    private static boolean isAllowed(String className) {
        if (classes.contains(className) || JDK_CLASSES.contains(className) || className.startsWith("dev.mp4j.")) {
            return true;
        }
        String owner = className;
        int dollar = owner.indexOf('$');
        if (dollar > 0 && classes.contains(owner.substring(0, dollar))) {
            return true;
        }
        String pkg = packageOf(className);
        for (String jdk : JDK_PACKAGES) {
            if (pkg.equals(jdk)) {
                return true;
            }
        }
        for (String p : patterns) {
            if (p.endsWith(".**")) {
                if (className.startsWith(p.substring(0, p.length() - 2))) {
                    return true;
                }
            } else if (p.endsWith(".*")) {
                if (pkg.equals(p.substring(0, p.length() - 1))) {
                    return true;
                }
            } else if (className.equals(p) || className.startsWith(p + "$")) {
                return true;
            }
        }
        return false;
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot + 1);
    }

    /** The {@link ObjectInputFilter} view of this list, with graph limits against resource exhaustion. */
    static final ObjectInputFilter FILTER = info -> {
        if (info.depth() > 200 || info.references() > 5_000_000 || info.arrayLength() > 256 * 1024 * 1024) {
            return ObjectInputFilter.Status.REJECTED;
        }
        Class<?> type = info.serialClass();
        if (type == null) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type.isPrimitive()) {
            return ObjectInputFilter.Status.ALLOWED;
        }
        if (java.lang.reflect.Proxy.isProxyClass(type)) {
            // never read from a stream (proxy descriptors are refused in resolveProxyClass): this is
            // the readResolve result of an allowed class, e.g. a manager proxy token
            return ObjectInputFilter.Status.ALLOWED;
        }
        return refusal(type.getName()) == null ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    };
}
