package dev.mp4j.cluster;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-machine helper the lab uses: a throwaway redis-server that really serves and really goes away. */
class LocalRedisTest {
    @Test
    void startsAServerThatTheClusterUsesAndKillsItOnClose() {
        String address;
        try (LocalRedis redis = LocalRedis.start(); Cluster cluster = Cluster.connect(redis.address())) {
            address = redis.address();
            assertThat(address).startsWith("redis://127.0.0.1:");
            cluster.value("answer", 42);
            assertThat(cluster.value("answer", 0).get()).isEqualTo(42);
        }
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            }
        }).isInstanceOf(java.io.IOException.class);
    }
}
