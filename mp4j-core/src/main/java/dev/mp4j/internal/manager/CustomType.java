package dev.mp4j.internal.manager;

import dev.mp4j.function.SerializableFunction;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;

/**
 * A type registered with a manager ({@code BaseManager.register}): how the server makes an
 * instance from the arguments of {@code create} (null for a type that only methods of other types
 * return, Python's {@code create_method=False}), which methods proxies may call, and which of them
 * return proxies of which registered types (Python's {@code method_to_typeid}).
 */
public record CustomType(String typeId, SerializableFunction<Object[], ?> factory, Set<String> exposed,
                         Map<String, String> methodToTypeid) implements Serializable {
    public CustomType {
        exposed = Set.copyOf(exposed);
        methodToTypeid = Map.copyOf(methodToTypeid);
    }
}
