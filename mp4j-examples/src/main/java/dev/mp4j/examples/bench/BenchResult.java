package dev.mp4j.examples.bench;

import java.util.Locale;

/** One benchmark figure, printed as the JSON line the bench runner reads. */
record BenchResult(String name, double value, String unit) {

    void print() {
        System.out.println(String.format(Locale.ROOT, "{\"name\":\"%s\",\"value\":%.3f,\"unit\":\"%s\"}", name, value, unit));
    }

    static int count(String[] args, int fallback) {
        return args.length > 0 ? Integer.parseInt(args[0]) : fallback;
    }
}
