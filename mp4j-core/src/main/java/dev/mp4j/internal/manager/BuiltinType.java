package dev.mp4j.internal.manager;

import dev.mp4j.Engine;
import dev.mp4j.manager.Namespace;
import dev.mp4j.manager.SharedAsyncResult;
import dev.mp4j.manager.SharedArray;
import dev.mp4j.manager.SharedBarrier;
import dev.mp4j.manager.SharedCondition;
import dev.mp4j.manager.SharedEvent;
import dev.mp4j.manager.SharedList;
import dev.mp4j.manager.SharedLock;
import dev.mp4j.manager.SharedMap;
import dev.mp4j.manager.SharedPool;
import dev.mp4j.manager.SharedQueue;
import dev.mp4j.manager.SharedSemaphore;
import dev.mp4j.manager.SharedValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The types every manager serves (SyncManager's registry): the type id, the proxy interface
 * clients see, the interface whose methods the server lets them call, the factory (none for the
 * types that only methods return), and which methods return proxies of which types.
 */
public enum BuiltinType {
    DICT("dict", SharedMap.class, Map.class,
            args -> Collections.synchronizedMap(args.length == 0 ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<?, ?>) args[0]))),
    LIST("list", SharedList.class, List.class,
            args -> Collections.synchronizedList(args.length == 0 ? new ArrayList<>() : new ArrayList<>((Collection<?>) args[0]))),
    NAMESPACE("Namespace", Namespace.class, Namespace.class, args -> new NamespaceTarget()),
    QUEUE("Queue", SharedQueue.class, SharedQueue.class, args -> new QueueTarget((Integer) args[0])),
    JOINABLE_QUEUE("JoinableQueue", SharedQueue.class, SharedQueue.class, args -> new QueueTarget((Integer) args[0])),
    LOCK("Lock", SharedLock.class, SharedLock.class, args -> new LockTarget(false)),
    RLOCK("RLock", SharedLock.class, SharedLock.class, args -> new LockTarget(true)),
    SEMAPHORE("Semaphore", SharedSemaphore.class, SharedSemaphore.class, args -> new SemaphoreTarget((Integer) args[0], false)),
    BOUNDED_SEMAPHORE("BoundedSemaphore", SharedSemaphore.class, SharedSemaphore.class,
            args -> new SemaphoreTarget((Integer) args[0], true)),
    EVENT("Event", SharedEvent.class, SharedEvent.class, args -> new EventTarget()),
    CONDITION("Condition", SharedCondition.class, SharedCondition.class, args -> new LockTarget(true)),
    BARRIER("Barrier", SharedBarrier.class, SharedBarrier.class, args -> new BarrierTarget((Integer) args[0])),
    VALUE("Value", SharedValue.class, SharedValue.class, args -> new ValueTarget(args[0])),
    ARRAY("Array", SharedArray.class, SharedArray.class, args -> new ArrayTarget((List<?>) args[0])),
    POOL("Pool", SharedPool.class, SharedPool.class, args -> new PoolTarget((Integer) args[0], (Engine) args[1]),
            Map.of("applyAsync", "AsyncResult", "mapAsync", "AsyncResult", "imap", "Iterator", "imapUnordered", "Iterator")),
    ASYNC_RESULT("AsyncResult", SharedAsyncResult.class, SharedAsyncResult.class, null),
    ITERATOR("Iterator", Iterator.class, Iterator.class, null);

    private final String typeId;
    private final Class<?> proxyInterface;
    private final Class<?> dispatchInterface;
    private final Function<Object[], Object> factory;
    private final Map<String, String> methodToTypeid;

    BuiltinType(String typeId, Class<?> proxyInterface, Class<?> dispatchInterface, Function<Object[], Object> factory) {
        this(typeId, proxyInterface, dispatchInterface, factory, Map.of());
    }

    BuiltinType(String typeId, Class<?> proxyInterface, Class<?> dispatchInterface, Function<Object[], Object> factory,
                Map<String, String> methodToTypeid) {
        this.typeId = typeId;
        this.proxyInterface = proxyInterface;
        this.dispatchInterface = dispatchInterface;
        this.factory = factory;
        this.methodToTypeid = methodToTypeid;
    }

    Map<String, String> methodToTypeid() {
        return methodToTypeid;
    }

    public String typeId() {
        return typeId;
    }

    public Class<?> proxyInterface() {
        return proxyInterface;
    }

    Class<?> dispatchInterface() {
        return dispatchInterface;
    }

    Object create(Object[] args) {
        if (factory == null) {
            throw new IllegalArgumentException("type '" + typeId + "' is only returned by methods of other shared objects;"
                    + " it cannot be created directly");
        }
        return factory.apply(args);
    }

    public static BuiltinType byId(String typeId) {
        for (BuiltinType type : values()) {
            if (type.typeId.equals(typeId)) {
                return type;
            }
        }
        return null;
    }
}
