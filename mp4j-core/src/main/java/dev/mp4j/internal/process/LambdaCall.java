package dev.mp4j.internal.process;

import dev.mp4j.internal.codec.WireRecord;

import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A {@code Process} target that is a serializable lambda (or method reference) capturing only
 * plain values, sent as the method it calls plus those values. A fresh child then calls the method
 * reflectively instead of deserializing the lambda: for a deserialized lambda the JDK spins a new
 * class in the still-interpreted class-file library, 50 to 80 ms of a cold child's start, where a
 * reflective call costs a fraction of that (its method-handle shapes are in the {@link AotCache}).
 *
 * <p>Only what the JDK's own deserialization would have done is done: the class that wrote the
 * lambda is initialised, and the lambda's implementation method, found by class, name and
 * descriptor, is called with the captured values as arguments (the first one as the receiver for
 * an instance method). The lambda's serialized form
 * always travels too, and the child falls back to it whenever this path has any doubt (a class or
 * method not found, a module that does not open it, a value of another type).
 *
 * <p>Plain values are those the codec writes without JDK serialization: null, Boolean, Integer,
 * Long, Double, String and byte[]. Immutable and thread-safe.
 */
record LambdaCall(String capturingClass, String implClass, String implMethod, String implSignature, int implKind,
                  List<Object> captured) {

    LambdaCall {
        captured = java.util.Collections.unmodifiableList(new ArrayList<>(captured)); // may hold nulls
    }

    /** The call a {@code Runnable} lambda stands for, when it qualifies. */
    static Optional<LambdaCall> of(Runnable target) {
        Class<?> type = target.getClass();
        if (!type.isSynthetic() && !type.isHidden()) {
            return Optional.empty();
        }
        try {
            Method writeReplace = type.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (!(writeReplace.invoke(target) instanceof SerializedLambda lambda)
                    || !lambda.getFunctionalInterfaceMethodName().equals("run")
                    || !lambda.getFunctionalInterfaceMethodSignature().equals("()V")) {
                return Optional.empty();
            }
            List<Object> captured = new ArrayList<>(lambda.getCapturedArgCount());
            for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
                Object value = lambda.getCapturedArg(i);
                if (!isPlain(value)) {
                    return Optional.empty();
                }
                captured.add(value);
            }
            return Optional.of(new LambdaCall(lambda.getCapturingClass().replace('/', '.'),
                    lambda.getImplClass().replace('/', '.'), lambda.getImplMethodName(),
                    lambda.getImplMethodSignature(), lambda.getImplMethodKind(), captured));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty(); // not a serializable lambda, or one this module may not open
        }
    }

    private static boolean isPlain(Object value) {
        return value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof String || value instanceof byte[];
    }

    byte[] encode() {
        return WireRecord.encode(capturingClass, implClass, implMethod, implSignature, (long) implKind, captured);
    }

    /** @throws dev.mp4j.internal.codec.CodecException when the payload is not a lambda call */
    static LambdaCall decode(byte[] payload) {
        WireRecord wire = WireRecord.decode(payload, "lambda call", 6);
        return new LambdaCall(wire.string(0), wire.string(1), wire.string(2), wire.string(3), (int) wire.longValue(4),
                wire.values(5));
    }

    /** The target to run, or empty when the lambda must be deserialized instead. */
    Optional<Runnable> resolve(ClassLoader loader) {
        try {
            // deserializing the lambda would initialise the class that wrote it (its $deserializeLambda$ runs there)
            Class.forName(capturingClass, true, loader);
            Class<?> owner = Class.forName(implClass, false, loader);
            MethodType type = MethodType.fromMethodDescriptorString(implSignature, loader);
            Method method = owner.getDeclaredMethod(implMethod, type.parameterArray());
            boolean isStatic = Modifier.isStatic(method.getModifiers());
            Object receiver;
            Object[] arguments;
            if (implKind == MethodHandleInfo.REF_invokeStatic && isStatic) {
                receiver = null;
                arguments = captured.toArray();
            } else if ((implKind == MethodHandleInfo.REF_invokeVirtual || implKind == MethodHandleInfo.REF_invokeSpecial
                    || implKind == MethodHandleInfo.REF_invokeInterface) && !isStatic
                    && !captured.isEmpty() && owner.isInstance(captured.getFirst())) {
                receiver = captured.getFirst();
                arguments = captured.subList(1, captured.size()).toArray();
            } else {
                return Optional.empty();
            }
            if (arguments.length != method.getParameterCount() || !accepts(method.getParameterTypes(), arguments)) {
                return Optional.empty();
            }
            method.setAccessible(true);
            return Optional.of(() -> invoke(method, receiver, arguments));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean accepts(Class<?>[] parameters, Object[] arguments) {
        for (int i = 0; i < parameters.length; i++) {
            Class<?> parameter = parameters[i];
            Object argument = arguments[i];
            boolean fits = parameter.isPrimitive()
                    ? argument != null && MethodType.methodType(parameter).wrap().returnType() == argument.getClass()
                    : argument == null || parameter.isInstance(argument);
            if (!fits) {
                return false;
            }
        }
        return true;
    }

    private static void invoke(Method method, Object receiver, Object[] arguments) {
        try {
            method.invoke(receiver, arguments);
        } catch (InvocationTargetException e) {
            throw LambdaCall.<RuntimeException>rethrow(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method + ": " + e.getMessage(), e);
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
