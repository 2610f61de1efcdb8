package dev.mp4j;

import com.example.app.Invoice;
import com.example.app.Order;
import dev.mp4j.connection.Pipe;
import dev.mp4j.manager.Manager;
import dev.mp4j.manager.SharedMap;
import dev.mp4j.pool.Pool;
import dev.mp4j.queue.Queue;
import org.apache.commons.collections.functors.InvokerTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an authenticated peer may send: the application's own classes with no configuration
 * (Python's trust in an unpickling peer), never a deny-listed class, and in strict mode only what
 * is allowed by name.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SerializationTrustTest {

    @AfterEach
    void trustingAgain() {
        Serialization.setStrict(false);
    }

    @Test
    void anApplicationsRecordsCrossPoolResultsQueuesPipesAndManagersWithNoConfiguration() throws Exception {
        assertThat(System.getProperty("mp4j.serialAllow")).isNull();
        List<Order> orders = List.of(new Order(1, "ada", 10), new Order(2, "grace", 20));
        try (Pool pool = Pool.create(2)) {
            assertThat(pool.map(Invoice::of, orders)).containsExactly(new Invoice(1, 20), new Invoice(2, 40));
            assertThat(pool.map(o -> new Invoice(o.id(), o.cents()), orders)).containsExactly(new Invoice(1, 10), new Invoice(2, 20));
        }
        Queue<Order> queue = Queue.create();
        Pipe pipe = Pipe.create(false);
        dev.mp4j.connection.Connection sender = pipe.second();
        Process child = Process.of(() -> {
            try {
                queue.put(new Order(3, "queued", 30));
                sender.send(new Invoice(4, 40));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        child.start();
        assertThat(queue.get(true, Duration.ofSeconds(60))).isEqualTo(new Order(3, "queued", 30));
        assertThat(pipe.first().recv()).isEqualTo(new Invoice(4, 40));
        assertThat(child.join(Duration.ofSeconds(60))).isTrue();
        assertThat(child.exitCode()).hasValue(0);
        queue.close();
        try (Manager manager = Manager.start()) {
            SharedMap<Integer, Order> dict = manager.dict();
            Process writer = Process.of(() -> dict.put(5, new Order(5, "managed", 50)));
            writer.start();
            assertThat(writer.join(Duration.ofSeconds(60))).isTrue();
            assertThat(dict.get(5)).isEqualTo(new Order(5, "managed", 50));
        }
    }

    @Test
    void strictModeRefusesAnApplicationClassUntilItIsAllowedAndSaysHow() throws Exception {
        Serialization.setStrict(true);
        Queue<Object> queue = Queue.create();
        try {
            Process child = Process.of(() -> {
                try {
                    queue.put(new Order(6, "strict", 60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            child.start();
            assertThat(child.join(Duration.ofSeconds(60))).isTrue();
            assertThatThrownBy(() -> queue.get(true, Duration.ofSeconds(30)))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("com.example.app.Order is not on mp4j's deserialization allow-list (strict mode is on)")
                    .hasMessageContaining("Serialization.allow(\"com.example.app.*\")")
                    .satisfies(e -> assertThat(((SerializationException) e).className()).hasValue("com.example.app.Order"));

            Serialization.allow("com.example.app.Order");
            Process again = Process.of(() -> {
                try {
                    queue.put(new Order(7, "allowed", 70));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            again.start();
            assertThat(queue.get(true, Duration.ofSeconds(60))).isEqualTo(new Order(7, "allowed", 70));
            assertThat(again.join(Duration.ofSeconds(60))).isTrue();
        } finally {
            queue.close();
        }
    }

    @Test
    void aUrlIsRefusedInEveryModeBeforeItCanResolveItsHost() throws Exception {
        Map<URL, String> urldns = new HashMap<>();
        urldns.put(URI.create("http://mp4j-urldns-probe.invalid/").toURL(), "probe");
        Pipe pipe = Pipe.create(false);
        try {
            pipe.second().send(urldns);
            assertThatThrownBy(() -> pipe.first().recv()).isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("java.net.URL is on mp4j's deserialization deny-list")
                    .hasMessageContaining("send a java.net.URI");
            pipe.second().send(Map.of(URI.create("http://example.invalid/"), "fine"));
            assertThat(pipe.first().recv()).isEqualTo(Map.of(URI.create("http://example.invalid/"), "fine"));
        } finally {
            pipe.first().close();
            pipe.second().close();
        }
    }

    @Test
    void aGadgetClassOnTheApplicationsClassPathIsRefusedEvenWhenTrusting() throws Exception {
        Pipe pipe = Pipe.create(false);
        try {
            pipe.second().send(new InvokerTransformer());
            assertThatThrownBy(() -> pipe.first().recv()).isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("org.apache.commons.collections.functors.InvokerTransformer is on mp4j's"
                            + " deserialization deny-list");
            assertThatThrownBy(() -> Serialization.allow("**")).isInstanceOf(IllegalArgumentException.class);
        } finally {
            pipe.first().close();
            pipe.second().close();
        }
    }

    @Test
    void aJdkClassOutsideTheDefaultPackagesNeedsAnAllowanceAndIsThenDecoded() throws Exception {
        // a JDK class no other test sends (the allowance below lasts for this JVM)
        java.security.GeneralSecurityException principal = new java.security.GeneralSecurityException("probe");
        Pipe pipe = Pipe.create(false);
        try {
            pipe.second().send(principal);
            assertThatThrownBy(() -> pipe.first().recv()).isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("java.security.GeneralSecurityException is a JDK class outside the packages mp4j"
                            + " decodes by default")
                    .hasMessageContaining("Serialization.allow(\"java.security.*\")");
            Serialization.allow(java.security.GeneralSecurityException.class);
            pipe.second().send(principal);
            assertThat(pipe.first().recv()).isInstanceOf(java.security.GeneralSecurityException.class)
                    .hasFieldOrPropertyWithValue("message", "probe");
        } finally {
            pipe.first().close();
            pipe.second().close();
        }
    }
}
