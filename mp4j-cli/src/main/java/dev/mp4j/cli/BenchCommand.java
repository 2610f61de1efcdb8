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
@Command(name = "bench", description = "Run an mp4j benchmark side by side with its CPython twin; results go to bench/results/.")
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
        for (int round = 0; round < warmup + rounds; round++) {
            boolean measured = round >= warmup;
            loads.add(loadAverage());
            System.err.printf("mp4j bench %s: round %d/%d%s%n", name, round + 1, warmup + rounds, measured ? "" : " (warm-up)");
            collect(run(javaCommand), measured ? javaRuns : null);
            if (hasTwin) {
                collect(run(pythonCommand), measured ? pythonRuns : null);
            }
        }
        loads.add(loadAverage());
        write(javaRuns, pythonRuns, javaCommand, hasTwin);
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

    private void write(Map<String, List<Metric>> javaRuns, Map<String, List<Metric>> pythonRuns, List<String> javaCommand,
                       boolean hasTwin) throws IOException {
        Files.createDirectories(out);
        String machine = String.format(Locale.ROOT, "%d cores, %.1f GiB, JDK %s, %s, %s", Runtime.getRuntime().availableProcessors(),
                totalMemoryGiB(), System.getProperty("java.version"), hasTwin ? pythonVersion() : "no CPython", Instant.now());
        String command = "./mp4j bench " + name + " --rounds " + rounds + " --warmup " + warmup;
        StringBuilder md = new StringBuilder("# Benchmark: " + name + "\n\n")
                .append("Command: `").append(command).append("`  \nMachine: ").append(machine)
                .append("  \nMedians of ").append(rounds).append(" rounds per side, run alternately after ").append(warmup)
                .append(" warm-up round(s); min-max in brackets. Ratio > 1 means mp4j is better.")
                .append(String.format(Locale.ROOT, "  %nLoad average (1 min) during the run: %.1f-%.1f.%n%n",
                        loads.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        loads.stream().mapToDouble(Double::doubleValue).max().orElse(0)))
                .append("| metric | unit | mp4j | CPython | ratio (mp4j vs CPython) |\n|---|---|---|---|---|\n");
        StringBuilder json = new StringBuilder("{\n  \"benchmark\": \"" + name + "\",\n  \"command\": \"" + command
                + "\",\n  \"machine\": \"" + machine + "\",\n  \"rounds\": " + rounds + ",\n  \"loadAverages\": " + loads
                + ",\n  \"metrics\": [");
        boolean first = true;
        for (var entry : pythonRuns.entrySet()) {
            if (!javaRuns.containsKey(entry.getKey())) {
                Metric sample = entry.getValue().getFirst();
                md.append(String.format(Locale.ROOT, "| %s | %s | - | %s | CPython only |%n", entry.getKey(), sample.unit(),
                        cell(entry.getValue())));
            }
        }
        for (var entry : javaRuns.entrySet()) {
            Metric sample = entry.getValue().getFirst();
            double mp4j = median(entry.getValue());
            List<Metric> twin = pythonRuns.get(entry.getKey());
            Double cpython = twin == null ? null : median(twin);
            Double ratio = cpython == null || mp4j == 0 || cpython == 0 ? null : sample.higherIsBetter() ? mp4j / cpython : cpython / mp4j;
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", entry.getKey(), sample.unit(), cell(entry.getValue()),
                    twin == null ? "-" : cell(twin),
                    ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio)));
            json.append(first ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "    {\"name\": \"%s\", \"unit\": \"%s\", \"higherIsBetter\": %s, \"mp4j\": %s, \"cpython\": %s, \"ratio\": %s, \"mp4jSamples\": %s, \"cpythonSamples\": %s}",
                    entry.getKey(), sample.unit(), sample.higherIsBetter(), mp4j, cpython, ratio,
                    Arrays.toString(entry.getValue().stream().mapToDouble(Metric::value).toArray()),
                    twin == null ? "[]" : Arrays.toString(twin.stream().mapToDouble(Metric::value).toArray())));
            first = false;
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

    /** The median, and the range when there are several samples. */
    private static String cell(List<Metric> samples) {
        double[] values = samples.stream().mapToDouble(Metric::value).sorted().toArray();
        String median = String.format(Locale.ROOT, "%.3f", median(samples));
        return values.length < 2 ? median : String.format(Locale.ROOT, "%s (%.3f-%.3f)", median, values[0], values[values.length - 1]);
    }

    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
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
