package dev.mp4j.internal.manager;

/**
 * Frames between a manager client and its server, after the authkey handshake.
 *
 * <pre>
 * client → server HELLO    [string client JVM token]
 * server → client HELLO    [string server id]
 * client → server REQUEST  [long object id][string method signature][long thread id][int argc][argc codec values]
 * client → server WATCHED_REQUEST [int heartbeat millis][the REQUEST payload]
 * server → client HEARTBEAT (empty; every heartbeat millis while a WATCHED_REQUEST runs)
 * server → client RESULT   [codec value]
 * server → client ERROR    [codec ErrorReply]
 * </pre>
 *
 * A client with a call timeout sends WATCHED_REQUESTs: the heartbeats tell a call that blocks in a
 * live server from a server that is stopped or frozen.
 *
 * Object id 0 is the manager itself (create, incref, decref, pid, shutdown, objectCount).
 */
final class Protocol {
    static final int HELLO = 0x30;
    static final int REQUEST = 0x31;
    static final int RESULT = 0x32;
    static final int ERROR = 0x33;
    static final int WATCHED_REQUEST = 0x34;
    static final int HEARTBEAT = 0x35;
    static final long MANAGER_ID = 0;

    static final String CREATE = "create";
    static final String INCREF = "incref";
    static final String DECREF = "decref";
    static final String PID = "pid";
    static final String SHUTDOWN = "shutdown";
    static final String OBJECT_COUNT = "objectCount";
    static final String SNAPSHOT = "snapshot()";

    private Protocol() {
    }
}
