package dev.mp4j.internal.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Whether one call (an {@code apply}, a whole {@code map}, one chunk of an {@code imap}) may still
 * be cancelled. PENDING until a worker takes one of its jobs (STARTED), or CANCELLED when it is
 * cancelled first; concurrent.futures' rule: a call that has started cannot be cancelled, it
 * delivers its result. {@link #abort()} is for the pool itself (the input of a {@code map} failed):
 * it stops the call's jobs that no worker has taken, started or not.
 *
 * <p>A worker takes a job only after {@link #tryStart()} returned true, so a cancelled call never
 * runs. Lock-free; all transitions are atomic on one volatile field.
 */
public final class CallTicket {
    private static final int PENDING = 0;
    private static final int STARTED = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(CallTicket.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through STATE
    private volatile int state;

    /** True when a worker may run a job of this call: it was pending (now started) or had started. */
    public boolean tryStart() {
        int current = state;
        return current == STARTED || (current == PENDING && (STATE.compareAndSet(this, PENDING, STARTED) || state == STARTED));
    }

    /** True when the call is cancelled: it was pending, or had been cancelled already. */
    public boolean cancel() {
        return STATE.compareAndSet(this, PENDING, CANCELLED) || state == CANCELLED;
    }

    /** Stops the jobs of this call that no worker has taken yet, whatever its state. */
    public void abort() {
        state = CANCELLED;
    }

    /** True once a worker has taken one of the call's jobs (and it was not aborted since). */
    public boolean isStarted() {
        return state == STARTED;
    }
}
