package dev.mp4j.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How busy the machine was around an experiment: the 1-minute load average at its start and end
 * (from {@code /proc/loadavg}) and the share of CPU time the hypervisor took away (steal, from the
 * {@code cpu} line of {@code /proc/stat}) in between. A load above the core count or a steal above
 * a few percent means the timings were taken on a busy machine. NaN where the system does not say.
 *
 * @param loadAtStart  1-minute load average at the start
 * @param loadAtEnd    1-minute load average at the end
 * @param stealPercent steal time in between, percent of all CPU time
 */
public record MachineLoad(double loadAtStart, double loadAtEnd, double stealPercent) {
    private static final Path LOADAVG = Path.of("/proc/loadavg");
    private static final Path STAT = Path.of("/proc/stat");

    /** One reading of the load average and the CPU time counters. */
    public record Sample(double load, long stealTicks, long totalTicks) {
        /** Reads them now; NaN and -1 where the files do not exist. */
        public static Sample now() {
            double load = Double.NaN;
            long steal = -1;
            long total = -1;
            try {
                load = Double.parseDouble(Files.readString(LOADAVG).strip().split("\\s+")[0]);
            } catch (IOException | RuntimeException e) {
                // not Linux: no load average
            }
            try {
                for (String line : Files.readAllLines(STAT)) {
                    if (line.startsWith("cpu ")) {
                        String[] fields = line.strip().split("\\s+");
                        total = 0;
                        // user nice system idle iowait irq softirq steal: guest time is already in user
                        for (int i = 1; i <= 8 && i < fields.length; i++) {
                            total += Long.parseLong(fields[i]);
                        }
                        steal = fields.length > 8 ? Long.parseLong(fields[8]) : -1;
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                steal = -1;
            }
            return new Sample(load, steal, total);
        }
    }

    /** The load between two readings. */
    public static MachineLoad between(Sample start, Sample end) {
        double steal = Double.NaN;
        if (start.stealTicks() >= 0 && end.stealTicks() >= 0 && end.totalTicks() > start.totalTicks()) {
            steal = 100.0 * (end.stealTicks() - start.stealTicks()) / (end.totalTicks() - start.totalTicks());
        }
        return new MachineLoad(start.load(), end.load(), steal);
    }

    /** "load 0.42 -> 1.87, steal 0.0%" (the parts the system gave). */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (!Double.isNaN(loadAtStart)) {
            text.append(String.format(Locale.ROOT, "load average %.2f -> %.2f", loadAtStart, loadAtEnd));
        } else {
            text.append("load average not available");
        }
        text.append(Double.isNaN(stealPercent) ? ", CPU steal not available"
                : String.format(Locale.ROOT, ", CPU steal %.1f%%", stealPercent));
        return text.toString();
    }

    /** Whether the machine was visibly busy: a load above the cores at either end, or over 5% steal. */
    public boolean busy(int cores) {
        return loadAtStart > cores || loadAtEnd > cores || stealPercent > 5;
    }
}
