package dev.mp4j.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace joined to this host by a veth pair, made for one test and deleted on close:
 * the host side has {@code 10.213.N.1/30}, the namespace {@code 10.213.N.2/30} (N random and
 * unused here), so a process started with {@link #launcher()} reaches this host only over that
 * non-loopback link. Needs root and {@code ip} (iproute2); {@link #create} says why when it cannot.
 */
final class NetworkNamespace implements AutoCloseable {
    private final String name;
    private final String hostAddress;
    private final String namespaceAddress;

    private NetworkNamespace(String name, String hostAddress, String namespaceAddress) {
        this.name = name;
        this.hostAddress = hostAddress;
        this.namespaceAddress = namespaceAddress;
    }

    /** A new namespace, or why this machine does not allow one (the caller skips with that reason). */
    static NetworkNamespace create(List<String> whyNot) {
        if (!"root".equals(System.getProperty("user.name"))) {
            whyNot.add("needs root to create a network namespace (running as " + System.getProperty("user.name") + ")");
            return null;
        }
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        String name = "mp4j-" + suffix;
        int subnet = freeSubnet();
        String host = "10.213." + subnet + ".1";
        String inside = "10.213." + subnet + ".2";
        String hostSide = "mp4jh" + suffix;
        String nsSide = "mp4jn" + suffix;
        List<List<String>> steps = List.of(
                List.of("ip", "netns", "add", name),
                List.of("ip", "link", "add", hostSide, "type", "veth", "peer", "name", nsSide),
                List.of("ip", "link", "set", nsSide, "netns", name),
                List.of("ip", "addr", "add", host + "/30", "dev", hostSide),
                List.of("ip", "link", "set", hostSide, "up"),
                List.of("ip", "netns", "exec", name, "ip", "addr", "add", inside + "/30", "dev", nsSide),
                List.of("ip", "netns", "exec", name, "ip", "link", "set", nsSide, "up"),
                List.of("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up"));
        NetworkNamespace namespace = new NetworkNamespace(name, host, inside);
        for (List<String> step : steps) {
            String failure = run(step);
            if (failure != null) {
                namespace.close();
                run(List.of("ip", "link", "del", hostSide));
                whyNot.add("this machine does not allow a network namespace with a veth pair: '" + String.join(" ", step)
                        + "' failed: " + failure);
                return null;
            }
        }
        return namespace;
    }

    private static int freeSubnet() {
        String used = Optional.ofNullable(output(List.of("ip", "-4", "addr", "show"))).orElse("");
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(1, 255);
            if (!used.contains("10.213." + candidate + ".")) {
                return candidate;
            }
        }
        return ThreadLocalRandom.current().nextInt(1, 255);
    }

    /** Null when {@code command} succeeded, else what it said. */
    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "no answer within 20 s";
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + text;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String output(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(20, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** This host's address on the link (where the namespace reaches it). */
    String hostAddress() {
        return hostAddress;
    }

    /** The namespace's own address on the link. */
    String namespaceAddress() {
        return namespaceAddress;
    }

    /** The command prefix that runs a program inside the namespace. */
    String[] launcher() {
        return new String[] {"ip", "netns", "exec", name};
    }

    /** Deletes the namespace, and with it its end of the veth pair and so the pair. */
    @Override
    public void close() {
        run(new ArrayList<>(List.of("ip", "netns", "del", name)));
    }
}
