package dev.mp4j.manager;

import dev.mp4j.Engine;
import dev.mp4j.Multiprocessing;
import dev.mp4j.Process;
import dev.mp4j.connection.Address;
import dev.mp4j.queue.Queue;
import dev.mp4j.sync.Children;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Managers as Python's: methods returning proxies, a pool in the server, wait_for, independent clients. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagerParityTest {

    public interface Tree {
        Node root();

        int size();
    }

    public interface Node {
        String name();

        Node child(String name);

        int children();
    }

    /** Lives only in the server: not serializable, so only a proxy can reach it. */
    public static final class TreeImpl {
        private final NodeImpl root = new NodeImpl("root");

        public NodeImpl root() {
            return root;
        }

        public synchronized int size() {
            return root.count();
        }
    }

    public static final class NodeImpl {
        private final String name;
        private final List<NodeImpl> children = new ArrayList<>();

        NodeImpl(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public synchronized NodeImpl child(String childName) {
            for (NodeImpl c : children) {
                if (c.name.equals(childName)) {
                    return c;
                }
            }
            NodeImpl created = new NodeImpl(childName);
            children.add(created);
            return created;
        }

        public synchronized int children() {
            return children.size();
        }

        synchronized int count() {
            int n = 1;
            for (NodeImpl c : children) {
                n += c.count();
            }
            return n;
        }
    }

    private static Manager.Builder withTree(Engine engine) {
        return Manager.builder().engine(engine)
                .register("Tree", TreeImpl::new, Set.of("root", "size"), Map.of("root", "Node"))
                .registerReturnedType("Node", Set.of("name", "child", "children"), Map.of("child", "Node"));
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void methodsReturnProxiesOfObjectsThatStayInTheServer(Engine engine) throws InterruptedException {
        try (Manager manager = withTree(engine).start()) {
            Tree tree = manager.create("Tree", Tree.class);
            Node root = tree.root();
            assertThat(root.name()).isEqualTo("root");
            Node a = root.child("a");
            a.child("a1");
            try (Children children = new Children()) {
                children.start(engine, () -> root.child("b").child("b1").child("b2")); // the proxy travels
                children.joinAllSucceeded(Duration.ofSeconds(60));
            }
            assertThat(root.children()).isEqualTo(2);
            assertThat(root.child("b").child("b1").children()).isEqualTo(1);
            assertThat(tree.size()).isEqualTo(6);
            assertThatThrownBy(() -> manager.create("Node", Node.class)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("only returned by methods");
        }
    }

    @Test
    void aMethodToTypeidNamingAnUnknownTypeOrAnUnexposedMethodIsRefused() {
        assertThatThrownBy(() -> Manager.builder().engine(Engine.THREADS)
                .register("Tree", TreeImpl::new, Set.of("root"), Map.of("root", "Nope")).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'Nope', which is not registered");
        assertThatThrownBy(() -> Manager.builder().register("Tree", TreeImpl::new, Set.of("size"), Map.of("root", "Node")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not expose it");
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void aPoolInTheManagerServesEveryProcessThatHoldsItsProxy(Engine engine) throws Exception {
        try (Manager manager = Manager.builder().engine(engine).start()) {
            SharedPool pool = manager.pool(2, Engine.PROCESSES);
            assertThat(pool.processes()).isEqualTo(2);
            assertThat(pool.map(x -> x * x, List.of(1, 2, 3, 4))).containsExactly(1, 4, 9, 16);
            assertThat(pool.<Long>apply(() -> ProcessHandle.current().pid())).isNotEqualTo(ProcessHandle.current().pid());
            SharedAsyncResult<Integer> answer = pool.applyAsync(() -> 6 * 7);
            assertThat(answer.get(Duration.ofSeconds(60))).isEqualTo(42);
            assertThat(answer.ready()).isTrue();
            assertThat(answer.successful()).isTrue();
            SharedAsyncResult<List<Integer>> lengths = pool.mapAsync(String::length, List.of("a", "bb", "ccc"));
            assertThat(lengths.await(Duration.ofSeconds(60))).isTrue();
            assertThat(lengths.get()).containsExactly(1, 2, 3);
            Iterator<Integer> doubled = pool.imap(x -> x * 2, List.of(5, 6, 7));
            List<Integer> seen = new ArrayList<>();
            doubled.forEachRemaining(seen::add);
            assertThat(seen).containsExactly(10, 12, 14);
            SharedAsyncResult<Integer> failing = pool.applyAsync(() -> {
                throw new IllegalStateException("boom in the pool");
            });
            assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class).hasMessageContaining("boom in the pool");
            assertThat(failing.successful()).isFalse();
            Queue<Integer> fromChild = Queue.create();
            try (Children children = new Children()) {
                children.start(engine, () -> fromChild.add(pool.apply(() -> 99)));
                children.joinAllSucceeded(Duration.ofSeconds(60));
            }
            assertThat(fromChild.take()).isEqualTo(99);
            pool.close();
            pool.join();
            assertThatThrownBy(() -> pool.apply(() -> 1)).isInstanceOf(RuntimeException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void awaitForOnAManagerConditionRunsThePredicateHereAndTimesOut(Engine engine) throws Exception {
        try (Manager manager = Manager.builder().engine(Engine.THREADS).start()) {
            SharedCondition condition = manager.condition();
            SharedValue<Integer> items = manager.value(0);
            try (Children children = new Children()) {
                children.start(engine, () -> {
                    for (int i = 0; i < 3; i++) {
                        condition.lock();
                        try {
                            items.set(items.get() + 1);
                            condition.signalAll();
                        } finally {
                            condition.unlock();
                        }
                    }
                });
                condition.lock();
                try {
                    assertThat(condition.awaitFor(() -> items.get() == 3, Duration.ofSeconds(60))).isTrue();
                    assertThat(condition.awaitFor(() -> items.get() == 4, Duration.ofMillis(100))).isFalse();
                } finally {
                    condition.unlock();
                }
                children.joinAllSucceeded(Duration.ofSeconds(60));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Engine.class, names = {"THREADS", "PROCESSES"})
    void twoConnectedClientsInOneJvmAreIndependent(Engine engine) {
        try (Manager server = Manager.builder().engine(engine).start()) {
            Address address = server.address();
            Manager first = Manager.connect(address, server.authkey());
            Manager second = Manager.connect(address, server.authkey());
            SharedList<String> fromFirst = first.list();
            SharedMap<String, Integer> fromSecond = second.dict();
            fromFirst.add("a");
            first.close();
            fromSecond.put("still", 1); // the other client's proxies keep working
            fromFirst.add("b");         // and so do the closed one's: the server still runs
            assertThat(fromFirst).containsExactly("a", "b");
            assertThat(second.list(List.of("x"))).containsExactly("x");
            assertThatThrownBy(first::list).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            second.close();
            assertThat(fromSecond.get("still")).isEqualTo(1);
        }
    }

    /** A child reaches its parent's manager by address alone: managers default to the inherited authkey. */
    @Test
    void aChildConnectsByAddressWithTheInheritedAuthkey() throws InterruptedException {
        try (Manager manager = Manager.builder().engine(Engine.THREADS).start()) {
            assertThat(manager.authkey()).isEqualTo(Multiprocessing.authkey());
            SharedList<Long> pids = manager.list();
            Address address = manager.address();
            Process child = Process.of(() -> {
                try (Manager mine = Manager.connect(address)) {
                    mine.list(); // reachable
                }
                pids.add(ProcessHandle.current().pid());
            });
            child.start();
            assertThat(child.join(Duration.ofSeconds(60))).isTrue();
            assertThat(child.exitCode()).hasValue(0);
            assertThat(pids).containsExactly(child.pid());
        }
        try (Manager onTcp = Manager.builder().engine(Engine.THREADS).address(Address.tcp("127.0.0.1", 0)).start()) {
            assertThat(onTcp.authkey()).as("the process authkey never goes to a TCP manager's proxies")
                    .isNotEqualTo(Multiprocessing.authkey()).hasSize(32);
        }
    }
}
