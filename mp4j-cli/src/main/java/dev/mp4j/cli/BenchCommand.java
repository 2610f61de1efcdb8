package dev.mp4j.cli;

import dev.mp4j.examples.bench.Benchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mp4j bench NAME}: runs an mp4j benchmark and its CPython twin in one run, alternating,
 * after a warm-up, and writes medians and ratios to bench/results/NAME.md and NAME.json.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Run an mp4j benchmark side by side with its CPython twin; results go to bench/results/.")
final class BenchCommand implements Callable<Integer> {
    private static final Pattern METRIC = Pattern.compile(
            "\\{\\s*\"name\":\\s*\"([^\"]+)\",\\s*\"value\":\\s*([-0-9.eE]+),\\s*\"unit\":\\s*\"([^\"]*)\"(?:,\\s*\"higherIsBetter\":\\s*(true|false))?\\s*}");

    /** A side's remark for the report (a skipped row and why, what a twin column measures): {@code {"note": "..."}}. */
    private static final Pattern NOTE = Pattern.compile("\\{\\s*\"note\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*}");
    private final java.util.Set<String> notes = new java.util.LinkedHashSet<>();
    /** The 1-minute load average before each round and at the end: the machine is shared. */
    private final List<Double> loads = new ArrayList<>();

    @Parameters(index = "0", arity = "0..1", description = "benchmark name (omit to list)")
    private String name;

    @Option(names = "--rounds", description = "measured rounds per side (default ${DEFAULT-VALUE})")
    private int rounds = 3;

    @Option(names = "--warmup", description = "warm-up rounds per side (default ${DEFAULT-VALUE})")
    private int warmup = 1;

    @Option(names = "--out", description = "results directory (default ${DEFAULT-VALUE})")
    private Path out = Path.of("bench", "results");

    @Option(names = "--python", description = "python interpreter (default ${DEFAULT-VALUE})")
    private String python = "python3";

    record Metric(String name, double value, String unit, boolean higherIsBetter) {
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Class<?>> benchmarks = Benchmarks.all();
        if (name == null) {
            benchmarks.keySet().forEach(System.out::println);
            return 0;
        }
        Class<?> main = benchmarks.get(name);
        if (main == null) {
            System.err.println("mp4j bench: unknown benchmark '" + name + "'; known: " + String.join(", ", benchmarks.keySet()));
            return 2;
        }
        if (rounds < 1 || warmup < 0) {
            System.err.println("mp4j bench: --rounds must be >= 1 and --warmup >= 0");
            return 2;
        }
        Path twin = Path.of("bench", "python", name + ".py");
        boolean hasTwin = Files.isRegularFile(twin) && pythonAvailable();
        if (!hasTwin) {
            System.err.println("mp4j bench: " + (Files.isRegularFile(twin) ? python + " is not available" : "no CPython twin " + twin)
                    + "; measuring mp4j alone");
        }
        List<String> javaCommand = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), main.getName());
        List<String> pythonCommand = List.of(python, twin.toString());
        Map<String, List<Metric>> javaRuns = new LinkedHashMap<>();
        Map<String, List<Metric>> pythonRuns = new LinkedHashMap<>();
        String loadBefore = loadAverage();
        for (int round = 0; round < warmup + rounds; round++) {
            boolean measured = round >= warmup;
            loads.add(oneMinuteLoad());
            System.err.printf("mp4j bench %s: round %d/%d%s%n", name, round + 1, warmup + rounds, measured ? "" : " (warm-up)");
            collect(run(javaCommand), measured ? javaRuns : null);
            if (hasTwin) {
                collect(run(pythonCommand), measured ? pythonRuns : null);
            }
        }
        loads.add(oneMinuteLoad());
        write(javaRuns, pythonRuns, javaCommand, hasTwin, loadBefore, loadAverage());
        return 0;
    }

    private boolean pythonAvailable() {
        try {
            return new ProcessBuilder(python, "--version").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private List<Metric> run(List<String> command) throws IOException, InterruptedException {
        java.lang.Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("benchmark did not finish within 10 minutes: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IOException("benchmark exited with status " + process.exitValue() + ": " + String.join(" ", command));
        }
        Matcher note = NOTE.matcher(output);
        while (note.find()) {
            notes.add(note.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        List<Metric> metrics = new ArrayList<>();
        Matcher m = METRIC.matcher(output);
        while (m.find()) {
            String unit = m.group(3);
            boolean higherIsBetter = m.group(4) != null ? Boolean.parseBoolean(m.group(4))
                    : !(unit.equals("us") || unit.equals("ms") || unit.equals("s") || unit.equals("ns") || unit.equals("MiB"));
            metrics.add(new Metric(m.group(1), Double.parseDouble(m.group(2)), unit, higherIsBetter));
        }
        if (metrics.isEmpty()) {
            throw new IOException("benchmark printed no metric line: " + String.join(" ", command));
        }
        return metrics;
    }

    private static void collect(List<Metric> metrics, Map<String, List<Metric>> into) {
        if (into != null) {
            metrics.forEach(metric -> into.computeIfAbsent(metric.name(), k -> new ArrayList<>()).add(metric));
        }
    }

    private static double median(List<Metric> samples) {
        double[] values = samples.stream().mapToDouble(Metric::value).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /**
     * Writes NAME.md and NAME.json. A metric {@code X} of the mp4j side is compared with the CPython
     * side's {@code X}, and with each {@code X@variant} it reports (CPython's start methods:
     * {@code @fork}, {@code @forkserver}, {@code @spawn}), one column each; an mp4j metric
     * {@code X@variant} is another mp4j column of the same row (e.g. {@code @threadpool}). Each cell is
     * the median with the min-max of the rounds; the ratios compare mp4j's plain {@code X}.
     */
    private void write(Map<String, List<Metric>> javaRuns, Map<String, List<Metric>> pythonRuns, List<String> javaCommand,
                       boolean hasTwin, String loadBefore, String loadAfter) throws IOException {
        Files.createDirectories(out);
        String machine = String.format(Locale.ROOT, "%d cores, %.1f GiB, JDK %s, %s", Runtime.getRuntime().availableProcessors(),
                totalMemoryGiB(), System.getProperty("java.version"), hasTwin ? pythonVersion() : "no CPython");
        String command = "./mp4j bench " + name + " --rounds " + rounds + " --warmup " + warmup;
        List<String> javaVariants = variants(javaRuns.keySet());
        List<String> pythonVariants = variants(pythonRuns.keySet());
        Map<String, String> units = new LinkedHashMap<>();
        Map<String, Boolean> higher = new LinkedHashMap<>();
        for (Map<String, List<Metric>> runs : List.of(javaRuns, pythonRuns)) {
            runs.forEach((key, samples) -> {
                units.putIfAbsent(base(key), samples.getFirst().unit());
                higher.putIfAbsent(base(key), samples.getFirst().higherIsBetter());
            });
        }
        StringBuilder md = new StringBuilder("# Benchmark: " + name + "\n\n")
                .append("Command: `").append(command).append("`  \nMachine: ").append(machine)
                .append("  \nRun: ").append(Instant.now()).append(", load average (1, 5, 15 min) ").append(loadBefore)
                .append(" before, ").append(loadAfter).append(" after")
                .append(String.format(Locale.ROOT, "; 1-minute load during the rounds %.1f-%.1f  %n",
                        loads.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        loads.stream().mapToDouble(Double::doubleValue).max().orElse(0)))
                .append("Each cell: median of ").append(rounds).append(" rounds [min-max], the two sides run alternately after ")
                .append(warmup).append(" warm-up round(s). A ratio above 1 means mp4j is better.\n\n");
        StringBuilder header = new StringBuilder("| metric | unit |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (String variant : javaVariants) {
            header.append(variant.isEmpty() ? " mp4j |" : " mp4j " + variant + " |");
            rule.append("---|");
        }
        for (String variant : pythonVariants) {
            header.append(variant.isEmpty() ? " CPython |" : " CPython " + variant + " |");
            rule.append("---|");
        }
        for (String variant : pythonVariants) {
            header.append(variant.isEmpty() ? " mp4j vs CPython |" : " mp4j vs " + variant + " |");
            rule.append("---|");
        }
        md.append(header).append('\n').append(rule).append('\n');
        StringBuilder json = new StringBuilder("{\n  \"benchmark\": \"" + name + "\",\n  \"command\": \"" + command
                + "\",\n  \"machine\": \"" + machine + "\",\n  \"date\": \"" + Instant.now() + "\",\n  \"loadBefore\": \""
                + loadBefore + "\",\n  \"loadAfter\": \"" + loadAfter + "\",\n  \"loadAverages\": " + loads + ",\n  \"rounds\": " + rounds
                + ",\n  \"metrics\": [");
        boolean first = true;
        for (String metric : units.keySet()) {
            boolean higherIsBetter = higher.get(metric);
            md.append("| ").append(metric).append(" | ").append(units.get(metric)).append(" |");
            for (String variant : javaVariants) {
                md.append(' ').append(cell(javaRuns.get(key(metric, variant)))).append(" |");
            }
            for (String variant : pythonVariants) {
                md.append(' ').append(cell(pythonRuns.get(key(metric, variant)))).append(" |");
            }
            List<Metric> mp4j = javaRuns.get(metric);
            for (String variant : pythonVariants) {
                List<Metric> twin = pythonRuns.get(key(metric, variant));
                Double ratio = ratio(mp4j, twin, higherIsBetter);
                md.append(ratio == null ? " - |" : String.format(Locale.ROOT, " %.2fx |", ratio));
            }
            md.append('\n');
            for (Map<String, List<Metric>> runs : List.of(javaRuns, pythonRuns)) {
                List<String> variants = runs == javaRuns ? javaVariants : pythonVariants;
                for (String variant : variants) {
                    List<Metric> samples = runs.get(key(metric, variant));
                    if (samples == null) {
                        continue;
                    }
                    Double ratio = runs == pythonRuns ? ratio(mp4j, samples, higherIsBetter) : null;
                    json.append(first ? "\n" : ",\n").append(String.format(Locale.ROOT,
                            "    {\"name\": \"%s\", \"side\": \"%s\", \"variant\": \"%s\", \"unit\": \"%s\", \"higherIsBetter\": %s,"
                                    + " \"median\": %s, \"min\": %s, \"max\": %s, \"samples\": %s, \"mp4jRatio\": %s}",
                            metric, runs == javaRuns ? "mp4j" : "cpython", variant, units.get(metric), higherIsBetter,
                            median(samples), min(samples), max(samples),
                            Arrays.toString(samples.stream().mapToDouble(Metric::value).toArray()), ratio));
                    first = false;
                }
            }
        }
        json.append("\n  ],\n  \"notes\": [");
        boolean firstNote = true;
        for (String note : notes) {
            json.append(firstNote ? "\n    \"" : ",\n    \"").append(note.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            firstNote = false;
        }
        json.append(notes.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n");
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        Files.writeString(out.resolve(name + ".md"), md);
        Files.writeString(out.resolve(name + ".json"), json);
        System.out.print(md);
        System.out.println("written to " + out.resolve(name + ".md") + " and " + out.resolve(name + ".json"));
    }

    private static String base(String key) {
        int at = key.indexOf('@');
        return at < 0 ? key : key.substring(0, at);
    }

    private static String key(String metric, String variant) {
        return variant.isEmpty() ? metric : metric + "@" + variant;
    }

    /** The variants the keys use, "" (plain) first when any key is plain. */
    private static List<String> variants(java.util.Set<String> keys) {
        java.util.TreeSet<String> named = new java.util.TreeSet<>();
        boolean plain = false;
        for (String key : keys) {
            int at = key.indexOf('@');
            if (at < 0) {
                plain = true;
            } else {
                named.add(key.substring(at + 1));
            }
        }
        List<String> variants = new ArrayList<>();
        if (plain) {
            variants.add("");
        }
        // CPython's start methods in their natural order, others alphabetically
        for (String known : List.of("fork", "forkserver", "spawn")) {
            if (named.remove(known)) {
                variants.add(known);
            }
        }
        variants.addAll(named);
        return variants;
    }

    private static String cell(List<Metric> samples) {
        if (samples == null || samples.isEmpty()) {
            return "-";
        }
        if (samples.size() == 1) {
            return format(samples.getFirst().value());
        }
        return format(median(samples)) + " [" + format(min(samples)) + "-" + format(max(samples)) + "]";
    }

    private static String format(double value) {
        double magnitude = Math.abs(value);
        return String.format(Locale.ROOT, magnitude >= 1000 ? "%,.0f" : magnitude >= 10 ? "%.1f" : "%.3f", value);
    }

    private static Double ratio(List<Metric> mp4j, List<Metric> twin, boolean higherIsBetter) {
        if (mp4j == null || twin == null || mp4j.isEmpty() || twin.isEmpty()) {
            return null;
        }
        double a = median(mp4j);
        double b = median(twin);
        if (a == 0 || b == 0) {
            return null;
        }
        return higherIsBetter ? a / b : b / a;
    }

    private static double min(List<Metric> samples) {
        return samples.stream().mapToDouble(Metric::value).min().orElse(Double.NaN);
    }

    private static double max(List<Metric> samples) {
        return samples.stream().mapToDouble(Metric::value).max().orElse(Double.NaN);
    }

    /** The 1-minute load average, or -1 when it cannot be read. */
    private static double oneMinuteLoad() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The load average line of /proc/loadavg (1, 5 and 15 minutes), or "unknown". */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double totalMemoryGiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0) / 1024.0 / 1024.0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String pythonVersion() {
        try {
            java.lang.Process p = new ProcessBuilder(python, "--version").redirectErrorStream(true).start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return version;
        } catch (IOException | InterruptedException e) {
            return "python unknown";
        }
    }
}
