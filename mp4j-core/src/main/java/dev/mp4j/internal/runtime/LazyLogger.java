package dev.mp4j.internal.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * An SLF4J {@link Logger} that finds its real logger on first use. SLF4J's own start-up (a
 * {@code ServiceLoader} look-up that opens every jar of the class path, then the provider's
 * configuration) took a program's first pool 20 to 100 ms, in a program that had not logged yet:
 * mp4j's classes now pay it only when they actually log, which on the normal path is never or off
 * the caller's thread.
 *
 * <p>Thread-safe: the delegate is published through a volatile field; two threads resolving it at
 * once get the same logger from SLF4J. Until one resolution has returned, resolutions hold a lock:
 * the first one initialises SLF4J, and a thread asking SLF4J for a logger meanwhile would get a
 * substitute, whose calls SLF4J replays after its start-up with a warning on the program's stderr
 * ("A number (7) of logging calls during the initialization phase have been intercepted"), as
 * mp4j's threads did when several of them logged for the first time at once.
 */
public final class LazyLogger implements Logger {
    private final String name;
    private volatile Logger delegate;

    private LazyLogger(String name) {
        this.name = name;
    }

    /** A logger named after {@code owner}, resolved on first use. */
    public static Logger of(Class<?> owner) {
        return new LazyLogger(owner.getName());
    }

    /** A logger named {@code name}, resolved on first use. */
    public static Logger named(String name) {
        return new LazyLogger(name);
    }

    private static final java.util.concurrent.locks.ReentrantLock FIRST_RESOLUTION = new java.util.concurrent.locks.ReentrantLock();
    /** Set once a resolution returned: SLF4J is initialised and hands out real loggers. */
    private static volatile boolean resolvedOnce;

    private Logger delegate() {
        Logger logger = delegate;
        if (logger == null) {
            if (resolvedOnce) {
                logger = LoggerFactory.getLogger(name);
            } else {
                FIRST_RESOLUTION.lock();
                try {
                    logger = LoggerFactory.getLogger(name);
                    resolvedOnce = true;
                } finally {
                    FIRST_RESOLUTION.unlock();
                }
            }
            delegate = logger;
        }
        return logger;
    }

    @Override
    public String getName() {
        return delegate().getName();
    }

    @Override
    public void info(String a0, Object a1, Object a2) {
        delegate().info(a0, a1, a2);
    }

    @Override
    public void info(String a0, Object... a1) {
        delegate().info(a0, a1);
    }

    @Override
    public void info(String a0, Throwable a1) {
        delegate().info(a0, a1);
    }

    @Override
    public void info(String a0, Object a1) {
        delegate().info(a0, a1);
    }

    @Override
    public void info(String a0) {
        delegate().info(a0);
    }

    @Override
    public void info(Marker a0, String a1, Throwable a2) {
        delegate().info(a0, a1, a2);
    }

    @Override
    public void info(Marker a0, String a1, Object... a2) {
        delegate().info(a0, a1, a2);
    }

    @Override
    public void info(Marker a0, String a1, Object a2, Object a3) {
        delegate().info(a0, a1, a2, a3);
    }

    @Override
    public void info(Marker a0, String a1, Object a2) {
        delegate().info(a0, a1, a2);
    }

    @Override
    public void info(Marker a0, String a1) {
        delegate().info(a0, a1);
    }

    @Override
    public void trace(Marker a0, String a1, Throwable a2) {
        delegate().trace(a0, a1, a2);
    }

    @Override
    public void trace(String a0, Throwable a1) {
        delegate().trace(a0, a1);
    }

    @Override
    public void trace(String a0, Object a1) {
        delegate().trace(a0, a1);
    }

    @Override
    public void trace(String a0, Object a1, Object a2) {
        delegate().trace(a0, a1, a2);
    }

    @Override
    public void trace(String a0, Object... a1) {
        delegate().trace(a0, a1);
    }

    @Override
    public void trace(Marker a0, String a1, Object a2) {
        delegate().trace(a0, a1, a2);
    }

    @Override
    public void trace(Marker a0, String a1, Object a2, Object a3) {
        delegate().trace(a0, a1, a2, a3);
    }

    @Override
    public void trace(Marker a0, String a1) {
        delegate().trace(a0, a1);
    }

    @Override
    public void trace(Marker a0, String a1, Object... a2) {
        delegate().trace(a0, a1, a2);
    }

    @Override
    public void trace(String a0) {
        delegate().trace(a0);
    }

    @Override
    public void error(Marker a0, String a1, Object... a2) {
        delegate().error(a0, a1, a2);
    }

    @Override
    public void error(Marker a0, String a1) {
        delegate().error(a0, a1);
    }

    @Override
    public void error(String a0, Object a1) {
        delegate().error(a0, a1);
    }

    @Override
    public void error(String a0, Throwable a1) {
        delegate().error(a0, a1);
    }

    @Override
    public void error(String a0, Object... a1) {
        delegate().error(a0, a1);
    }

    @Override
    public void error(String a0, Object a1, Object a2) {
        delegate().error(a0, a1, a2);
    }

    @Override
    public void error(String a0) {
        delegate().error(a0);
    }

    @Override
    public void error(Marker a0, String a1, Object a2) {
        delegate().error(a0, a1, a2);
    }

    @Override
    public void error(Marker a0, String a1, Object a2, Object a3) {
        delegate().error(a0, a1, a2, a3);
    }

    @Override
    public void error(Marker a0, String a1, Throwable a2) {
        delegate().error(a0, a1, a2);
    }

    @Override
    public void warn(String a0, Throwable a1) {
        delegate().warn(a0, a1);
    }

    @Override
    public void warn(Marker a0, String a1, Object a2) {
        delegate().warn(a0, a1, a2);
    }

    @Override
    public void warn(Marker a0, String a1) {
        delegate().warn(a0, a1);
    }

    @Override
    public void warn(String a0, Object... a1) {
        delegate().warn(a0, a1);
    }

    @Override
    public void warn(String a0, Object a1) {
        delegate().warn(a0, a1);
    }

    @Override
    public void warn(String a0) {
        delegate().warn(a0);
    }

    @Override
    public void warn(String a0, Object a1, Object a2) {
        delegate().warn(a0, a1, a2);
    }

    @Override
    public void warn(Marker a0, String a1, Throwable a2) {
        delegate().warn(a0, a1, a2);
    }

    @Override
    public void warn(Marker a0, String a1, Object a2, Object a3) {
        delegate().warn(a0, a1, a2, a3);
    }

    @Override
    public void warn(Marker a0, String a1, Object... a2) {
        delegate().warn(a0, a1, a2);
    }

    @Override
    public void debug(String a0, Object... a1) {
        delegate().debug(a0, a1);
    }

    @Override
    public void debug(String a0, Object a1) {
        delegate().debug(a0, a1);
    }

    @Override
    public void debug(String a0, Throwable a1) {
        delegate().debug(a0, a1);
    }

    @Override
    public void debug(String a0, Object a1, Object a2) {
        delegate().debug(a0, a1, a2);
    }

    @Override
    public void debug(Marker a0, String a1, Object a2) {
        delegate().debug(a0, a1, a2);
    }

    @Override
    public void debug(Marker a0, String a1, Object a2, Object a3) {
        delegate().debug(a0, a1, a2, a3);
    }

    @Override
    public void debug(Marker a0, String a1, Object... a2) {
        delegate().debug(a0, a1, a2);
    }

    @Override
    public void debug(Marker a0, String a1, Throwable a2) {
        delegate().debug(a0, a1, a2);
    }

    @Override
    public void debug(Marker a0, String a1) {
        delegate().debug(a0, a1);
    }

    @Override
    public void debug(String a0) {
        delegate().debug(a0);
    }

    @Override
    public boolean isTraceEnabled(Marker a0) {
        return delegate().isTraceEnabled(a0);
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate().isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled(Marker a0) {
        return delegate().isDebugEnabled(a0);
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate().isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled(Marker a0) {
        return delegate().isInfoEnabled(a0);
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate().isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return delegate().isWarnEnabled();
    }

    @Override
    public boolean isWarnEnabled(Marker a0) {
        return delegate().isWarnEnabled(a0);
    }

    @Override
    public boolean isErrorEnabled(Marker a0) {
        return delegate().isErrorEnabled(a0);
    }

    @Override
    public boolean isErrorEnabled() {
        return delegate().isErrorEnabled();
    }
}
