package dev.mp4j.internal.pool;

import dev.mp4j.function.SerializableFunction3;
import dev.mp4j.function.SerializableFunction4;

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
            case STARMAP_N -> {
                List<Object> results = new ArrayList<>(items.size());
                for (Object item : items) {
                    List<?> args = (List<?>) item;
                    results.add(switch (function) {
                        case SerializableFunction3 f when args.size() == 3 -> f.apply(args.get(0), args.get(1), args.get(2));
                        case SerializableFunction4 f when args.size() == 4 -> f.apply(args.get(0), args.get(1), args.get(2), args.get(3));
                        default -> throw new IllegalArgumentException("starmap argument tuple " + args + " has " + args.size()
                                + " elements, which " + function.getClass().getName() + " does not take");
                    });
                }
                return results;
            }
            default -> throw new IllegalStateException("unknown task kind " + kind);
        }
    }
}
