package dev.mp4j.cluster;

import dev.mp4j.Engine;
import dev.mp4j.pool.Pool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worker JVMs in their own network namespace, joined to this host by a veth pair: they reach
 * Redis only over a non-loopback address, as workers on other machines do, and serve a map whose
 * every result arrives exactly once. Skipped, with the reason, where the machine does not allow a
 * network namespace (not root, no iproute2, a container without CAP_NET_ADMIN).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterScaleOutTest {
    private static final String PASSWORD = "scale-out-secret";

    @Test
    void workersInAnotherNetworkNamespaceServeAMapOverANonLoopbackAddress() throws Exception {
        List<String> whyNot = new ArrayList<>();
        NetworkNamespace namespace = NetworkNamespace.create(whyNot);
        Assumptions.assumeTrue(namespace != null, () -> String.join("; ", whyNot));
        try (namespace;
             RedisServer redis = RedisServer.start(PASSWORD, namespace.hostAddress())) {
            String address = "redis://:" + PASSWORD + "@" + namespace.hostAddress() + ":" + redis.port();
            try (LocalWorkers workers = LocalWorkers.builder(address).jvms(2).workersPerJvm(1)
                    .launcher(namespace.launcher()).classPath(TestClassPath.full()).start();
                 Pool pool = Pool.builder().engine(Engine.CLUSTER).redis(address).processes(2).build()) {
                String ourNetwork = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
                for (long pid : workers.pids()) {
                    assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString())
                            .as("worker %d's network namespace", pid).isNotEqualTo(ourNetwork);
                }
                List<Long> ran = pool.map(x -> ProcessHandle.current().pid(), IntStream.range(0, 2_000).boxed().toList(), 1);
                assertThat(ran).hasSize(2_000);
                assertThat(new HashSet<>(ran)).isSubsetOf(new HashSet<>(workers.pids()));
                List<Integer> squares = pool.map(x -> x * x, IntStream.range(0, 2_000).boxed().toList(), 1);
                assertThat(squares).isEqualTo(IntStream.range(0, 2_000).map(x -> x * x).boxed().toList());
                assertThat(clientList(redis.port())).as("the workers' connections come over the veth link")
                        .contains("addr=" + namespace.namespaceAddress() + ":");
            }
        }
    }

    private static String clientList(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write(("AUTH " + PASSWORD + "\r\nCLIENT LIST\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    reply.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
                }
            } catch (java.net.SocketTimeoutException enough) {
                // the whole list has arrived
            }
            return reply.toString();
        }
    }
}
