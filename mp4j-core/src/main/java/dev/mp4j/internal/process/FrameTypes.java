package dev.mp4j.internal.process;

/** Frame types on the control connection between a parent and a child JVM. */
public final class FrameTypes {
    /** child → parent, right after authentication: spawn token and pid. */
    public static final int HELLO = 1;
    /** parent → child: run one {@code Process} target, then exit. */
    public static final int RUN_PROCESS = 2;
    /** parent → child: become a pool worker (the pool's own frames follow). */
    public static final int POOL_WORKER = 3;
    /** First type number free for a role's own protocol. */
    public static final int ROLE_BASE = 16;

    private FrameTypes() {
    }
}
