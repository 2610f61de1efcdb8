package dev.mp4j.internal.process;

import dev.mp4j.function.SerializableBiFunction;
import dev.mp4j.function.SerializableCallable;
import dev.mp4j.function.SerializableFunction;
import dev.mp4j.function.SerializableRunnable;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Process target that is a lambda over plain values runs in the child as a reflective call of
 * the same method with the same values, exceptions included; anything else is left to lambda
 * deserialization.
 */
class LambdaCallTest {
    private static final List<Object> calls = new ArrayList<>();

    private static void record(String text, int number, long big, Boolean flag, byte[] bytes, Double missing) {
        calls.add(List.of(text, number, big, flag, bytes.length, missing == null ? "null" : missing));
    }

    private static void fail(String why) {
        throw new IllegalStateException(why);
    }

    private static Runnable viaTheWire(SerializableRunnable lambda) {
        LambdaCall call = LambdaCall.of(lambda).orElseThrow();
        return LambdaCall.decode(call.encode(new java.util.HashSet<>())).resolve(LambdaCallTest.class.getClassLoader()).orElseThrow();
    }

    @Test
    void aLambdaOverPlainValuesIsCalledWithTheSameValues() {
        String text = "seven";
        int number = 7;
        long big = 7_000_000_000L;
        byte[] bytes = {1, 2, 3};
        Double missing = null;
        calls.clear();
        viaTheWire(() -> record(text, number, big, true, bytes, missing)).run();
        assertThat(calls).containsExactly(List.of("seven", 7, 7_000_000_000L, true, 3, "null"));
    }

    @Test
    void methodReferencesStaticAndOnAStringReceiverAreCalls() {
        calls.clear();
        viaTheWire(LambdaCallTest::clear).run();
        String text = "receiver";
        assertThat(LambdaCall.of((SerializableRunnable) text::length)).isPresent();
        viaTheWire(text::length).run();
    }

    private static void clear() {
        calls.add("cleared");
    }

    /**
     * A lambda with no arguments that returns nothing (the usual Process target) is called with its
     * handle as it is: as a {@code Callable} it returns null, and it runs once per call.
     */
    @Test
    void aRunnableWithoutResultRunsOncePerCallAndReturnsNothing() throws Exception {
        calls.clear();
        String text = "once";
        LambdaCall call = LambdaCall.of((SerializableRunnable) () -> calls.add(text)).orElseThrow();
        LambdaCall.Target target = LambdaCall.decode(call.encode(new java.util.HashSet<>()))
                .resolve(LambdaCallTest.class.getClassLoader()).orElseThrow();
        assertThat(target.call()).isNull();
        target.run();
        assertThat(calls).containsExactly("once", "once");
        assertThat(target.asInterface()).isSameAs(target);
    }

    @Test
    void theTargetsOwnExceptionComesOutUnwrapped() {
        String why = "from the target";
        Runnable target = viaTheWire(() -> fail(why));
        assertThatThrownBy(target::run).isExactlyInstanceOf(IllegalStateException.class).hasMessage("from the target");
    }

    private static final List<Object> seen = new ArrayList<>();

    private static void sameList(List<String> first, List<String> second) {
        seen.add(first == second);
        seen.add(first);
    }

    @Test
    void valuesOtherThanPlainOnesTravelAsOneGraph() {
        List<String> list = new ArrayList<>(List.of("a", "b"));
        seen.clear();
        viaTheWire(() -> sameList(list, list)).run();
        assertThat(seen).containsExactly(true, List.of("a", "b"));
        assertThat(seen.get(1)).as("a copy, as the lambda's own serialized form gives").isNotSameAs(list);
    }

    @Test
    void whatIsNotASerializableLambdaOrCapturesWhatCannotBeSerializedIsNotACall() {
        Runnable plain = () -> { };
        assertThat(LambdaCall.of(plain)).as("not serializable").isEmpty();
        assertThat(LambdaCall.of(new Runnable() {
            @Override
            public void run() {
            }
        })).isEmpty();
        Object notSerializable = new Object();
        java.util.Set<String> written = new java.util.HashSet<>();
        assertThat(LambdaCall.encodeIfQualifies((SerializableRunnable) () -> notSerializable.hashCode(), written)).isNull();
        assertThat(written).as("nothing recorded for a call not made").isEmpty();
    }

    private static LambdaCall runnableCall(String implClass, String method, String signature, int kind, List<Object> captured) {
        return new LambdaCall(0, LambdaCallTest.class.getName(), "java/lang/Runnable", "run", "()V", implClass, method,
                signature, kind, "()V", captured);
    }

    @Test
    void aCallThatDoesNotResolveFallsBack() {
        ClassLoader loader = LambdaCallTest.class.getClassLoader();
        assertThat(runnableCall("com.example.Missing", "run", "()V", 6, List.of()).resolve(loader)).isEmpty();
        assertThat(runnableCall(LambdaCallTest.class.getName(), "noSuchMethod", "()V", 6, List.of()).resolve(loader)).isEmpty();
        assertThat(runnableCall(LambdaCallTest.class.getName(), "fail", "(Ljava/lang/String;)V", 6, List.of(42))
                .resolve(loader)).as("an Integer for a String parameter").isEmpty();
        assertThat(runnableCall(LambdaCallTest.class.getName(), "fail", "(Ljava/lang/String;)V", 5, List.of("x"))
                .resolve(loader)).as("a static method called as an instance one").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCallThatDoesNotResolveIsTheDeserializedLambda() {
        SerializableFunction<String, StringBuilder> create = StringBuilder::new;
        LambdaCall call = LambdaCall.decode(LambdaCall.of(create).orElseThrow().encode(new java.util.HashSet<>()));
        ClassLoader loader = LambdaCallTest.class.getClassLoader();
        assertThat(call.resolve(loader)).as("a constructor reference is not called directly").isEmpty();
        Function<String, StringBuilder> function = (Function<String, StringBuilder>) call.toFunction(loader);
        assertThat(function.apply("built").toString()).isEqualTo("built");
        assertThatThrownBy(() -> runnableCall(LambdaCallTest.class.getName(), "noSuchMethod", "()V", 6, List.of())
                .toFunction(loader)).as("neither path works: the JDK's refusal is reported")
                .isInstanceOf(dev.mp4j.SerializationException.class).hasMessageContaining("cannot rebuild the lambda");
    }

    private static Object poolFunction(Object lambda) {
        LambdaCall call = LambdaCall.of(lambda).orElseThrow();
        return LambdaCall.decode(call.encode(new java.util.HashSet<>())).resolve(LambdaCallTest.class.getClassLoader()).orElseThrow().asInterface();
    }

    private static int scaled(int factor, Integer value) {
        return factor * value;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPoolsFunctionsAreCalledAsTheInterfaceTheyWereWrittenFor() throws Exception {
        int offset = 10;
        Function<Object, Object> square = (Function<Object, Object>) poolFunction((SerializableFunction<Integer, Integer>) x -> x * x + offset);
        assertThat(square.apply(3)).isEqualTo(19);
        Function<Object, Object> length = (Function<Object, Object>) poolFunction((SerializableFunction<String, Integer>) String::length);
        assertThat(length.apply("four")).as("an unbound method reference: the item is the receiver").isEqualTo(4);
        Function<Object, Object> times = (Function<Object, Object>) poolFunction((SerializableFunction<Integer, Integer>) x -> scaled(3, x));
        assertThat(times.apply(5)).isEqualTo(15);
        BiFunction<Object, Object, Object> power = (BiFunction<Object, Object, Object>) poolFunction(
                (SerializableBiFunction<Integer, Integer, Long>) (x, y) -> (long) Math.pow(x, y));
        assertThat(power.apply(2, 10)).isEqualTo(1024L);
        String greeting = "hello";
        Callable<Object> call = (Callable<Object>) poolFunction((SerializableCallable<String>) () -> greeting + "!");
        assertThat(call.call()).isEqualTo("hello!");
    }

    @Test
    @SuppressWarnings("unchecked")
    void anArgumentOfTheWrongTypeFailsAsTheLambdaWould() {
        Function<Object, Object> square = (Function<Object, Object>) poolFunction((SerializableFunction<Integer, Integer>) x -> x * x);
        assertThatThrownBy(() -> square.apply("three")).isInstanceOf(ClassCastException.class)
                .hasMessageContaining("java.lang.String").hasMessageContaining("java.lang.Integer");
        Function<Object, Object> length = (Function<Object, Object>) poolFunction((SerializableFunction<String, Integer>) String::length);
        assertThatThrownBy(() -> length.apply(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> length.apply(42)).isInstanceOf(ClassCastException.class);
        Function<Object, Object> absolute = (Function<Object, Object>) poolFunction((SerializableFunction<Integer, Integer>) Math::abs);
        assertThat(absolute.apply(-4)).isEqualTo(4);
        assertThatThrownBy(() -> absolute.apply(null)).as("null where an int is taken").isInstanceOf(NullPointerException.class);
    }

    @Test
    void aCallablesCheckedExceptionComesOutAsItIs() {
        SerializableCallable<Object> failing = LambdaCallTest::checkedFailure;
        Callable<?> call = (Callable<?>) poolFunction(failing);
        assertThatThrownBy(call::call).isExactlyInstanceOf(java.io.IOException.class).hasMessage("disk full");
    }

    private static Object checkedFailure() throws java.io.IOException {
        throw new java.io.IOException("disk full");
    }

    /** A class with a lambda and a method whose parameter type a worker's class path may lack. */
    static final class WithAnAbsentType {
        static SerializableFunction<Integer, Integer> doubler() {
            return x -> x * 2;
        }

        static void unrelated(AbsentType value) {
        }
    }

    static final class AbsentType {
    }

    /**
     * Resolving a lambda loads its own signature's types, not those of every method of its class:
     * a class on the caller's class path that the worker lacks, named only by another method of
     * the lambda's class, does not stop the call (reflection's getDeclaredMethod loaded them all,
     * which in a fresh worker JVM also meant opening the jars they live in; lambda deserialization,
     * the fallback, fails there with a NoClassDefFoundError).
     */
    @Test
    void aLambdaResolvesInALoaderThatLacksATypeOfAnotherMethodOfItsClass() throws Exception {
        String owner = WithAnAbsentType.class.getName();
        String absent = AbsentType.class.getName();
        List<String> loaded = java.util.Collections.synchronizedList(new ArrayList<>());
        ClassLoader worker = new ClassLoader(LambdaCallTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (name.equals(absent)) {
                        throw new ClassNotFoundException(name + " is not on this worker's class path");
                    }
                    if (!name.equals(owner)) {
                        return super.loadClass(name, resolve);
                    }
                    Class<?> done = findLoadedClass(name);
                    if (done != null) {
                        return done;
                    }
                    try (java.io.InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        loaded.add(name);
                        return defineClass(name, bytes, 0, bytes.length);
                    } catch (java.io.IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
            }
        };
        LambdaCall call = LambdaCall.of(WithAnAbsentType.doubler()).orElseThrow();
        LambdaCall.Target target = LambdaCall.decode(call.encode(new java.util.HashSet<>())).resolve(worker).orElseThrow();
        assertThat(loaded).as("the lambda's class came from the worker's loader").containsExactly(owner);
        @SuppressWarnings("unchecked")
        Function<Object, Object> function = (Function<Object, Object>) target.asInterface();
        assertThat(function.apply(21)).isEqualTo(42);
    }
    private static boolean hasJdkSerialization(byte[] bytes) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == (byte) 0xAC && bytes[i + 1] == (byte) 0xED) {
                return true;
            }
        }
        return false;
    }

    /**
     * Captured JDK collections of plain values travel in the codec's compact form, not JDK
     * serialization (whose first use costs a fresh worker JVM tens of ms), and arrive equal; a
     * collection captured twice still travels serialized, so that it arrives as one object.
     */
    @Test
    void capturedCollectionsOfPlainValuesTravelWithoutJdkSerializationAndSharedOnesStayShared() throws Exception {
        List<String> names = new ArrayList<>(List.of("a", "b"));
        java.util.Map<String, Integer> counts = new java.util.HashMap<>(java.util.Map.of("k", 7));
        SerializableCallable<String> plain = () -> names + "/" + counts;
        byte[] compact = LambdaCall.of(plain).orElseThrow().encode(new java.util.HashSet<>());
        assertThat(hasJdkSerialization(compact)).as("compact form").isFalse();
        LambdaCall decoded = LambdaCall.decode(compact);
        assertThat(decoded.captured()).containsExactly(names, counts);
        assertThat(decoded.resolve(LambdaCallTest.class.getClassLoader()).orElseThrow().call()).isEqualTo("[a, b]/{k=7}");

        List<String> same = new ArrayList<>(List.of("x"));
        List<String> alias = same;
        SerializableCallable<Boolean> shared = () -> isSameList(same, alias);
        byte[] serialized = LambdaCall.of(shared).orElseThrow().encode(new java.util.HashSet<>());
        assertThat(hasJdkSerialization(serialized)).as("a list captured twice").isTrue();
        LambdaCall back = LambdaCall.decode(serialized);
        assertThat(back.captured().get(0)).isSameAs(back.captured().get(1));
        assertThat(back.resolve(LambdaCallTest.class.getClassLoader()).orElseThrow().call()).isEqualTo(true);
    }

    private static boolean isSameList(List<String> first, List<String> second) {
        return first == second;
    }
}
