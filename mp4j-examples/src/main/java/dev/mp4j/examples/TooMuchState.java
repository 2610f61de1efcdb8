package dev.mp4j.examples;

import dev.mp4j.pool.Pool;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Seed 003 (notebook), "Typical problems", In [24]: "sharing too much state from the parent process
 * onto child processes (state which cannot be easily serialized)". {@code pool.map(my_class.my_func,
 * ...)} must send {@code my_class} to the workers, and with it its {@code threading.RLock}, which
 * Python refuses to pickle. Java's {@code threading.RLock} is {@link ReentrantLock}: the JDK would
 * serialize it into a useless unlocked copy, and mp4j refuses it with the same kind of error,
 * naming the field. The notebook catches the error and prints it; so does this port. A second
 * object holding state that cannot be serialized at all (a {@link Thread}) gets the same treatment.
 */
public final class TooMuchState {
    private TooMuchState() {
    }

    /** The notebook's {@code MyClass}: a thread-only reentrant lock guarding a print. */
    static final class MyClass implements Serializable {
        private final ReentrantLock lock = new ReentrantLock();

        Object myFunc(Object ignored) {
            lock.lock();
            try {
                System.out.println("To be executed from multiple processes");
            } finally {
                lock.unlock();
            }
            return null;
        }
    }

    /** An object with a thread in its state: a {@link Thread} is not serializable at all. */
    static final class WithWorkerThread implements Serializable {
        private final Thread worker = Thread.ofPlatform().unstarted(() -> { });

        Object myFunc(Object x) {
            return worker.getName() + x;
        }
    }

    public static void main(String[] args) {
        MyClass myClass = new MyClass();
        try (Pool p = Pool.create(2)) {
            System.out.println(p.map(myClass::myFunc, List.of(1, 2)));
        } catch (IllegalArgumentException e) {
            System.out.println("Trying to serialize too much state into children processes!");
            System.out.println(e.getMessage());
        }
        WithWorkerThread withThread = new WithWorkerThread();
        try (Pool p = Pool.create(2)) {
            System.out.println(p.map(withThread::myFunc, List.of(1, 2)));
        } catch (IllegalArgumentException e) {
            System.out.println("Trying to serialize too much state into children processes!");
            System.out.println(e.getMessage());
        }
    }
}
