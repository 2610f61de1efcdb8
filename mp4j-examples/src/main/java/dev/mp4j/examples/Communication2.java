package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.shm.Array;
import dev.mp4j.shm.Value;

import java.util.Arrays;
import java.util.List;

/** Seed 000, communication2.py: a child process fills a shared Array and Value; the parent sees them. */
public final class Communication2 {
    private Communication2() {
    }

    static void squareList(List<Integer> mylist, Array.OfInt result, Value.OfInt squareSum) {
        for (int idx = 0; idx < mylist.size(); idx++) {
            result.set(idx, mylist.get(idx) * mylist.get(idx));
        }
        squareSum.set(Arrays.stream(result.toArray()).sum());
        System.out.println("Result(in process p1): " + result);
        System.out.println("Sum of squares(in process p1): " + squareSum.get());
    }

    public static void main(String[] args) throws InterruptedException {
        List<Integer> mylist = List.of(1, 2, 3, 4);
        Array.OfInt result = Array.ofInt(4);
        Value.OfInt squareSum = Value.ofInt(0);
        Process p1 = Process.of(() -> squareList(mylist, result, squareSum));
        p1.start();
        p1.join();
        System.out.println("Result(in main program): " + result);
        System.out.println("Sum of squares(in main program): " + squareSum.get());
    }
}
