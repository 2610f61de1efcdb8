package dev.mp4j.internal.observe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * This machine's name, as the kernel has it, read once and never resolved.
 *
 * <p>{@code InetAddress.getLocalHost()} resolves the name through the system's resolver (DNS, NSS):
 * on a machine whose name is not in {@code /etc/hosts} and whose DNS is slow or unreachable, it
 * waits for seconds, and it did so inside a pool's {@code close()} (the first worker that exited
 * asked for the name under the pool's lock). On Linux the name is read from
 * {@code /proc/sys/kernel/hostname} (what {@code gethostname} returns); elsewhere from
 * {@code InetAddress}. Thread-safe: two threads reading it first read the same name.
 */
public final class Hosts {
    private static volatile String local;

    private Hosts() {
    }

    public static String local() {
        String name = local;
        if (name == null) {
            name = kernelName();
            local = name;
        }
        return name;
    }

    private static String kernelName() {
        try (java.io.FileInputStream in = new java.io.FileInputStream("/proc/sys/kernel/hostname")) {
            String name = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException e) {
            // not Linux: ask the JDK
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
