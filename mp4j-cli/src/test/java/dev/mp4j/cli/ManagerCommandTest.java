package dev.mp4j.cli;

import dev.mp4j.connection.Address;
import dev.mp4j.manager.Manager;
import dev.mp4j.manager.SharedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManagerCommandTest {
    @TempDir
    Path dir;

    private record Outcome(int exitCode, String err) {
    }

    private static Outcome execute(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int code = cli.execute(args);
        return new Outcome(code, err.toString());
    }

    private Path keyFile(String content, String permissions) throws Exception {
        Path file = dir.resolve("key-" + permissions);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void refusesMissingEmptyShortAndWorldReadableAuthkeyFiles() throws Exception {
        Outcome missing = execute("manager", "serve", "--port", "0", "--authkey-file", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");

        Outcome empty = execute("manager", "serve", "--port", "0", "--authkey-file", keyFile("", "rw-------").toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("is empty");

        Outcome shortKey = execute("manager", "serve", "--port", "0", "--authkey-file", keyFile("abc\n", "r--------").toString());
        assertThat(shortKey.exitCode()).isEqualTo(2);
        assertThat(shortKey.err()).contains("at least 16");

        Path open = keyFile("0123456789abcdef0123456789abcdef", "rw-r--r--");
        Outcome worldReadable = execute("manager", "serve", "--port", "0", "--authkey-file", open.toString());
        assertThat(worldReadable.exitCode()).isEqualTo(2);
        assertThat(worldReadable.err()).contains("chmod 600").doesNotContain("0123456789abcdef");

        Outcome noPort = execute("manager", "serve", "--authkey-file", open.toString());
        assertThat(noPort.exitCode()).isEqualTo(2);
    }

    @Test
    void servesClientsThatKnowTheKeyAndNeverLogsIt() throws Exception {
        String secret = "s3cret-key-for-the-manager-test-0123";
        Path file = keyFile(secret + "\n", "rw-------");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        PrintStream originalErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        AtomicReference<Thread> serving = new AtomicReference<>();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        try {
            Thread thread = Thread.ofPlatform().start(() -> exit.complete(
                    execute("manager", "serve", "--port", String.valueOf(port), "--authkey-file", file.toString()).exitCode()));
            serving.set(thread);
            Address address = Address.tcp("127.0.0.1", port);
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            AtomicReference<Manager> connected = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                connected.set(Manager.connect(address, key));
                return true;
            });
            try (Manager manager = connected.get()) {
                SharedMap<String, Integer> d = manager.dict();
                d.put("answer", 42);
                assertThat(d.get("answer")).isEqualTo(42);
            }
            thread.interrupt();
            assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        } finally {
            if (serving.get() != null) {
                serving.get().interrupt();
            }
            System.setErr(originalErr);
        }
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("127.0.0.1:" + port).doesNotContain(secret);
    }
}
