package dev.mp4j.internal.shm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Linux futexes on 32-bit words of shared mappings, through an FFM downcall to libc's
 * {@code syscall}: the kernel's sleep/wake primitive for words that several processes map.
 *
 * <p>Operations are process-shared ({@code FUTEX_PRIVATE_FLAG} is never set), so a waiter in one
 * JVM is woken by a {@link #wake} in another JVM that maps the same file. A wait returns on a
 * wake, on a timeout, on a signal, or at once when the word no longer holds the expected value;
 * callers always re-check their condition in a loop. A blocked thread does not spin.
 *
 * <p>The kernel does not see Java interrupts: callers wait in bounded slices and check
 * {@link Thread#interrupted()} between slices. A virtual thread never enters the kernel here (that
 * would pin its carrier, and a few blocked virtual threads could starve the rest): its waits are
 * parks of at most 1 ms, after which the caller re-checks its condition as after any wake-up.
 */
public final class Futex {
    private static final long SYS_FUTEX = 202;
    private static final long FUTEX_WAIT = 0;
    private static final long FUTEX_WAKE = 1;
    private static final long VIRTUAL_POLL_NANOS = 1_000_000L;
    private static final MethodHandle SYSCALL;
    private static final ThreadLocal<MemorySegment> TIMESPEC =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(16, 8));

    static {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new ExceptionInInitializerError("mp4j shared-memory synchronization needs Linux on x86-64 (futex"
                    + " syscall 202); this JVM runs on " + os + "/" + arch);
        }
        Linker linker = Linker.nativeLinker();
        MemorySegment syscall = linker.defaultLookup().find("syscall")
                .orElseThrow(() -> new ExceptionInInitializerError("libc has no 'syscall' symbol"));
        ValueLayout.OfLong word = ValueLayout.JAVA_LONG;
        SYSCALL = linker.downcallHandle(syscall,
                FunctionDescriptor.of(word, word, word, word, word, word, word, word),
                Linker.Option.firstVariadicArg(1));
    }

    private Futex() {
    }

    /**
     * Sleeps while the int at {@code offset} of {@code segment} equals {@code expected}, at most
     * {@code timeoutNanos} (non-positive: return at once).
     */
    public static void wait(MemorySegment segment, long offset, int expected, long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return;
        }
        if (Thread.currentThread().isVirtual()) {
            // A system call would pin the carrier thread: poll instead, releasing the carrier.
            LockSupport.parkNanos(Math.min(timeoutNanos, VIRTUAL_POLL_NANOS));
            return;
        }
        MemorySegment timespec = TIMESPEC.get();
        timespec.set(ValueLayout.JAVA_LONG, 0, timeoutNanos / 1_000_000_000L);
        timespec.set(ValueLayout.JAVA_LONG, 8, timeoutNanos % 1_000_000_000L);
        try {
            long result = (long) SYSCALL.invokeExact(SYS_FUTEX, address(segment, offset), FUTEX_WAIT,
                    (long) expected, timespec.address(), 0L, 0L);
            assert result >= -1;
        } catch (Throwable e) {
            throw new IllegalStateException("futex wait failed: " + e, e);
        }
    }

    /** {@link #wait(MemorySegment, long, int, long)} with a {@link Duration}. */
    public static void wait(MemorySegment segment, long offset, int expected, Duration timeout) {
        wait(segment, offset, expected, timeout.toNanos());
    }

    /** Wakes at most {@code count} waiters sleeping on the int at {@code offset}. */
    public static void wake(MemorySegment segment, long offset, int count) {
        try {
            long result = (long) SYSCALL.invokeExact(SYS_FUTEX, address(segment, offset), FUTEX_WAKE,
                    (long) count, 0L, 0L, 0L);
            assert result >= -1;
        } catch (Throwable e) {
            throw new IllegalStateException("futex wake failed: " + e, e);
        }
    }

    private static long address(MemorySegment segment, long offset) {
        if ((offset & 3) != 0 || offset < 0 || offset + 4 > segment.byteSize()) {
            throw new IllegalArgumentException("futex word at offset " + offset + " is not an aligned int of the segment");
        }
        return segment.address() + offset;
    }
}
