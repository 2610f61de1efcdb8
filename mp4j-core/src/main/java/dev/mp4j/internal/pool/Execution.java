package dev.mp4j.internal.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Applies a job's function to its items: the same code in worker threads and worker JVMs. */
final class Execution {
    private Execution() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Object> run(TaskKind kind, Object function, List<?> items) throws Exception {
        switch (kind) {
            case CALL -> {
                List<Object> result = new ArrayList<>(1);
                result.add(((Callable<Object>) function).call());
                return result;
            }
            case MAP -> {
                Function f = (Function) function;
                List<Object> results = new ArrayList<>(items.size());
                for (Object item : items) {
                    results.add(f.apply(item));
                }
                return results;
            }
            case STARMAP -> {
                BiFunction f = (BiFunction) function;
                List<Object> results = new ArrayList<>(items.size());
                for (Object item : items) {
                    if (item instanceof Map.Entry<?, ?> entry) {
                        results.add(f.apply(entry.getKey(), entry.getValue()));
                    } else {
                        List<?> pair = (List<?>) item;
                        results.add(f.apply(pair.get(0), pair.get(1)));
                    }
                }
                return results;
            }
            default -> throw new IllegalStateException("unknown task kind " + kind);
        }
    }
}
