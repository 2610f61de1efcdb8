package dev.mp4j.internal.process;

import dev.mp4j.ProcessStartException;
import dev.mp4j.internal.codec.BytesOutput;
import dev.mp4j.internal.transport.FrameChannel;
import dev.mp4j.internal.transport.PipePairChannel;
import dev.mp4j.pool.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Pool workers connect over a pair of named pipes: the connection works and leaves no pipe behind,
 * a child that dies before opening its pipes fails its start without leaving a thread blocked in
 * {@code open}, a peer without the spawn token is refused, and the control socket is bound only
 * when pipes are turned off.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FifoPairTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Not the default spec, so that no spare is handed out instead of a child started for the test. */
    private static ProcessEngine.LaunchSpec ownSpec() {
        return ProcessEngine.get().spec(List.of("-Dmp4j.test.fifo=true"), null);
    }

    private static void awaitStock() {
        FifoPair.refill();
        await().atMost(WAIT).until(() -> FifoPair.stockSize() > 0);
    }

    private static boolean connectorAlive(long pid) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("mp4j-pipes-" + pid) && t.isAlive());
    }

    @Test
    void aWorkerConnectsOverItsPipesWhichAreThenRemoved() throws Exception {
        awaitStock();
        ChildJvm child = ProcessEngine.get().acquire(ownSpec(), true);
        try {
            FifoPair pipes = child.pipes();
            assertThat(pipes).as("a connecting child gets pipes from the stock").isNotNull();
            FrameChannel channel = child.channel(WAIT);
            assertThat(channel.channel()).isInstanceOf(PipePairChannel.class);
            assertThat(pipes.down()).doesNotExist();
            assertThat(pipes.up()).doesNotExist();
            await().atMost(WAIT).until(() -> !connectorAlive(child.pid()));
        } finally {
            child.kill();
        }
        assertThat(child.waitFor(WAIT)).isTrue();
    }

    @Test
    void aChildKilledBeforeItOpensItsPipesFailsItsStartAndNoThreadStaysBlocked() throws Exception {
        awaitStock();
        ChildJvm child = ProcessEngine.get().acquire(ownSpec(), true);
        FifoPair pipes = child.pipes();
        assertThat(pipes).isNotNull();
        child.kill(); // long before its JVM reaches main
        long start = System.nanoTime();
        assertThatThrownBy(() -> child.channel(WAIT)).isInstanceOf(ProcessStartException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        await().atMost(WAIT).until(() -> !connectorAlive(child.pid()));
        assertThat(pipes.down()).doesNotExist();
        assertThat(pipes.up()).doesNotExist();
    }

    @Test
    void aPeerWithoutTheSpawnTokenIsRefusedAndTheChildStopped() throws Exception {
        awaitStock();
        java.lang.Process sleeper = new ProcessBuilder("sleep", "60").start();
        ChildJvm child = new ChildJvm(sleeper, "the-right-token", false);
        FifoPair pipes = FifoPair.take("the-right-token");
        assertThat(pipes).isNotNull();
        child.pipes(pipes);
        pipes.connectInBackground(child);
        try (var up = new FileOutputStream(pipes.up().toFile()).getChannel();
             var down = new FileInputStream(pipes.down().toFile()).getChannel()) {
            FrameChannel stranger = new FrameChannel(new PipePairChannel(down, up));
            BytesOutput hello = new BytesOutput(64);
            hello.writeString("a-guessed-token");
            hello.writeLong(ProcessHandle.current().pid());
            stranger.send(FrameTypes.HELLO, hello.toByteArray());
            assertThatThrownBy(() -> child.channel(WAIT)).isInstanceOf(ProcessStartException.class);
            assertThat(sleeper.waitFor(30, TimeUnit.SECONDS)).as("the child is stopped").isTrue();
        } finally {
            sleeper.destroyForcibly();
        }
        await().atMost(WAIT).until(() -> !connectorAlive(sleeper.pid()));
    }

    @Test
    void aPeerWithTheSpawnTokenGetsATwoWayChannel() throws Exception {
        awaitStock();
        java.lang.Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            ChildJvm child = new ChildJvm(sleeper, "token-42", false);
            FifoPair pipes = FifoPair.take("token-42");
            child.pipes(pipes);
            pipes.connectInBackground(child);
            try (var up = new FileOutputStream(pipes.up().toFile()).getChannel();
                 var down = new FileInputStream(pipes.down().toFile()).getChannel()) {
                FrameChannel childSide = new FrameChannel(new PipePairChannel(down, up));
                BytesOutput hello = new BytesOutput(64);
                hello.writeString("token-42");
                hello.writeLong(sleeper.pid());
                childSide.send(FrameTypes.HELLO, hello.toByteArray());
                FrameChannel parentSide = child.channel(WAIT);
                parentSide.send(FrameTypes.ROLE_BASE, "down".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(childSide.receive().payload(), StandardCharsets.UTF_8)).isEqualTo("down");
                childSide.send(FrameTypes.ROLE_BASE, "up".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(parentSide.receive().payload(), StandardCharsets.UTF_8)).isEqualTo("up");
                parentSide.shutdownOutput();
                assertThatThrownBy(childSide::receive).as("end of stream after a half-close")
                        .isInstanceOf(java.io.EOFException.class);
                parentSide.close();
            }
        } finally {
            sleeper.destroyForcibly();
        }
    }

    /** Runs two pools, the second one's workers connecting over pipes, or over the socket when turned off. */
    public static final class TwoPools {
        public static void main(String[] args) {
            for (int round = 0; round < 2; round++) {
                try (Pool pool = Pool.create(2)) {
                    List<Integer> out = pool.map(x -> x * 3, IntStream.range(0, 500).boxed().toList(), 1);
                    if (out.get(499) != 1497) {
                        throw new AssertionError("wrong result " + out.get(499));
                    }
                }
            }
            boolean bound = java.nio.file.Files.exists(dev.mp4j.internal.runtime.RunDirectory.path().resolve("control.sock"));
            System.out.println("pools ok, control socket " + (bound ? "bound" : "absent"));
        }
    }

    /**
     * Pool workers connect over pipes from the first one on, so the control socket is never bound
     * (nor the JDK's security providers started for it); with pipes turned off they connect over
     * the socket.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"fifo, absent", "socket, bound"})
    void theControlSocketIsBoundOnlyForWorkersThatUseIt(String transport, String socket) throws Exception {
        java.lang.Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dmp4j.childTransport=" + transport, "-cp",
                System.getProperty("java.class.path"), TwoPools.class.getName()).redirectErrorStream(true).start();
        try {
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(output).isZero();
            assertThat(output).contains("pools ok, control socket " + socket);
        } finally {
            run.destroyForcibly();
        }
    }
}
