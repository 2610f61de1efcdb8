package dev.mp4j.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A program debugged through {@code JAVA_TOOL_OPTIONS} (a listening JDWP agent on a fixed port,
 * which every JVM started from its environment inherits): its pools and processes work, each child
 * listening for a debugger on a port of its own. Every child used to fail its start ("bind failed:
 * Address already in use") and the pool broke.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DebuggedProgramTest {
    private static final Pattern LISTENING = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");

    @Test
    void poolsAndProcessesWorkInAProgramWhoseEnvironmentGivesEveryJvmADebugAgent() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String output = dev.mp4j.testing.JavaProgram.run(DebuggedProgramCheck.class, List.of(),
                Map.of("JAVA_TOOL_OPTIONS", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + port));
        assertThat(output).contains("map returned [2, 4, 6]", "process exited 0").doesNotContain("Address already in use");
        List<Integer> ports = LISTENING.matcher(output).results().map(m -> Integer.parseInt(m.group(1))).toList();
        Set<Integer> childPorts = ports.stream().filter(p -> p != port).collect(Collectors.toSet());
        assertThat(ports).as(output).contains(port);
        assertThat(childPorts).as("children listen for a debugger, each on a port of its own: %s", output).hasSizeGreaterThanOrEqualTo(2);
    }
}
