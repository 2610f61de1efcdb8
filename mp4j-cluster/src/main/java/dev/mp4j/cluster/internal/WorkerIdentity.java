package dev.mp4j.cluster.internal;

/** This JVM's name in the cluster: {@code host/pid}, the host as the kernel names it (never resolved: see {@code Hosts}). */
public final class WorkerIdentity {
    private static final String ID = dev.mp4j.internal.observe.Hosts.local() + "/" + ProcessHandle.current().pid();

    private WorkerIdentity() {
    }

    public static String id() {
        return ID;
    }
}
