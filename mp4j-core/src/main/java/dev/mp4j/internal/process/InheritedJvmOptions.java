package dev.mp4j.internal.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JVM options a child inherits through the environment ({@code JAVA_TOOL_OPTIONS},
 * {@code JDK_JAVA_OPTIONS}, {@code _JAVA_OPTIONS}), with a listening debug agent made fit for many
 * JVMs. A developer who debugs a program by setting, say,
 * {@code JAVA_TOOL_OPTIONS=-agentlib:jdwp=transport=dt_socket,server=y,address=5005} gives every child
 * the same agent: each child then tried to listen on the port the parent holds and exited before
 * running mp4j's code ("bind failed: Address already in use"), and with {@code suspend=y} (the
 * agent's default) a child that got the port would wait for a debugger nobody attaches. So in what a
 * child inherits, a JDWP agent that listens ({@code server=y}) listens on a port of its own
 * ({@code address=host:0}, printed by the child as "Listening for transport dt_socket at address:
 * N", where a debugger can attach) and does not suspend. An agent that connects out to a listening
 * debugger ({@code server=n}) and every other option are passed on unchanged.
 *
 * <p>Stateless and thread-safe.
 */
public final class InheritedJvmOptions {
    static final List<String> VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    /** This JVM's environment's changes, read once. */
    private static final Map<String, String> FOR_CHILDREN = forChild(System::getenv);

    private InheritedJvmOptions() {
    }

    /** Gives {@code builder}, which starts a JVM, the changed options (nothing to do for most programs). */
    public static void applyTo(ProcessBuilder builder) {
        if (!FOR_CHILDREN.isEmpty()) {
            builder.environment().putAll(FOR_CHILDREN);
        }
    }

    /** The variables of {@code environment} a child must get changed, with their new values; empty for most programs. */
    static Map<String, String> forChild(java.util.function.UnaryOperator<String> environment) {
        Map<String, String> changed = new LinkedHashMap<>();
        for (String variable : VARIABLES) {
            String value = environment.apply(variable);
            if (value != null) {
                String rewritten = rewrite(value);
                if (!rewritten.equals(value)) {
                    changed.put(variable, rewritten);
                }
            }
        }
        return changed;
    }

    /** {@code options} with each listening JDWP agent given port 0 and {@code suspend=n}. */
    static String rewrite(String options) {
        StringBuilder out = new StringBuilder(options.length() + 16);
        int i = 0;
        while (i < options.length()) {
            int start = i;
            while (i < options.length() && !Character.isWhitespace(options.charAt(i))) {
                i++;
            }
            out.append(rewriteOption(options.substring(start, i)));
            while (i < options.length() && Character.isWhitespace(options.charAt(i))) {
                out.append(options.charAt(i++));
            }
        }
        return out.toString();
    }

    private static String rewriteOption(String option) {
        String prefix = option.startsWith("-agentlib:jdwp=") ? "-agentlib:jdwp="
                : option.startsWith("-Xrunjdwp:") ? "-Xrunjdwp:" : null;
        if (prefix == null) {
            return option;
        }
        String[] parts = option.substring(prefix.length()).split(",", -1);
        boolean listens = false;
        for (String part : parts) {
            if (part.equals("server=y")) {
                listens = true;
            }
        }
        if (!listens) {
            return option;
        }
        StringBuilder out = new StringBuilder(prefix);
        boolean suspendGiven = false;
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            if (part.startsWith("address=")) {
                part = "address=" + portZero(part.substring("address=".length()));
            } else if (part.startsWith("suspend=")) {
                part = "suspend=n";
                suspendGiven = true;
            }
            out.append(p == 0 ? "" : ",").append(part);
        }
        if (!suspendGiven) {
            out.append(",suspend=n"); // the agent's default is y
        }
        return out.toString();
    }

    /** {@code 5005} to {@code 0}, {@code host:5005} to {@code host:0}; anything else unchanged. */
    private static String portZero(String address) {
        int colon = address.lastIndexOf(':');
        String port = address.substring(colon + 1);
        if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
            return address;
        }
        return address.substring(0, colon + 1) + "0";
    }
}
