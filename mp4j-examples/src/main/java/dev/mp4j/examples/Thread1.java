package dev.mp4j.examples;

import dev.mp4j.Engine;
import dev.mp4j.Process;

/**
 * Seed 000, thread1.py: two threads named t1 and t2 in one process, each printing its task, its
 * thread's name and the pid of the process running it; on the THREADS engine every "process" shares
 * this JVM's pid. Python's main thread is named "MainThread"; the JVM's is "main".
 */
public final class Thread1 {
    private Thread1() {
    }

    static void task1() {
        System.out.println("Task 1 assigned to thread: " + Thread.currentThread().getName());
        System.out.println("ID of process running task 1: " + ProcessHandle.current().pid());
    }

    static void task2() {
        System.out.println("Task 2 assigned to thread: " + Thread.currentThread().getName());
        System.out.println("ID of process running task 2: " + ProcessHandle.current().pid());
    }

    public static void main(String[] args) throws InterruptedException {
        // print ID of current process
        System.out.println("ID of process running main program: " + ProcessHandle.current().pid());
        // print name of main thread
        System.out.println("Main thread name: " + Thread.currentThread().getName());

        // creating threads
        Process t1 = Process.builder().engine(Engine.THREADS).name("t1").target(Thread1::task1).build();
        Process t2 = Process.builder().engine(Engine.THREADS).name("t2").target(Thread1::task2).build();
        // starting threads
        t1.start();
        t2.start();
        // wait until all threads finish
        t1.join();
        t2.join();
    }
}
