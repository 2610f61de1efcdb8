package dev.mp4j.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A machine whose own name does not resolve (not in {@code /etc/hosts}, DNS silent): a program's
 * pool works and closes. mp4j names the host in its statistics and failure records; it used to
 * resolve the name with {@code InetAddress.getLocalHost()}, under the pool's lock, when the first
 * worker exited, so {@code close()} waited for the resolver.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UnresolvableHostTest {
    @TempDir
    Path services;

    @Test
    void aPoolWorksAndClosesWhenTheMachinesNameNeverResolves() throws Exception {
        Path file = services.resolve("META-INF/services/java.net.spi.InetAddressResolverProvider");
        Files.createDirectories(file.getParent());
        Files.writeString(file, HangingResolverProvider.class.getName() + "\n");
        String output = dev.mp4j.testing.JavaProgram.run(UnresolvableHostCheck.class,
                services + java.io.File.pathSeparator + dev.mp4j.testing.JavaProgram.classPath(), List.of(), Map.of());
        assertThat(output).contains("the failing task failed the map", "apply returned 42", "pool closed",
                "name look-ups hang");
    }
}
