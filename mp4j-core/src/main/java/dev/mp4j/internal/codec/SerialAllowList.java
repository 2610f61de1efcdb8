package dev.mp4j.internal.codec;

import java.io.ObjectInputFilter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The classes this JVM agrees to deserialize: the filter behind every {@link Codec#decode}.
 *
 * <p>Two modes. <b>Trusting</b> (the default), Python's model: bytes are decoded only after the
 * peer passed the authkey challenge, and such a peer may send any class the application's own
 * class loaders define (its records, its libraries' value types), plus the allowed JDK packages
 * below. <b>Strict</b> ({@link #setStrict}, {@code -Dmp4j.strictDeserialization=true}), for services
 * whose authenticated peers are not fully trusted: only the allowed JDK packages,
 * {@code dev.mp4j.**}, the classes of the tasks this JVM's trusted parent sent, and patterns added
 * with {@link #allow} or the system property {@code mp4j.serialAllow} (separated by {@code ;} or
 * {@code ,}; a pattern is a class name, {@code pkg.*} for one package or {@code pkg.**} for a
 * package tree).
 *
 * <p>In both modes a deny-list is checked first and always wins: classes of the public
 * deserialization gadget chains (ysoserial's and others), and JDK classes whose {@code hashCode},
 * {@code equals} or {@code readObject} do I/O ({@code java.net.URL} resolves its host when hashed:
 * the URLDNS probe). JDK classes outside the allowed packages (the JDK's own modules, e.g.
 * {@code javax.management}) are refused in both modes unless a pattern allows them.
 *
 * <p>Thread-safe: registrations and the mode are visible to every decode that starts after they
 * change.
 */
public final class SerialAllowList {
    private static final List<String> JDK_PACKAGES = List.of(
            "java.lang.", "java.util.", "java.util.concurrent.", "java.util.concurrent.atomic.",
            "java.util.concurrent.locks.", "java.time.", "java.time.chrono.", "java.time.zone.",
            "java.time.format.", "java.time.temporal.", "java.math.", "java.text.", "java.lang.invoke.",
            "java.io.", "java.util.regex.");
    private static final Set<String> JDK_CLASSES = Set.of(
            "java.net.URI", "java.net.InetAddress", "java.net.Inet4Address",
            "java.net.Inet6Address", "java.net.InetSocketAddress", "java.util.regex.Pattern",
            "java.nio.charset.Charset", "java.util.UUID");
    /** Packages and classes of known gadget chains (ysoserial, marshalsec, and their descendants). */
    private static final List<String> DENIED_PREFIXES = List.of(
            "org.apache.commons.collections.functors.", "org.apache.commons.collections4.functors.",
            "org.apache.commons.collections.keyvalue.TiedMapEntry", "org.apache.commons.collections4.keyvalue.TiedMapEntry",
            "org.apache.commons.collections.map.LazyMap", "org.apache.commons.collections4.map.LazyMap",
            "org.apache.commons.beanutils.", "org.apache.commons.fileupload.disk.DiskFileItem",
            "org.apache.wicket.util.upload.", "org.apache.commons.configuration.", "org.apache.commons.configuration2.",
            "org.codehaus.groovy.runtime.", "groovy.lang.", "org.springframework.beans.factory.",
            "org.springframework.aop.", "org.springframework.core.SerializableTypeWrapper",
            "org.springframework.transaction.jta.", "com.sun.org.apache.xalan.", "org.apache.xalan.",
            "com.sun.org.apache.bcel.", "org.apache.bcel.", "javax.management.", "java.rmi.", "sun.rmi.",
            "com.sun.rowset.", "com.sun.jndi.", "javax.naming.", "org.hibernate.", "com.mchange.v2.c3p0.",
            "org.python.", "bsh.", "clojure.", "com.alibaba.fastjson.", "net.sf.json.", "org.mozilla.javascript.",
            "org.apache.myfaces.", "org.jboss.interceptor.", "org.jboss.weld.", "com.sun.syndication.",
            "com.rometools.rome.feed.impl.", "com.vaadin.data.util.", "org.apache.click.", "javassist.",
            "org.apache.xbean.naming.", "org.apache.tomcat.dbcp.", "org.apache.commons.dbcp.",
            "com.zaxxer.hikari.HikariDataSource", "ch.qos.logback.core.db.", "org.apache.log4j.receivers.",
            "com.fasterxml.jackson.databind.node.POJONode", "org.apache.batik.", "org.eclipse.jetty.util.log.",
            "java.beans.", "java.lang.reflect.Proxy", "javax.script.", "javax.swing.", "jdk.", "sun.",
            "com.sun.");
    private static final Set<String> DENIED_CLASSES = Set.of(
            "java.lang.Runtime", "java.lang.ProcessBuilder", "java.lang.Process", "java.lang.Thread",
            "java.lang.ClassLoader", "java.lang.System", "java.util.ServiceLoader",
            "java.net.URL", "java.net.URLClassLoader", "java.net.HttpURLConnection", "java.io.FileInputStream",
            "java.io.FileOutputStream", "java.io.RandomAccessFile");
    /** Why a deny-listed class is refused, and what to send instead, where there is something better to say. */
    private static final java.util.Map<String, String> DENIAL_REMEDIES = java.util.Map.of(
            "java.net.URL", "its hashCode resolves the host name (the URLDNS probe); send a java.net.URI (url.toURI()) or a String instead");

    private static final List<String> patterns = new CopyOnWriteArrayList<>();
    private static final Set<String> classes = ConcurrentHashMap.newKeySet();
    private static volatile boolean strict = Boolean.getBoolean("mp4j.strictDeserialization");

    static {
        String configured = System.getProperty("mp4j.serialAllow", "");
        if (!configured.isEmpty()) {
            for (String p : configured.replace(';', ',').split(",")) {
                if (!p.isBlank()) {
                    allow(p.strip());
                }
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
        if (pattern == null || pattern.isBlank() || pattern.contains(" ") || pattern.equals("*") || pattern.equals("**")
                || pattern.startsWith(".") || pattern.contains("..")) {
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

    /** Switches between the trusting (default) and the strict mode, for this JVM and the children it starts later. */
    public static void setStrict(boolean on) {
        strict = on;
    }

    public static boolean isStrict() {
        return strict;
    }

    /**
     * Why {@code className} is refused before its class is even loaded (the deny-list; in strict
     * mode, anything not allowed), or {@code null} when it may be loaded and checked with
     * {@link #refusal(Class)}.
     */
    public static String refusal(String className) {
        String denied = denial(className);
        if (denied != null) {
            return denied;
        }
        if (strict && !isAllowed(className)) {
            return notAllowed(className);
        }
        return null;
    }

    /** Why {@code type} is refused, or {@code null} when it is allowed. */
    public static String refusal(Class<?> type) {
        String name = type.getName();
        String denied = denial(name);
        if (denied != null) {
            return denied;
        }
        if (isAllowed(name) || (!strict && isApplicationClass(type))) {
            return null;
        }
        return notAllowed(name);
    }

    private static String denial(String className) {
        for (String denied : DENIED_PREFIXES) {
            if (className.startsWith(denied)) {
                return "class " + className + " is on mp4j's deserialization deny-list (a known gadget-chain class)";
            }
        }
        if (DENIED_CLASSES.contains(className)) {
            String remedy = DENIAL_REMEDIES.get(className);
            return "class " + className + " is on mp4j's deserialization deny-list" + (remedy == null ? "" : ": " + remedy);
        }
        return null;
    }

    private static String notAllowed(String className) {
        String pattern = suggestion(className);
        return "class " + className + (strict ? " is not on mp4j's deserialization allow-list (strict mode is on)"
                : " is a JDK class outside the packages mp4j decodes by default")
                + "; allow it with Serialization.allow(\"" + pattern + "\") in the receiving JVM (children inherit it) or -Dmp4j.serialAllow="
                + pattern;
    }

    /** A class one of the application's class loaders defined: neither the JDK's (boot or platform loader) nor a hidden one. */
    private static boolean isApplicationClass(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader != null && loader != PLATFORM && !type.isHidden();
    }

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

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
    static final ObjectInputFilter FILTER = new Filter();

    /** A named class rather than a lambda: every child JVM initialises this class at start-up. */
    private static final class Filter implements ObjectInputFilter {
        @Override
        public Status checkInput(FilterInfo info) {
            if (info.depth() > 200 || info.references() > 5_000_000 || info.arrayLength() > 256 * 1024 * 1024) {
                return Status.REJECTED;
            }
            Class<?> type = info.serialClass();
            if (type == null) {
                return Status.UNDECIDED;
            }
            while (type.isArray()) {
                type = type.getComponentType();
            }
            if (type.isPrimitive()) {
                return Status.ALLOWED;
            }
            if (java.lang.reflect.Proxy.isProxyClass(type)) {
                // never read from a stream (proxy descriptors are refused in resolveProxyClass): this is
                // the readResolve result of an allowed class, e.g. a manager proxy token
                return Status.ALLOWED;
            }
            return refusal(type) == null ? Status.ALLOWED : Status.REJECTED;
        }
    }
}
