package dev.mp4j.internal.observe;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboards that pools of this JVM asked for ({@code Pool.builder().dashboard(port)}): one per
 * port, showing every live pool of this JVM, shared by the pools that named the port and stopped
 * when the last of them ends. Port 0 always starts a dashboard of its own. Thread-safe.
 */
public final class Dashboards {
    private static final Map<Integer, Shared> byPort = new HashMap<>();

    private Dashboards() {
    }

    /** A pool's use of a dashboard. */
    public interface Lease {
        URI uri();

        /** The pool ended: the dashboard stops when no other pool uses it. Idempotent. */
        void release();
    }

    private static final class Shared {
        final Dashboard dashboard;
        int users;

        Shared(Dashboard dashboard) {
            this.dashboard = dashboard;
        }
    }

    public static synchronized Lease acquire(int port) {
        Shared shared = port == 0 ? null : byPort.get(port);
        if (shared == null) {
            shared = new Shared(Dashboard.start(Dashboard.loopback(port), "mp4j pools of pid " + dev.mp4j.internal.runtime.Pids.self(),
                    PoolRegistry::stats, null));
            if (port != 0) {
                byPort.put(port, shared);
            }
        }
        shared.users++;
        Shared used = shared;
        return new Lease() {
            private boolean released;

            @Override
            public URI uri() {
                return used.dashboard.uri();
            }

            @Override
            public void release() {
                synchronized (Dashboards.class) {
                    if (released) {
                        return;
                    }
                    released = true;
                    if (--used.users == 0) {
                        byPort.values().remove(used);
                        used.dashboard.close();
                    }
                }
            }
        };
    }
}
