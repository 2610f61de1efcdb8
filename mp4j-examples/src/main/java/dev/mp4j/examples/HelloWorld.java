package dev.mp4j.examples;

import dev.mp4j.Process;

/** Seed 000, HelloWorld.py: create a process to run the function f(). */
public final class HelloWorld {
    private HelloWorld() {
    }

    static void f(String name) {
        System.out.println("Hello " + name);
    }

    public static void main(String[] args) throws InterruptedException {
        Process p = Process.of(() -> f("World"));
        p.start();
        p.join();
    }
}
