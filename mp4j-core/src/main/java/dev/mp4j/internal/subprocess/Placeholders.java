package dev.mp4j.internal.subprocess;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GNU parallel's replacement strings: {@code {}} the input, {@code {.}} the input without its
 * extension, {@code {/}} its basename, {@code {//}} its dirname, {@code {/.}} the basename without
 * extension, {@code {#}} the 1-based sequence number. Anything else in braces is left as written.
 * Stateless and thread-safe.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(|\\.|/|//|/\\.|#)}");

    private Placeholders() {
    }

    /** True if {@code text} contains at least one replacement string. */
    public static boolean containsAny(String text) {
        return PLACEHOLDER.matcher(text).find();
    }

    /** {@code text} with every replacement string replaced, values passed through {@code quote}. */
    public static String expand(String text, String input, int sequence, java.util.function.UnaryOperator<String> quote) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "" -> input;
                case "." -> withoutExtension(input);
                case "/" -> basename(input);
                case "//" -> dirname(input);
                case "/." -> withoutExtension(basename(input));
                case "#" -> Integer.toString(sequence);
                default -> throw new IllegalStateException("unreachable: " + matcher.group());
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(quote.apply(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Every argument of {@code template} expanded, values inserted verbatim. */
    public static List<String> expandAll(List<String> template, String input, int sequence) {
        List<String> expanded = new ArrayList<>(template.size());
        for (String argument : template) {
            expanded.add(expand(argument, input, sequence, value -> value));
        }
        return expanded;
    }

    static String basename(String path) {
        String trimmed = stripTrailingSlashes(path);
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }

    static String dirname(String path) {
        String trimmed = stripTrailingSlashes(path);
        int slash = trimmed.lastIndexOf('/');
        if (slash < 0) {
            return ".";
        }
        return slash == 0 ? "/" : trimmed.substring(0, slash);
    }

    static String withoutExtension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return dot > slash + 1 ? path.substring(0, dot) : path;
    }

    private static String stripTrailingSlashes(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    /** {@code value} quoted for {@code sh}: single quotes, with embedded single quotes escaped. */
    public static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
