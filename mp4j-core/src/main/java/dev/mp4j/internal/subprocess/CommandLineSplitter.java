package dev.mp4j.internal.subprocess;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into arguments at unquoted whitespace. Double quotes and single quotes
 * group characters (and are removed); inside double quotes a backslash escapes {@code "} and
 * {@code \}; outside quotes a backslash escapes the next character. No variables, globs,
 * redirections or pipes: those are shell features. Stateless and thread-safe.
 */
public final class CommandLineSplitter {
    private CommandLineSplitter() {
    }

    /**
     * The arguments of {@code line}.
     *
     * @throws IllegalArgumentException on an unterminated quote, a trailing backslash or an empty line
     */
    public static List<String> split(String line) {
        List<String> arguments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArgument = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inArgument) {
                    arguments.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
                i++;
            } else if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated single quote at position " + i + " in: " + line);
                }
                current.append(line, i + 1, close);
                inArgument = true;
                i = close + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < line.length()) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        current.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        current.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("unterminated double quote in: " + line);
                }
                inArgument = true;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new IllegalArgumentException("trailing backslash in: " + line);
                }
                current.append(line.charAt(i + 1));
                inArgument = true;
                i += 2;
            } else {
                current.append(c);
                inArgument = true;
                i++;
            }
        }
        if (inArgument) {
            arguments.add(current.toString());
        }
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("empty command line: \"" + line + "\"");
        }
        return arguments;
    }
}
