package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

import java.util.List;
import java.util.concurrent.SynchronousQueue;

/**
 * Seed 002 (course week 7), "With send(), a generator becomes a coroutine": three coroutines that
 * print {@code n + x} for every {@code x} sent to them. Java has no generators; its micro-threads
 * ("green threads", the seed's greenlet/gevent) are virtual threads: scheduled by the JVM onto a
 * few carrier threads, cheap to create and to block. Each coroutine here is a process on the
 * {@link Engine#VIRTUAL_THREADS} engine that blocks where Python's {@code (yield)} suspends;
 * {@link Coroutine#send} hands a value over and waits until the coroutine is back at its yield,
 * as {@code generator.send} does, so the output order is the seed's. {@link Coroutine#close}
 * is Python's {@code close()} (the {@code GeneratorExit} the seed catches).
 */
public final class Coroutines {
    private Coroutines() {
    }

    /** A coroutine: a virtual thread that receives values where the Python code yields. */
    static final class Coroutine {
        private static final Object GENERATOR_EXIT = new Object();
        private final SynchronousQueue<Object> sent = new SynchronousQueue<>();
        private final SynchronousQueue<Boolean> yielded = new SynchronousQueue<>();
        private final Process process;

        Coroutine(int n) {
            process = Process.of(Engine.VIRTUAL_THREADS, () -> body(n));
        }

        private void body(int n) {
            try {
                yielded.put(true); // primed: waiting at the first (yield)
                while (true) {
                    Object x = sent.take();
                    if (x == GENERATOR_EXIT) {
                        break;
                    }
                    System.out.println(n + (Integer) x);
                    yielded.put(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Python's {@code next(target)}: runs the coroutine up to its first yield. */
        void next() throws InterruptedException {
            process.start();
            yielded.take();
        }

        void send(int x) throws InterruptedException {
            sent.put(x);
            yielded.take();
        }

        void close() throws InterruptedException {
            sent.put(GENERATOR_EXIT);
            process.join();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        List<Coroutine> targets = List.of(new Coroutine(10), new Coroutine(20), new Coroutine(30));
        for (Coroutine target : targets) {
            target.next();
        }
        for (int i = 0; i < 5; i++) {
            for (Coroutine target : targets) {
                target.send(i);
            }
        }
        for (Coroutine target : targets) {
            target.close();
        }
    }
}
