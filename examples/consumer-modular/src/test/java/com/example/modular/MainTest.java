package com.example.modular;

import org.junit.jupiter.api.Test;

import java.io.Serializable;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Under Surefire with useModulePath true, this class is patched into the module com.example.modular. */
class MainTest {
    record Parcel(int grams) implements Serializable {
    }

    @Test
    void theModulesChecksPassAndATestsOwnLambdaRunsInAWorker() throws Exception {
        var pids = Main.check();
        try (var pool = dev.mp4j.pool.Pool.create(1)) {
            assertEquals(List.of(new Parcel(2000)), pool.map(p -> new Parcel(p.grams() * 2), List.of(new Parcel(1000))));
        }
        StringBuilder text = new StringBuilder();
        for (long pid : pids) {
            text.append(text.isEmpty() ? "" : ",").append(pid);
        }
        System.out.println("CONSUMER OK " + System.getProperty("consumer.launcher", "surefire-module-path") + " pids=" + text);
    }
}
