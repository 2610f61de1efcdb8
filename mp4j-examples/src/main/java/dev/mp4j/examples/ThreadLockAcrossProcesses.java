package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.sync.RLock;

import java.io.Serializable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Seed 003 (notebook), "Typical problems": "mixing multi-threading-safe code with
 * multi-processing-safe code (e.g. locking on a {@code threading.Lock} instead of a
 * {@code multiprocessing.Lock})", with the {@code run()} method of In [24]'s {@code MyClass}, which
 * starts a process on its own {@code my_func} while holding its lock. With a JDK
 * {@link ReentrantLock} (a thread lock, like Python's {@code threading.RLock}) mp4j refuses to start
 * the process and says why: the child would get an unlocked copy. With mp4j's {@link RLock}, which
 * lives in shared memory, the same code works: the child's {@code my_func} waits until the parent
 * releases the lock, then prints.
 */
public final class ThreadLockAcrossProcesses {
    private ThreadLockAcrossProcesses() {
    }

    /** In [24]'s {@code MyClass} with the thread lock. */
    static final class MyClass implements Serializable {
        private final ReentrantLock lock = new ReentrantLock();

        void myFunc() {
            lock.lock();
            try {
                System.out.println("To be executed from multiple processes");
            } finally {
                lock.unlock();
            }
        }

        void run() throws InterruptedException {
            lock.lock();
            try {
                Process p = Process.of(this::myFunc);
                p.start();
                p.join();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The same class with a lock that works across processes. */
    static final class MyProcessSafeClass implements Serializable {
        private final RLock lock = RLock.create();

        void myFunc() {
            lock.lock();
            try {
                System.out.println("To be executed from multiple processes (pid " + ProcessHandle.current().pid() + ")");
            } finally {
                lock.unlock();
            }
        }

        void run() throws InterruptedException {
            Process p;
            lock.lock();
            try {
                p = Process.of(this::myFunc);
                p.start();
                System.out.println("parent holds the lock while the child starts");
            } finally {
                lock.unlock();
            }
            p.join();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        try {
            new MyClass().run();
        } catch (IllegalArgumentException e) {
            System.out.println("thread lock: " + e.getMessage());
        }
        new MyProcessSafeClass().run();
    }
}
