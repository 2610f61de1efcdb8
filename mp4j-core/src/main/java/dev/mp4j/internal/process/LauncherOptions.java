package dev.mp4j.internal.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The module-system options this JVM was started with ({@code --add-opens}, {@code --add-exports},
 * {@code --add-reads}, {@code --patch-module}, {@code --add-modules}, {@code --limit-modules},
 * {@code --upgrade-module-path}), which a child JVM needs too: Surefire patches a module's test
 * classes into it with {@code --patch-module}, and libraries often need an {@code --add-opens}.
 * Python's spawn likewise starts children with the parent interpreter's flags.
 *
 * <p>Read once from {@code /proc/self/cmdline} (argument files expanded, as the launcher does);
 * the JVM removes these options from its system properties. {@code JAVA_TOOL_OPTIONS} and
 * {@code JDK_JAVA_OPTIONS} need no forwarding: a child inherits the environment. Where
 * {@code /proc} is missing, nothing is forwarded.
 */
final class LauncherOptions {
    private static final Set<String> WITH_VALUE = Set.of("--add-opens", "--add-exports", "--add-reads", "--patch-module",
            "--add-modules", "--limit-modules", "--upgrade-module-path");
    /** Launcher options that take a separate value and are not forwarded. */
    private static final Set<String> SKIPPED_WITH_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
            "--source", "--enable-native-access", "--illegal-access", "--describe-module", "-d");
    private static final List<String> FORWARDED = forwarded();

    private LauncherOptions() {
    }

    /** The options to give a child, each as one {@code --option=value} argument. */
    static List<String> moduleOptions() {
        return FORWARDED;
    }

    private static List<String> forwarded() {
        try {
            byte[] raw;
            // a FileInputStream, not Files.readAllBytes: the NIO channel classes cost a program's first pool milliseconds
            try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/self/cmdline")) {
                raw = in.readAllBytes();
            }
            List<String> arguments = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    arguments.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return select(expand(arguments.subList(Math.min(1, arguments.size()), arguments.size())));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Replaces {@code @file} arguments (before the main class) with the file's arguments. */
    static List<String> expand(List<String> arguments) throws IOException {
        List<String> expanded = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith("@") && !argument.startsWith("@@") && Files.isRegularFile(Path.of(argument.substring(1)))) {
                expanded.addAll(parseArgumentFile(Files.readString(Path.of(argument.substring(1)))));
            } else {
                expanded.add(argument);
            }
        }
        return expanded;
    }

    /** The launcher's argument-file syntax: whitespace-separated, quotes group, {@code #} starts a comment line. */
    static List<String> parseArgumentFile(String text) {
        List<String> arguments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inToken = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length()) {
                    current.append(text.charAt(++i));
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (c == '#' && !inToken) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    arguments.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (inToken) {
            arguments.add(current.toString());
        }
        return arguments;
    }

    /** The module options among the JVM options, which end at the main class, {@code -jar} or {@code -m}. */
    static List<String> select(List<String> arguments) {
        List<String> options = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (!argument.startsWith("-") || argument.equals("-jar") || argument.equals("-m") || argument.equals("--module")
                    || argument.startsWith("--module=")) {
                break;
            }
            int equals = argument.indexOf('=');
            String name = equals > 0 ? argument.substring(0, equals) : argument;
            if (WITH_VALUE.contains(name)) {
                if (equals > 0) {
                    options.add(argument);
                } else if (i + 1 < arguments.size()) {
                    options.add(name + "=" + arguments.get(++i));
                }
            } else if (SKIPPED_WITH_VALUE.contains(argument) && i + 1 < arguments.size()) {
                i++;
            }
        }
        return List.copyOf(options);
    }
}
