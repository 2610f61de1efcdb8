package dev.mp4j.internal.runtime;

import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * The logger of {@code Multiprocessing.getLogger()}: Python's {@code multiprocessing} logger on
 * SLF4J. It forwards to the SLF4J binding's logger named {@value #NAME} until
 * {@link #logToStderr} is called; from then on it writes, as Python's {@code log_to_stderr()} does
 * (its logger does not propagate), only to {@code System.err}, records of the given level and above,
 * each as {@code [LEVEL/process name] message} followed by the stack trace of a throwable.
 *
 * <p>The level is read from {@code -Dmp4j.logToStderr=LEVEL} when this JVM starts it (children
 * started by a parent that logs to stderr get it that way). Thread-safe: the level is volatile, and
 * each record is written with one {@code println}.
 */
public final class ProcessLogger extends LegacyAbstractLogger {
    public static final String NAME = "dev.mp4j";
    /** The system property that carries the stderr level to child JVMs. */
    public static final String PROPERTY = "mp4j.logToStderr";
    private static final ProcessLogger INSTANCE = new ProcessLogger();

    private final transient Logger binding = LazyLogger.named(NAME);
    private volatile Level stderrLevel = parse(System.getProperty(PROPERTY));
    private volatile Supplier<String> processName = () -> "MainProcess";

    private ProcessLogger() {
        this.name = NAME;
    }

    public static ProcessLogger get() {
        return INSTANCE;
    }

    /** Names the process in records (set once by {@code Multiprocessing}). */
    public void processName(Supplier<String> name) {
        this.processName = name;
    }

    /** Logs to stderr from now on, records of {@code level} and above; sets {@value #PROPERTY} for children. */
    public void logToStderr(Level level) {
        stderrLevel = level;
        System.setProperty(PROPERTY, level.name());
    }

    /** Sends records to the SLF4J binding again (this JVM only; for tests). */
    public void stopLoggingToStderr() {
        stderrLevel = null;
        System.clearProperty(PROPERTY);
    }

    /** The stderr level, or null while records go to the SLF4J binding. */
    public Level stderrLevel() {
        return stderrLevel;
    }

    private static Level parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Level.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.WARN;
        }
    }

    private boolean enabled(Level level, boolean bindingEnabled) {
        Level threshold = stderrLevel;
        return threshold == null ? bindingEnabled : level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE, binding.isTraceEnabled());
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG, binding.isDebugEnabled());
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO, binding.isInfoEnabled());
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN, binding.isWarnEnabled());
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR, binding.isErrorEnabled());
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return ProcessLogger.class.getName();
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
                                               Throwable throwable) {
        String text = MessageFormatter.basicArrayFormat(message, arguments);
        if (stderrLevel == null) {
            var event = binding.atLevel(level).setCause(throwable);
            if (marker != null) {
                event.addMarker(marker);
            }
            event.log(text);
            return;
        }
        PrintStream err = System.err;
        StringBuilder record = new StringBuilder().append('[').append(level).append('/').append(processName.get())
                .append("] ").append(text);
        if (throwable != null) {
            java.io.StringWriter trace = new java.io.StringWriter();
            throwable.printStackTrace(new java.io.PrintWriter(trace));
            record.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        err.println(record);
    }
}
