package dev.mp4j.examples;

import dev.mp4j.connection.Connection;
import dev.mp4j.connection.Pipe;

import java.io.IOException;

/**
 * Seed 002 (course week 7), "Differences with threading": {@code multiprocessing.Pipe} for two-way
 * communication; what one end sends, the other receives.
 */
public final class DifferencesWithThreading {
    private DifferencesWithThreading() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Pipe pipe = Pipe.create();
        Connection parentConn = pipe.first();
        Connection childConn = pipe.second();
        childConn.send("foo");
        System.out.println(parentConn.recv());
    }
}
