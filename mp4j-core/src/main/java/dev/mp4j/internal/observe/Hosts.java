package dev.mp4j.internal.observe;

/** This machine's name, looked up once. */
public final class Hosts {
    private static volatile String local;

    private Hosts() {
    }

    public static String local() {
        String name = local;
        if (name == null) {
            try {
                name = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                name = "localhost";
            }
            local = name;
        }
        return name;
    }
}
