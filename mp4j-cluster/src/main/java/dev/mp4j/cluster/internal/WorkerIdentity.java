package dev.mp4j.cluster.internal;

import java.net.InetAddress;

/** This JVM's name in the cluster: {@code host/pid}. */
public final class WorkerIdentity {
    private static final String ID = host() + "/" + ProcessHandle.current().pid();

    private WorkerIdentity() {
    }

    public static String id() {
        return ID;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }
}
