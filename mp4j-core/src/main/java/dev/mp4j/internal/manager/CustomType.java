package dev.mp4j.internal.manager;

import dev.mp4j.function.SerializableFunction;

import java.io.Serializable;
import java.util.Set;

/**
 * A type registered with a manager ({@code BaseManager.register}): how the server makes an
 * instance from the arguments of {@code create}, and which methods proxies may call.
 */
public record CustomType(String typeId, SerializableFunction<Object[], ?> factory, Set<String> exposed)
        implements Serializable {
    public CustomType {
        exposed = Set.copyOf(exposed);
    }
}
