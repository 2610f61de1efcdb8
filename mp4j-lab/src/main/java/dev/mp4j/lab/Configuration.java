package dev.mp4j.lab;

import java.util.Locale;

/**
 * One way of running an experiment: an engine and how many workers it gets.
 *
 * @param kind    serial, threads, virtual threads, processes or cluster
 * @param workers the worker count; 1 for {@link Kind#SERIAL}, 0 for {@link Kind#VIRTUAL_THREADS}
 *                (one virtual thread per task)
 */
public record Configuration(Kind kind, int workers) {
    /** The engines the lab compares. */
    public enum Kind {
        SERIAL("serial"),
        THREADS("threads"),
        VIRTUAL_THREADS("virtual threads"),
        PROCESSES("processes"),
        CLUSTER("cluster");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** True for the kinds CPython can run too (it has no virtual threads and no cluster engine here). */
        public boolean hasPythonTwin() {
            return this == SERIAL || this == THREADS || this == PROCESSES;
        }
    }

    public Configuration {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        if (kind == Kind.SERIAL && workers != 1) {
            throw new IllegalArgumentException("serial runs on 1 worker, got " + workers);
        }
        if (kind == Kind.VIRTUAL_THREADS && workers != 0) {
            throw new IllegalArgumentException("virtual threads run one per task (workers 0), got " + workers);
        }
        if ((kind == Kind.THREADS || kind == Kind.PROCESSES || kind == Kind.CLUSTER) && workers < 1) {
            throw new IllegalArgumentException(kind.label() + " need at least 1 worker, got " + workers);
        }
    }

    public static Configuration serial() {
        return new Configuration(Kind.SERIAL, 1);
    }

    public static Configuration virtualThreads() {
        return new Configuration(Kind.VIRTUAL_THREADS, 0);
    }

    /** "serial", "threads 4", "virtual threads", "processes 8", "cluster 3". */
    public String label() {
        return switch (kind) {
            case SERIAL, VIRTUAL_THREADS -> kind.label();
            default -> kind.label() + " " + workers;
        };
    }

    /** The label as a file- and id-safe word. */
    public String slug() {
        return label().replace(' ', '-').toLowerCase(Locale.ROOT);
    }
}
