package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.manager.Manager;
import dev.mp4j.manager.SharedList;

import java.util.List;

/**
 * Seed 000, communication3.py: a list held by a manager's server process, changed by one process
 * and summed by another.
 *
 * <p>The seed writes {@code p1.join} without parentheses, so its second process may sum before
 * the first has added; this port calls {@code join()} so the output is always the one the lecture
 * shows.
 */
public final class Communication3 {
    private Communication3() {
    }

    static void addElement(int record, List<Integer> records) {
        records.add(record);
        System.out.println("New element added to records list");
    }

    static void sumElements(List<Integer> records) {
        int sum = records.stream().mapToInt(Integer::intValue).sum();
        System.out.println("New sum is: " + sum);
    }

    public static void main(String[] args) throws InterruptedException {
        try (Manager manager = Manager.start()) {
            List<Integer> listElements = List.of(1, 2, 3, 4);
            SharedList<Integer> records = manager.list(listElements);
            int newElement = 5;

            System.out.println("Old sum is: " + listElements.stream().mapToInt(Integer::intValue).sum());
            Process p1 = Process.of(() -> addElement(newElement, records));
            Process p2 = Process.of(() -> sumElements(records));

            p1.start();
            p1.join();

            p2.start();
            p2.join();
        }
    }
}
