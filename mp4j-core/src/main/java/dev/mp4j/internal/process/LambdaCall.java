package dev.mp4j.internal.process;

import dev.mp4j.internal.codec.Codec;
import dev.mp4j.internal.codec.WireRecord;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A serializable lambda (or method reference) sent as the method it calls plus the values it
 * captured: a {@code Process} target, or a pool's function. A fresh child then calls the method
 * through a method handle instead of deserializing the lambda: for a deserialized lambda the JDK
 * spins a new class in the still-interpreted class-file library, 50 to 80 ms of a cold child's
 * start, where binding a method handle costs a fraction of that (its shapes are in the
 * {@link AotCache}).
 *
 * <p>Only what the JDK's own deserialization would have done is done: the class that wrote the
 * lambda is initialised, and the lambda's implementation method, found by class, name and
 * descriptor, is called with the captured values then the call's arguments (the first of them as
 * the receiver for an instance method; for an unbound method reference such as
 * {@code String::length}, the call's first argument). A call's argument of the wrong type fails
 * with the {@link ClassCastException} (or {@link NullPointerException} for a null where a primitive
 * is expected) the lambda would have thrown. Whenever this path has any doubt (a class or method
 * not found, a module that does not open it to mp4j, a captured value of another type), the child
 * rebuilds the {@link SerializedLambda} from these same fields and deserializes it
 * ({@link #deserialize}): the JDK's own path, so the lambda itself never needs to travel twice.
 *
 * <p>Captured values that are all plain (null, Boolean, Integer, Long, Double, String, byte[]: what
 * the codec writes without JDK serialization) travel as such; otherwise they travel as one list,
 * so that values captured twice or referring to each other stay one object, as in the lambda's own
 * serialized form: in the codec's compact form when they are plain values and the JDK collections
 * it writes natively (it refuses a collection that appears twice), else JDK-serialized. Only lambdas of {@code Runnable}, {@code Callable},
 * {@code Function}, {@code BiFunction} and the 3- and 4-argument function shapes qualify, and not those of a named module that does
 * not open its package to mp4j (the child could not call their method): they are sent serialized.
 * Immutable and thread-safe.
 *
 * @param arity the number of arguments of the functional interface's method (0 for run and call)
 */
public record LambdaCall(int arity, String capturingClass, String interfaceClass, String interfaceMethod,
                         String interfaceSignature, String implClass, String implMethod, String implSignature,
                         int implKind, String instantiatedType, List<Object> captured) {
    private static final String OBJECT = "Ljava/lang/Object;";
    /** Functional interface methods by name and erased descriptor, with their arity. */
    private static final java.util.Map<String, Integer> SHAPES = java.util.Map.of(
            "run()V", 0, "call()" + OBJECT, 0, "apply(" + OBJECT + ")" + OBJECT, 1,
            "apply(" + OBJECT + OBJECT + ")" + OBJECT, 2, "apply(" + OBJECT + OBJECT + OBJECT + ")" + OBJECT, 3,
            "apply(" + OBJECT + OBJECT + OBJECT + OBJECT + ")" + OBJECT, 4);
    private static final int FIELDS = 11;

    public LambdaCall {
        captured = java.util.Collections.unmodifiableList(new ArrayList<>(captured)); // may hold nulls
    }

    /** The call a {@code Runnable}, {@code Callable}, {@code Function} or {@code BiFunction} lambda stands for, when it qualifies. */
    public static Optional<LambdaCall> of(Object lambda) {
        Class<?> type = lambda.getClass();
        if (!type.isSynthetic() && !type.isHidden()) {
            return Optional.empty();
        }
        Module module = type.getModule();
        if (module.isNamed() && !module.isOpen(type.getPackageName(), LambdaCall.class.getModule())) {
            return Optional.empty(); // a child could not call its method: send the lambda serialized
        }
        try {
            Method writeReplace = type.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (!(writeReplace.invoke(lambda) instanceof SerializedLambda serialized)) {
                return Optional.empty();
            }
            Integer arity = SHAPES.get(serialized.getFunctionalInterfaceMethodName()
                    + serialized.getFunctionalInterfaceMethodSignature());
            if (arity == null) {
                return Optional.empty();
            }
            List<Object> captured = new ArrayList<>(serialized.getCapturedArgCount());
            for (int i = 0; i < serialized.getCapturedArgCount(); i++) {
                captured.add(serialized.getCapturedArg(i));
            }
            return Optional.of(new LambdaCall(arity, serialized.getCapturingClass().replace('/', '.'),
                    serialized.getFunctionalInterfaceClass(), serialized.getFunctionalInterfaceMethodName(),
                    serialized.getFunctionalInterfaceMethodSignature(), serialized.getImplClass().replace('/', '.'),
                    serialized.getImplMethodName(), serialized.getImplMethodSignature(), serialized.getImplMethodKind(),
                    serialized.getInstantiatedMethodType(), captured));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty(); // not a serializable lambda, or one this module may not open
        }
    }

    /**
     * The classes a child must be able to load to run {@code task}, beyond those its serialized
     * form names: for a lambda, the class that wrote it and the class of its method (they differ for
     * a method reference such as {@code Tasks::square}); otherwise the task's own class.
     */
    public static java.util.Set<String> definingClasses(Object task) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        Optional<LambdaCall> call = of(task);
        if (call.isPresent()) {
            names.add(call.get().capturingClass());
            names.add(call.get().implClass());
        } else if (!task.getClass().isHidden()) {
            names.add(task.getClass().getName());
        }
        return names;
    }

    private static boolean isPlain(Object value) {
        return value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof String || value instanceof byte[];
    }

    /**
     * The wire form; the names of the classes serialized with the captured values (and the class
     * that wrote the lambda) are added to {@code writtenClasses}, for the receiver's allow-list.
     *
     * @throws dev.mp4j.SerializationException when a captured value cannot be serialized
     */
    public byte[] encode(java.util.Set<String> writtenClasses) {
        Object values = captured;
        if (!captured.stream().allMatch(LambdaCall::isPlain)) {
            // one list, so that a collection captured twice (or inside another one) stays one object:
            // the compact form refuses such a list, and JDK serialization keeps the identity
            ArrayList<Object> list = new ArrayList<>(captured);
            values = Codec.writesWithoutSerialization(list) ? Codec.standard().encode(list) : Codec.encodeTrusted(list, writtenClasses);
        }
        writtenClasses.add(capturingClass);
        return WireRecord.encode((long) arity, capturingClass, interfaceClass, interfaceMethod, interfaceSignature,
                implClass, implMethod, implSignature, (long) implKind, instantiatedType, values);
    }

    /**
     * The wire form of {@code task} when it is a lambda that qualifies and whose captured values
     * can be serialized (their classes then added to {@code writtenClasses}), else null: send it
     * serialized, which also explains what cannot be.
     */
    public static byte[] encodeIfQualifies(Object task, java.util.Set<String> writtenClasses) {
        Optional<LambdaCall> call = of(task);
        if (call.isEmpty()) {
            return null;
        }
        java.util.Set<String> written = new java.util.LinkedHashSet<>();
        try {
            byte[] encoded = call.get().encode(written);
            writtenClasses.addAll(written);
            return encoded;
        } catch (dev.mp4j.SerializationException e) {
            return null;
        }
    }

    /**
     * Decodes what {@link #encode} wrote; captured values that travelled serialized are
     * deserialized here, through the allow-list (so the classes the sender wrote must be allowed first).
     *
     * @throws dev.mp4j.SerializationException when the payload is not a lambda call
     */
    public static LambdaCall decode(byte[] payload) {
        WireRecord wire = WireRecord.decode(payload, "lambda call", FIELDS);
        List<Object> captured;
        if (wire.isBytes(10)) {
            if (!(Codec.standard().decode(wire.bytes(10)) instanceof ArrayList<?> list)) {
                throw new dev.mp4j.SerializationException("malformed lambda call: captured values are not a list");
            }
            captured = new ArrayList<>(list);
        } else {
            captured = wire.values(10);
        }
        return new LambdaCall((int) wire.longValue(0), wire.string(1), wire.string(2), wire.string(3), wire.string(4),
                wire.string(5), wire.string(6), wire.string(7), (int) wire.longValue(8), wire.string(9), captured);
    }

    /** Whether every captured value is plain (decoding them again would create nothing). */
    public boolean capturesOnlyPlainValues() {
        return captured.stream().allMatch(LambdaCall::isPlain);
    }

    /**
     * The lambda itself, the JDK's way: the {@link SerializedLambda} these fields describe, given to
     * its class's {@code $deserializeLambda$}, which checks and builds it, with the captured values
     * already decoded. Only if that method cannot be called from here is the SerializedLambda
     * written and read back (which decodes the captured values a second time). Used when
     * {@link #resolve} cannot, and to replace a direct call that has served many items.
     *
     * @throws dev.mp4j.SerializationException when the lambda cannot be rebuilt
     */
    public Object deserialize(ClassLoader loader) {
        Class<?> capturing;
        try {
            capturing = Class.forName(capturingClass, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new dev.mp4j.SerializationException("cannot rebuild the lambda: class " + capturingClass
                    + " not found (" + e + ")", e);
        }
        SerializedLambda serialized = new SerializedLambda(capturing, interfaceClass, interfaceMethod, interfaceSignature,
                implKind, implClass.replace('.', '/'), implMethod, implSignature, instantiatedType, captured.toArray());
        try {
            Method deserializer = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserializer.setAccessible(true);
            return deserializer.invoke(null, serialized);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new dev.mp4j.SerializationException("cannot rebuild the lambda " + this + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not callable from this module: the JDK's own path below
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(256);
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(serialized);
        } catch (java.io.IOException e) {
            throw new dev.mp4j.SerializationException("cannot rebuild the lambda " + this + ": " + e, e);
        }
        try (java.io.ObjectInputStream in = new LoaderObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()), loader)) {
            return in.readObject();
        } catch (java.io.IOException | ClassNotFoundException | RuntimeException e) {
            throw new dev.mp4j.SerializationException("cannot rebuild the lambda " + this + ": " + e, e);
        }
    }

    /** Reads classes through the given loader; the objects were written by this JVM a moment before. */
    private static final class LoaderObjectInputStream extends java.io.ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(java.io.InputStream in, ClassLoader loader) throws java.io.IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(java.io.ObjectStreamClass description) throws java.io.IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(description);
            }
        }
    }

    /** The lambda a decoded call stands for: the direct call when it resolves, else the deserialized lambda. */
    public Object toFunction(ClassLoader loader) {
        return resolve(loader).map(Target::asInterface).orElseGet(() -> deserialize(loader));
    }

    /** The lambda to call, or empty when it must be deserialized instead. */
    public Optional<Target> resolve(ClassLoader loader) {
        try {
            // deserializing the lambda would initialise the class that wrote it (its $deserializeLambda$ runs there)
            Class.forName(capturingClass, true, loader);
            Class<?> owner = Class.forName(implClass, false, loader);
            MethodType type = MethodType.fromMethodDescriptorString(implSignature, loader);
            // looked up by its own type: reflection (getDeclaredMethod) would load the types of every
            // method of the class, which in a fresh JVM means opening the jars they live in
            MethodHandle handle = lookUp(owner, type);
            Method method = null;
            if (handle == null) {
                method = owner.getDeclaredMethod(implMethod, type.parameterArray());
                method.setAccessible(true);
                handle = MethodHandles.lookup().unreflect(method);
            }
            boolean isStatic = method != null ? Modifier.isStatic(method.getModifiers()) : implKind == MethodHandleInfo.REF_invokeStatic;
            int parameterCount = type.parameterCount();
            String description = method != null ? method.toString() : owner.getName() + "." + implMethod + type;
            boolean instanceKind = implKind == MethodHandleInfo.REF_invokeVirtual
                    || implKind == MethodHandleInfo.REF_invokeSpecial || implKind == MethodHandleInfo.REF_invokeInterface;
            // the captured values, then the call's arguments; the receiver is the first of them
            int callParameters;
            if (implKind == MethodHandleInfo.REF_invokeStatic && isStatic) {
                callParameters = parameterCount - captured.size();
            } else if (instanceKind && !isStatic && !captured.isEmpty() && owner.isInstance(captured.getFirst())) {
                callParameters = parameterCount - (captured.size() - 1);
            } else if (instanceKind && !isStatic && captured.isEmpty() && arity > 0) {
                callParameters = parameterCount + 1;
            } else {
                return Optional.empty();
            }
            Class<?>[] parameters = type.parameterArray();
            if (callParameters != arity || !accepts(parameters, captured.subList(isStatic ? 0 : Math.min(1, captured.size()),
                    captured.size()).toArray())) {
                return Optional.empty();
            }
            if (!captured.isEmpty()) {
                handle = MethodHandles.insertArguments(handle, 0, captured.toArray());
            }
            if (arity == 0 && handle.type().returnType() == void.class) {
                // a Runnable (a Process target, most often): called as it is, with no adaptation to
                // spin (a cold JVM spends 1-2 ms making the void-to-Object return conversion)
                return Optional.of(new Target(handle, 0, true, description));
            }
            handle = handle.asType(MethodType.genericMethodType(arity));
            return Optional.of(new Target(handle, arity, false, description));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The implementation method as a direct handle found by name and type with a lookup that has
     * private access to {@code owner} (a static method for {@code REF_invokeStatic}, else an instance
     * method, private ones included); null when that lookup is not allowed (a named module that
     * does not open the package) or finds nothing, and reflection must try.
     */
    private MethodHandle lookUp(Class<?> owner, MethodType type) {
        try {
            Module self = LambdaCall.class.getModule();
            if (self.isNamed() && !self.canRead(owner.getModule())) {
                self.addReads(owner.getModule()); // a named mp4j reads the application's (unnamed) module
            }
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
            return implKind == MethodHandleInfo.REF_invokeStatic ? lookup.findStatic(owner, implMethod, type)
                    : lookup.findVirtual(owner, implMethod, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static boolean accepts(Class<?>[] parameters, Object[] arguments) {
        for (int i = 0; i < arguments.length; i++) {
            if (!fits(parameters[i], arguments[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(Class<?> parameter, Object argument) {
        return parameter.isPrimitive()
                ? argument != null && MethodType.methodType(parameter).wrap().returnType() == argument.getClass()
                : argument == null || parameter.isInstance(argument);
    }

    /**
     * A resolved lambda, callable as the functional interface it was written for
     * ({@link #asInterface()}), or as a {@code Runnable} or {@code Callable}. The method is held as a
     * method handle with the captured values bound and adapted to {@code Object}s, so a call of the
     * wrong type fails as the lambda's own would (the cast's {@link ClassCastException}, the
     * unboxing's {@link NullPointerException}) and costs a few nanoseconds more than the lambda
     * (a reflective {@code Method.invoke} cost ten times that per item of a pool's map). Calling it
     * with another arity than the lambda's is a bug of the caller ({@link IllegalStateException}).
     * A lambda with no arguments that returns nothing keeps its handle's own type {@code ()void}
     * (its {@link #call} returns null), which needs no adapter to be made in the calling JVM.
     * Immutable; safe to call from any thread.
     */
    public static final class Target implements Runnable, java.util.concurrent.Callable<Object> {
        private final MethodHandle handle;
        private final int arity;
        /** The handle is {@code ()void}; otherwise it takes and returns {@code Object}s. */
        private final boolean returnsVoid;
        private final String description;

        private Target(MethodHandle handle, int arity, boolean returnsVoid, String description) {
            this.handle = handle;
            this.arity = arity;
            this.returnsVoid = returnsVoid;
            this.description = description;
        }

        @Override
        public void run() {
            call();
        }

        @Override
        public Object call() {
            checkArity(0);
            try {
                if (returnsVoid) {
                    handle.invokeExact();
                    return null;
                }
                return (Object) handle.invokeExact();
            } catch (Throwable thrown) {
                throw LambdaCall.<RuntimeException>rethrow(thrown);
            }
        }

        /**
         * This lambda as a {@code Callable}, {@code Function}, {@code BiFunction},
         * {@code SerializableFunction3} or {@code SerializableFunction4}, by its arity.
         */
        public Object asInterface() {
            return switch (arity) {
                case 0 -> this;
                case 1 -> new AsFunction(this);
                case 2 -> new AsBiFunction(this);
                case 3 -> new AsFunction3(this);
                default -> new AsFunction4(this);
            };
        }

        private void checkArity(int called) {
            if (called != arity) {
                throw new IllegalStateException(description + " takes " + arity + " arguments, called with " + called);
            }
        }

        private record AsFunction(Target target) implements java.util.function.Function<Object, Object> {
            @Override
            public Object apply(Object argument) {
                try {
                    return (Object) target.handle.invokeExact(argument);
                } catch (Throwable thrown) {
                    throw LambdaCall.<RuntimeException>rethrow(thrown);
                }
            }
        }

        private record AsBiFunction(Target target) implements java.util.function.BiFunction<Object, Object, Object> {
            @Override
            public Object apply(Object first, Object second) {
                try {
                    return (Object) target.handle.invokeExact(first, second);
                } catch (Throwable thrown) {
                    throw LambdaCall.<RuntimeException>rethrow(thrown);
                }
            }
        }

        private record AsFunction3(Target target) implements dev.mp4j.function.SerializableFunction3<Object, Object, Object, Object> {
            @Override
            public Object apply(Object first, Object second, Object third) {
                try {
                    return (Object) target.handle.invokeExact(first, second, third);
                } catch (Throwable thrown) {
                    throw LambdaCall.<RuntimeException>rethrow(thrown);
                }
            }
        }

        private record AsFunction4(Target target)
                implements dev.mp4j.function.SerializableFunction4<Object, Object, Object, Object, Object> {
            @Override
            public Object apply(Object first, Object second, Object third, Object fourth) {
                try {
                    return (Object) target.handle.invokeExact(first, second, third, fourth);
                } catch (Throwable thrown) {
                    throw LambdaCall.<RuntimeException>rethrow(thrown);
                }
            }
        }

        @Override
        public String toString() {
            return "lambda calling " + description;
        }
    }

    /** Throws the target's own exception, checked or not, as the lambda would have. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable thrown) throws T {
        throw (T) thrown;
    }

    @Override
    public String toString() {
        return implClass + "." + implMethod + implSignature + " with " + Arrays.deepToString(captured.toArray());
    }
}
