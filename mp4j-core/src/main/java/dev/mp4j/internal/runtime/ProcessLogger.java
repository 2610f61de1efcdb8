package dev.mp4j.internal.runtime;

import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.FormattingTuple;
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
 *
 * <p>It implements {@link Logger} itself and uses only the API that SLF4J 1.7 and 2.x share, as
 * {@link LazyLogger} does: an application that pins {@code slf4j-api} 1.7 (Maven picks the nearest
 * version) must get working logging, not a {@code NoClassDefFoundError} from mp4j's first class.
 */
public final class ProcessLogger implements Logger {
    public static final String NAME = "dev.mp4j";
    /** The system property that carries the stderr level to child JVMs. */
    public static final String PROPERTY = "mp4j.logToStderr";
    private static final ProcessLogger INSTANCE = new ProcessLogger();

    private final Logger binding = LazyLogger.named(NAME);
    private volatile Level stderrLevel = parse(System.getProperty(PROPERTY));
    private volatile Supplier<String> processName = () -> "MainProcess";

    private ProcessLogger() {
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
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return isTraceEnabled();
    }

    @Override
    public void trace(String message) {
        if (isTraceEnabled()) {
            emit(Level.TRACE, null, message, null);
        }
    }

    @Override
    public void trace(String format, Object argument) {
        if (isTraceEnabled()) {
            format(Level.TRACE, null, format, new Object[] {argument});
        }
    }

    @Override
    public void trace(String format, Object first, Object second) {
        if (isTraceEnabled()) {
            format(Level.TRACE, null, format, new Object[] {first, second});
        }
    }

    @Override
    public void trace(String format, Object... arguments) {
        if (isTraceEnabled()) {
            format(Level.TRACE, null, format, arguments);
        }
    }

    @Override
    public void trace(String message, Throwable throwable) {
        if (isTraceEnabled()) {
            emit(Level.TRACE, null, message, throwable);
        }
    }

    @Override
    public void trace(Marker marker, String message) {
        if (isTraceEnabled()) {
            emit(Level.TRACE, marker, message, null);
        }
    }

    @Override
    public void trace(Marker marker, String format, Object argument) {
        if (isTraceEnabled()) {
            format(Level.TRACE, marker, format, new Object[] {argument});
        }
    }

    @Override
    public void trace(Marker marker, String format, Object first, Object second) {
        if (isTraceEnabled()) {
            format(Level.TRACE, marker, format, new Object[] {first, second});
        }
    }

    @Override
    public void trace(Marker marker, String format, Object... arguments) {
        if (isTraceEnabled()) {
            format(Level.TRACE, marker, format, arguments);
        }
    }

    @Override
    public void trace(Marker marker, String message, Throwable throwable) {
        if (isTraceEnabled()) {
            emit(Level.TRACE, marker, message, throwable);
        }
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return isDebugEnabled();
    }

    @Override
    public void debug(String message) {
        if (isDebugEnabled()) {
            emit(Level.DEBUG, null, message, null);
        }
    }

    @Override
    public void debug(String format, Object argument) {
        if (isDebugEnabled()) {
            format(Level.DEBUG, null, format, new Object[] {argument});
        }
    }

    @Override
    public void debug(String format, Object first, Object second) {
        if (isDebugEnabled()) {
            format(Level.DEBUG, null, format, new Object[] {first, second});
        }
    }

    @Override
    public void debug(String format, Object... arguments) {
        if (isDebugEnabled()) {
            format(Level.DEBUG, null, format, arguments);
        }
    }

    @Override
    public void debug(String message, Throwable throwable) {
        if (isDebugEnabled()) {
            emit(Level.DEBUG, null, message, throwable);
        }
    }

    @Override
    public void debug(Marker marker, String message) {
        if (isDebugEnabled()) {
            emit(Level.DEBUG, marker, message, null);
        }
    }

    @Override
    public void debug(Marker marker, String format, Object argument) {
        if (isDebugEnabled()) {
            format(Level.DEBUG, marker, format, new Object[] {argument});
        }
    }

    @Override
    public void debug(Marker marker, String format, Object first, Object second) {
        if (isDebugEnabled()) {
            format(Level.DEBUG, marker, format, new Object[] {first, second});
        }
    }

    @Override
    public void debug(Marker marker, String format, Object... arguments) {
        if (isDebugEnabled()) {
            format(Level.DEBUG, marker, format, arguments);
        }
    }

    @Override
    public void debug(Marker marker, String message, Throwable throwable) {
        if (isDebugEnabled()) {
            emit(Level.DEBUG, marker, message, throwable);
        }
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return isInfoEnabled();
    }

    @Override
    public void info(String message) {
        if (isInfoEnabled()) {
            emit(Level.INFO, null, message, null);
        }
    }

    @Override
    public void info(String format, Object argument) {
        if (isInfoEnabled()) {
            format(Level.INFO, null, format, new Object[] {argument});
        }
    }

    @Override
    public void info(String format, Object first, Object second) {
        if (isInfoEnabled()) {
            format(Level.INFO, null, format, new Object[] {first, second});
        }
    }

    @Override
    public void info(String format, Object... arguments) {
        if (isInfoEnabled()) {
            format(Level.INFO, null, format, arguments);
        }
    }

    @Override
    public void info(String message, Throwable throwable) {
        if (isInfoEnabled()) {
            emit(Level.INFO, null, message, throwable);
        }
    }

    @Override
    public void info(Marker marker, String message) {
        if (isInfoEnabled()) {
            emit(Level.INFO, marker, message, null);
        }
    }

    @Override
    public void info(Marker marker, String format, Object argument) {
        if (isInfoEnabled()) {
            format(Level.INFO, marker, format, new Object[] {argument});
        }
    }

    @Override
    public void info(Marker marker, String format, Object first, Object second) {
        if (isInfoEnabled()) {
            format(Level.INFO, marker, format, new Object[] {first, second});
        }
    }

    @Override
    public void info(Marker marker, String format, Object... arguments) {
        if (isInfoEnabled()) {
            format(Level.INFO, marker, format, arguments);
        }
    }

    @Override
    public void info(Marker marker, String message, Throwable throwable) {
        if (isInfoEnabled()) {
            emit(Level.INFO, marker, message, throwable);
        }
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return isWarnEnabled();
    }

    @Override
    public void warn(String message) {
        if (isWarnEnabled()) {
            emit(Level.WARN, null, message, null);
        }
    }

    @Override
    public void warn(String format, Object argument) {
        if (isWarnEnabled()) {
            format(Level.WARN, null, format, new Object[] {argument});
        }
    }

    @Override
    public void warn(String format, Object first, Object second) {
        if (isWarnEnabled()) {
            format(Level.WARN, null, format, new Object[] {first, second});
        }
    }

    @Override
    public void warn(String format, Object... arguments) {
        if (isWarnEnabled()) {
            format(Level.WARN, null, format, arguments);
        }
    }

    @Override
    public void warn(String message, Throwable throwable) {
        if (isWarnEnabled()) {
            emit(Level.WARN, null, message, throwable);
        }
    }

    @Override
    public void warn(Marker marker, String message) {
        if (isWarnEnabled()) {
            emit(Level.WARN, marker, message, null);
        }
    }

    @Override
    public void warn(Marker marker, String format, Object argument) {
        if (isWarnEnabled()) {
            format(Level.WARN, marker, format, new Object[] {argument});
        }
    }

    @Override
    public void warn(Marker marker, String format, Object first, Object second) {
        if (isWarnEnabled()) {
            format(Level.WARN, marker, format, new Object[] {first, second});
        }
    }

    @Override
    public void warn(Marker marker, String format, Object... arguments) {
        if (isWarnEnabled()) {
            format(Level.WARN, marker, format, arguments);
        }
    }

    @Override
    public void warn(Marker marker, String message, Throwable throwable) {
        if (isWarnEnabled()) {
            emit(Level.WARN, marker, message, throwable);
        }
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return isErrorEnabled();
    }

    @Override
    public void error(String message) {
        if (isErrorEnabled()) {
            emit(Level.ERROR, null, message, null);
        }
    }

    @Override
    public void error(String format, Object argument) {
        if (isErrorEnabled()) {
            format(Level.ERROR, null, format, new Object[] {argument});
        }
    }

    @Override
    public void error(String format, Object first, Object second) {
        if (isErrorEnabled()) {
            format(Level.ERROR, null, format, new Object[] {first, second});
        }
    }

    @Override
    public void error(String format, Object... arguments) {
        if (isErrorEnabled()) {
            format(Level.ERROR, null, format, arguments);
        }
    }

    @Override
    public void error(String message, Throwable throwable) {
        if (isErrorEnabled()) {
            emit(Level.ERROR, null, message, throwable);
        }
    }

    @Override
    public void error(Marker marker, String message) {
        if (isErrorEnabled()) {
            emit(Level.ERROR, marker, message, null);
        }
    }

    @Override
    public void error(Marker marker, String format, Object argument) {
        if (isErrorEnabled()) {
            format(Level.ERROR, marker, format, new Object[] {argument});
        }
    }

    @Override
    public void error(Marker marker, String format, Object first, Object second) {
        if (isErrorEnabled()) {
            format(Level.ERROR, marker, format, new Object[] {first, second});
        }
    }

    @Override
    public void error(Marker marker, String format, Object... arguments) {
        if (isErrorEnabled()) {
            format(Level.ERROR, marker, format, arguments);
        }
    }

    @Override
    public void error(Marker marker, String message, Throwable throwable) {
        if (isErrorEnabled()) {
            emit(Level.ERROR, marker, message, throwable);
        }
    }

    /** Formats as SLF4J does: a trailing throwable argument without a placeholder is the record's throwable. */
    private void format(Level level, Marker marker, String format, Object[] arguments) {
        FormattingTuple tuple = MessageFormatter.arrayFormat(format, arguments);
        emit(level, marker, tuple.getMessage(), tuple.getThrowable());
    }

    private void emit(Level level, Marker marker, String text, Throwable throwable) {
        if (stderrLevel == null) {
            forward(level, marker, text, throwable);
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

    /** To the binding's logger, through the methods SLF4J 1.7 has too (not 2.x's fluent API). */
    private void forward(Level level, Marker marker, String text, Throwable throwable) {
        if (marker == null) {
            switch (level) {
                case TRACE -> binding.trace(text, throwable);
                case DEBUG -> binding.debug(text, throwable);
                case INFO -> binding.info(text, throwable);
                case WARN -> binding.warn(text, throwable);
                case ERROR -> binding.error(text, throwable);
            }
        } else {
            switch (level) {
                case TRACE -> binding.trace(marker, text, throwable);
                case DEBUG -> binding.debug(marker, text, throwable);
                case INFO -> binding.info(marker, text, throwable);
                case WARN -> binding.warn(marker, text, throwable);
                case ERROR -> binding.error(marker, text, throwable);
            }
        }
    }
}
