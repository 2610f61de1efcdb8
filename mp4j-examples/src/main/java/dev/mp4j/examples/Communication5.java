package dev.mp4j.examples;

import dev.mp4j.Process;
import dev.mp4j.connection.Connection;
import dev.mp4j.connection.Pipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Seed 000, communication5.py: a sender process and a receiver process on the two ends of a Pipe.
 * The seed's sleeps (1 s per message, 2 s before receiving) follow {@link SeedSleep}.
 */
public final class Communication5 {
    private Communication5() {
    }

    static void sender(Connection conn, List<String> msgs) throws IOException {
        for (String msg : msgs) {
            SeedSleep.seconds(1);
            conn.send(msg);
            System.out.println("Sent the message: " + msg);
        }
        conn.close();
    }

    static void receiver(Connection conn) throws IOException {
        SeedSleep.seconds(2);
        while (true) {
            Object msg = conn.recv();
            if (msg.equals("END")) {
                break;
            }
            System.out.println("Received the message: " + msg);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> msgs = List.of("hello,", "how", "are you?", "END");
        Pipe pipe = Pipe.create();
        Connection parentConn = pipe.first();
        Connection childConn = pipe.second();
        Process p1 = Process.of(() -> {
            try {
                sender(parentConn, msgs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Process p2 = Process.of(() -> {
            try {
                receiver(childConn);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        p1.start();
        p2.start();
        p1.join();
        p2.join();
    }
}
