package dev.mp4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ManagerExamplesTest {

    @Test
    void communication3AddsInOneProcessAndSumsInAnother() throws Exception {
        MainRunner.Result result = MainRunner.run(Communication3.class, 120);
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().lines()).containsExactly(
                "Old sum is: 10",
                "New element added to records list",
                "New sum is: 15");
    }

    @Test
    void managerDictIsFilledByTenProcesses() throws Exception {
        MainRunner.Result result = MainRunner.run(ManagerDict.class, 120);
        assertThat(result.exitCode()).isZero();
        var lines = result.stdout().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("Manager process pid: \\d+");
        long pid = Long.parseLong(lines.get(0).substring("Manager process pid: ".length()));
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
        Map<Integer, Integer> printed = new HashMap<>();
        Matcher entry = Pattern.compile("(\\d+)=(\\d+)").matcher(lines.get(1));
        while (entry.find()) {
            printed.put(Integer.parseInt(entry.group(1)), Integer.parseInt(entry.group(2)));
        }
        Map<Integer, Integer> expected = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            expected.put(i, i * 2);
        }
        assertThat(printed).isEqualTo(expected);
        assertThat(lines.get(1)).startsWith("{").endsWith("}");
    }
}
