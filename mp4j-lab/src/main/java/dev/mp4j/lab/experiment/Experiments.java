package dev.mp4j.lab.experiment;

import dev.mp4j.lab.LabOptions;
import dev.mp4j.lab.LabUsageException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The lab's timed experiments by name, in the order {@code mp4j lab} runs them; the crash-isolation
 * table ({@value LabOptions#ISOLATION}) is named beside them and runs last.
 */
public final class Experiments {
    private static final Map<String, Function<LabOptions, Experiment>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("factorize", Factorize::new);
        ALL.put("primes", PrimeSums::new);
        ALL.put("integrate", Integration::new);
        ALL.put("io", IoFanOut::new);
        ALL.put("producer-consumer", ProducerConsumer::new);
        ALL.put("pipeline", Pipeline::new);
    }

    private Experiments() {
    }

    /** The timed experiments' names. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** Every name the command line takes: the timed experiments and {@value LabOptions#ISOLATION}. */
    public static List<String> allNames() {
        List<String> names = new ArrayList<>(ALL.keySet());
        names.add(LabOptions.ISOLATION);
        return names;
    }

    /**
     * The timed experiments the options name (all when they name none).
     *
     * @throws LabUsageException for an unknown name, listing the known ones
     */
    public static List<Experiment> create(LabOptions options) {
        List<String> names = options.experiments().isEmpty() ? names() : options.experiments();
        List<Experiment> experiments = new ArrayList<>();
        for (String name : names) {
            if (name.equals(LabOptions.ISOLATION)) {
                continue;
            }
            Function<LabOptions, Experiment> factory = ALL.get(name);
            if (factory == null) {
                throw new LabUsageException("unknown experiment '" + name + "'; the lab has: " + String.join(", ", allNames()));
            }
            experiments.add(factory.apply(options));
        }
        return experiments;
    }
}
