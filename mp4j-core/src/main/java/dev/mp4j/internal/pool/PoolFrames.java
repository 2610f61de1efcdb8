package dev.mp4j.internal.pool;

import dev.mp4j.internal.process.FrameTypes;

/** Frame types of the pool protocol, after the POOL_WORKER frame that starts it. */
final class PoolFrames {
    /** parent → worker: [int functionId][codec: ValueList(classes...)][function bytes]. */
    static final int FUNCTION = FrameTypes.ROLE_BASE;
    /** parent → worker: [long jobId][int functionId][byte kind][codec: ValueList items, for MAP/STARMAP]. */
    static final int TASK = FrameTypes.ROLE_BASE + 1;
    /** worker → parent: [long jobId][byte 0][codec: ValueList results] or [long jobId][byte 1][codec: RemoteFailure]. */
    static final int RESULT = FrameTypes.ROLE_BASE + 2;
    /** worker → parent: the initializer ran. */
    static final int INIT_OK = FrameTypes.ROLE_BASE + 3;
    /** worker → parent: [codec: RemoteFailure] the initializer threw; the worker exits. */
    static final int INIT_FAILED = FrameTypes.ROLE_BASE + 4;
    /** parent → worker: [WireRecord: strings] what to record from now on ({@code ChildRecordings.Spec}; empty: stop). */
    static final int RECORD = FrameTypes.ROLE_BASE + 5;

    static final int OK = 0;
    static final int FAILED = 1;

    private PoolFrames() {
    }
}
