import dev.mp4j.pool.Pool;
import dev.mp4j.queue.Queue;
import dev.mp4j.Process;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * A program run by the JDK's single-file source launcher:
 *   java --enable-native-access=ALL-UNNAMED -cp <mp4j-core and slf4j-api jars> SingleFile.java
 * Its classes exist only in memory; mp4j writes them where its child JVMs find them.
 */
public class SingleFile {
    record Order(int id, long cents) implements Serializable {
    }

    record Invoice(int orderId, long totalCents) implements Serializable {
    }

    static Invoice invoice(Order order) {
        return new Invoice(order.id(), order.cents() * 2);
    }

    public static void main(String[] args) throws Exception {
        List<Order> orders = List.of(new Order(1, 10), new Order(2, 20));
        try (Pool pool = Pool.create(2)) {
            check(pool.map(o -> new Invoice(o.id(), o.cents() * 2), orders), "lambda");
            check(pool.map(SingleFile::invoice, orders), "method reference");
        }
        Queue<Order> queue = Queue.create();
        Process child = Process.of(() -> {
            try {
                queue.put(new Order(3, 30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        child.start();
        Order got = queue.get(true, Duration.ofSeconds(60));
        child.join(Duration.ofSeconds(60));
        if (!got.equals(new Order(3, 30)) || child.exitCode().orElse(-1) != 0) {
            throw new AssertionError("queue: " + got + ", exit " + child.exitCode());
        }
        System.out.println("CONSUMER OK single-file pids=" + child.pid());
    }

    static void check(List<Invoice> invoices, String what) {
        if (!invoices.equals(List.of(new Invoice(1, 20), new Invoice(2, 40)))) {
            throw new AssertionError(what + ": " + invoices);
        }
    }
}
