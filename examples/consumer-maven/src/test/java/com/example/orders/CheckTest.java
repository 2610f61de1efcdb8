package com.example.orders;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The same checks from JUnit under Surefire (its class path is a manifest-only booter jar). */
class CheckTest {
    @Test
    void everyCheckPassesUnderSurefire() throws Exception {
        var pids = Check.run();
        assertFalse(pids.isEmpty());
        System.out.println(Check.report("surefire", pids));
    }
}
