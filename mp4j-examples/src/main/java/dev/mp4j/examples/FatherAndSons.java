package dev.mp4j.examples;

import dev.mp4j.Multiprocessing;
import dev.mp4j.Process;

/** Seed 000, FatherAndSons.py: a tree of processes printing their pid and their father's pid. */
public final class FatherAndSons {
    private FatherAndSons() {
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    static long ppid() {
        return Multiprocessing.parentProcess().map(p -> p.pid())
                .orElseGet(() -> ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L));
    }

    static void f0(String name) {
        System.out.println();
        System.out.println("-----> function " + name);
        System.out.println("I am still the main process with ID " + pid() + " my father is ID:" + ppid());
    }

    static void f1(String name) {
        System.out.println();
        System.out.println("-----> function " + name);
        System.out.println("I am the first sub-process with ID " + pid() + " my father is ID:" + ppid());
        f2("two");
    }

    static void f2(String name) {
        System.out.println();
        System.out.println("-----> function " + name);
        System.out.println("I am still the first sub-process with ID " + pid() + " my father is ID:" + ppid());
        System.out.println("This is the end!");
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("I am the main process with ID: " + pid());
        f0("zero");
        Process p = Process.of(() -> f1("one"));
        p.start();
        p.join();
    }
}
