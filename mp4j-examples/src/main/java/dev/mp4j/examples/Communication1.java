package dev.mp4j.examples;

import dev.mp4j.Process;

import java.util.ArrayList;
import java.util.List;

/** Seed 000, communication1.py: a child's change to a global is invisible to the parent (separate memory). */
public final class Communication1 {
    private static final List<Integer> result = new ArrayList<>();

    private Communication1() {
    }

    static void squareList(List<Integer> mylist) {
        for (int num : mylist) {
            result.add(num * num);
        }
        System.out.println("Result(in process p1):" + result);
    }

    public static void main(String[] args) throws InterruptedException {
        List<Integer> mylist = List.of(1, 2, 3, 4);
        Process p1 = Process.of(() -> squareList(mylist));
        p1.start();
        p1.join();
        System.out.println("Result(in main program): " + result);
    }
}
