package dev.mp4j.internal.process;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A listening debug agent in the options children inherit gets a port of its own and does not suspend. */
class InheritedJvmOptionsTest {
    @Test
    void aListeningAgentListensOnAPortOfItsOwnWithoutSuspending() {
        assertThat(InheritedJvmOptions.rewrite("-agentlib:jdwp=transport=dt_socket,server=y,suspend=y,address=*:5005"))
                .isEqualTo("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:0");
        assertThat(InheritedJvmOptions.rewrite("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"))
                .as("suspend=y is the agent's default").isEqualTo("-agentlib:jdwp=transport=dt_socket,server=y,address=0,suspend=n");
        assertThat(InheritedJvmOptions.rewrite("-Xmx1g -Xrunjdwp:transport=dt_socket,server=y,suspend=n,address=127.0.0.1:8000  -Dx=1"))
                .isEqualTo("-Xmx1g -Xrunjdwp:transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0  -Dx=1");
        assertThat(InheritedJvmOptions.rewrite("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=[::1]:5005"))
                .endsWith("address=[::1]:0");
    }

    @Test
    void everythingElseIsPassedOnUnchanged() {
        String connectsOut = "-agentlib:jdwp=transport=dt_socket,server=n,address=ide-host:5005";
        assertThat(InheritedJvmOptions.rewrite(connectsOut)).as("an agent that connects to a listening debugger").isEqualTo(connectsOut);
        assertThat(InheritedJvmOptions.rewrite("-javaagent:/opt/otel.jar -Xss2m")).isEqualTo("-javaagent:/opt/otel.jar -Xss2m");
        assertThat(InheritedJvmOptions.rewrite("")).isEmpty();
    }

    @Test
    void onlyTheVariablesThatChangeAreGivenToAChild() {
        Map<String, String> environment = Map.of(
                "JAVA_TOOL_OPTIONS", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=5005",
                "JDK_JAVA_OPTIONS", "-Xss2m",
                "PATH", "/usr/bin");
        assertThat(InheritedJvmOptions.forChild(environment::get))
                .containsExactly(Map.entry("JAVA_TOOL_OPTIONS", "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=0"));
        assertThat(InheritedJvmOptions.forChild(Map.of("PATH", "/usr/bin")::get)).isEmpty();
    }
}
