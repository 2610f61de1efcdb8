package dev.mp4j.internal.manager;

/**
 * Frames between a manager client and its server, after the authkey handshake.
 *
 * <pre>
 * client → server HELLO    [string client JVM token]
 * server → client HELLO    [string server id]
 * client → server REQUEST  [long object id][string method signature][long thread id][int argc][argc codec values]
 * server → client RESULT   [codec value]
 * server → client ERROR    [codec ErrorReply]
 * </pre>
 *
 * Object id 0 is the manager itself (create, incref, decref, pid, shutdown, objectCount).
 */
final class Protocol {
    static final int HELLO = 0x30;
    static final int REQUEST = 0x31;
    static final int RESULT = 0x32;
    static final int ERROR = 0x33;
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
